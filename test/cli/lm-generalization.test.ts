import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRnnlab } from './run';
import { generalizationCommand, runGeneralization } from '../../src/lm/generalization';

test('rnnlab lm --dropout/--variational/--train-chars/--eval-every name the bad value and exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['lm', '--dropout', '1'], /--dropout must be a number in \[0, 0\.99\]; got '1'/],
    [['lm', '--variational'], /--variational needs a --dropout above 0/],
    [
      ['lm', '--model', 'gru', '--dropout', '0.2', '--variational'],
      /--variational runs with --model lstm on --backend engine only; got --model gru --backend engine/,
    ],
    [
      ['lm', '--model', 'transformer', '--dropout', '0.2'],
      /--dropout does not apply with --model transformer/,
    ],
    [['lm', '--train-chars', '1'], /--train-chars must be a whole number in \[2, 1000000000\]; got '1'/],
    [['lm', '--eval-every', '0'], /--eval-every must be a whole number in \[1, 1000000000\]; got '0'/],
  ];
  for (const [args, message] of cases) {
    const r = runRnnlab(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test("a table row's command reproduces the library's run (same validation loss, best step, sparsity)", async () => {
  const o = {
    corpus: 'timemachine' as const,
    trainTokens: 600,
    numHiddens: 8,
    numSteps: 16,
    maxSteps: 4,
    evalEvery: 2,
    seed: 1,
    threads: 1,
    dropout: 0.3,
    variational: true,
  };
  const lib = await runGeneralization({ ...o, backend: 'engine' });
  const args = generalizationCommand(o).split(' ').slice(1); // without 'rnnlab'
  const r = runRnnlab([...args, '--sample-length', '0']);
  assert.equal(r.status, 0, r.stderr);
  const cli = JSON.parse(r.stdout) as Record<string, number>;
  for (const k of ['valLoss', 'bestValLoss', 'bestStep', 'trainEvalLoss', 'sparsity'] as const)
    assert.equal(cli[k], lib[k], k);
});
