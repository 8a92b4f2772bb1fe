import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runRnnlab } from './run';

const rnnlab = (...a: string[]) => runRnnlab(a);

test('rnnlab digits names the bad value and exits 2', () => {
  const cases: [string[], RegExp][] = [
    [['digits', '--activation', 'sigmoid'], /--activation must be one of relu, tanh; got 'sigmoid'/],
    [['digits', '--epochs', '0'], /--epochs must be a whole number in \[1, 1000\]; got '0'/],
    [
      ['digits', '--train-images', '4000'],
      /--train-images must be a whole number in \[1, 3823\]; got '4000'/,
    ],
    [['digits', 'extra'], /unexpected argument 'extra'/],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('rnnlab digits --json reports the accuracy and the state norms of a small run', () => {
  const r = rnnlab('digits', '--activation', 'relu', '--epochs', '1', '--train-images', '64', '--json');
  assert.equal(r.status, 0, r.stderr);
  const d = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(d.activation, 'relu');
  assert.equal(d.trainImages, 64);
  assert.equal((d.cNorm as number[]).length, 8);
  assert.equal((d.cNormLong as number[]).length, 64);
  assert.ok(!('model' in d), 'no model in the JSON');
  assert.match(r.stderr, /digits: epoch 1\/1 loss/);
});
