import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRnnlab } from './run';
import { LM_PROTOCOL } from '../../src/lm/protocol';

const rnnlab = (...a: string[]) => runRnnlab(a);

test('rnnlab lm --optimizer/--lr/--weight-decay/--decoupled/--l1 name the bad value and exit 2', () => {
  const cases: [string[], RegExp][] = [
    [
      ['lm', '--optimizer', 'lbfgs'],
      /--optimizer must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam; got 'lbfgs'/,
    ],
    [['lm', '--lr', '0'], /--lr must be a number in \[1e-12, 1000\]; got '0'/],
    [['lm', '--lr', 'fast'], /--lr must be a number in \[1e-12, 1000\]; got 'fast'/],
    [['lm', '--weight-decay', '-0.1'], /--weight-decay must be a number in \[0, 1000\]; got '-0\.1'/],
    [['lm', '--l1', '1e'], /--l1 must be a number in \[0, 1000\]; got '1e'/],
    [['lm', '--decoupled'], /--decoupled does not apply without a --weight-decay above 0/],
    [['lm', '--decoupled', '--weight-decay', '0'], /--decoupled does not apply without a --weight-decay/],
    [
      ['lm', '--model', 'transformer', '--optimizer', 'sgd'],
      /--model transformer trains with --optimizer adam only; got 'sgd'/,
    ],
    [['lm', '--model', 'transformer', '--l1', '0.1'], /--l1 does not apply with --model transformer/],
    [
      ['lm', '--backend', 'tfjs', '--optimizer', 'rmsprop'],
      /--optimizer rmsprop runs on --backend engine only/,
    ],
    [
      ['lm', '--backend', 'tfjs', '--weight-decay', '0.1'],
      /--weight-decay does not apply with --backend tfjs/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /lm lstm|validation over/, `${args.join(' ')}: refused before training`);
  }
});

/** A small run's JSON. */
function small(...extra: string[]): Record<string, unknown> {
  const r = rnnlab(
    'lm',
    '--corpus',
    'timemachine',
    '--steps',
    '3',
    '--hidden',
    '16',
    '--context',
    '8',
    '--sample-length',
    '0',
    '--threads',
    '1',
    '--json',
    ...extra,
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

test('rnnlab lm reports the optimizer, its default learning rate and the penalties it trained with', () => {
  const d = small('--optimizer', 'nesterov');
  assert.equal(d.optimizer, 'nesterov');
  assert.equal(d.lr, LM_PROTOCOL.optimizerLr.nesterov);
  assert.equal(d.weightDecay, 0);
  const w = small(
    '--optimizer',
    'adam',
    '--lr',
    '0.01',
    '--weight-decay',
    '0.1',
    '--decoupled',
    '--l1',
    '1e-4',
  );
  assert.deepEqual([w.optimizer, w.lr, w.weightDecay, w.decoupled, w.l1], ['adam', 0.01, 0.1, true, 1e-4]);
  // the same seed and batches: decoupled decay and L2 in the loss train to different weights
  const l2 = small('--optimizer', 'adam', '--lr', '0.01', '--weight-decay', '0.1', '--l1', '1e-4');
  assert.equal(l2.decoupled, false);
  assert.notEqual(l2.valLoss, w.valLoss);
});
