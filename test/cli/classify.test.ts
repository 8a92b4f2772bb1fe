import { test } from 'node:test';
import assert from 'node:assert/strict';

import { runRnnlab } from './run';
const rnnlab = (...args: string[]) => runRnnlab(['classify', ...args], { RNNLAB_PROFILE: 'ci' });

test('rnnlab classify --json --cv (ci profile): scores, confusion, baseline and CV as one JSON object on stdout', () => {
  const r = rnnlab('--json', '--cv', '--model', 'gru', '--seed', '3');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    model: string;
    accuracy: number;
    f1: number;
    baseline: number;
    confusion: number[][];
    testSize: number;
    cv: { k: number; accuracy: number; folds: number[]; baseline: number };
    seed: number;
  };
  assert.equal(out.model, 'gru');
  assert.equal(out.seed, 3);
  for (const v of [out.accuracy, out.f1, out.baseline, out.cv.accuracy, out.cv.baseline])
    assert.ok(v >= 0 && v <= 1, `score ${v}`);
  const [[tn, fp], [fn, tp]] = out.confusion as [[number, number], [number, number]];
  assert.equal(tn + fp + fn + tp, out.testSize);
  assert.ok(Math.abs(out.accuracy - (tn + tp) / out.testSize) < 1e-4);
  assert.equal(out.cv.folds.length, out.cv.k);
  assert.match(r.stderr, /epoch 1\/1/); // progress goes to stderr
});

test('rnnlab classify rejects a bad --model and --epochs, naming the value', () => {
  const bad = rnnlab('--model', 'transformer');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--model must be one of lstm, gru, bilstm; got 'transformer'/);
  const epochs = rnnlab('--epochs', '1.5');
  assert.equal(epochs.status, 2);
  assert.match(epochs.stderr, /--epochs must be a whole number in \[1, 1000\]; got '1\.5'/);
});
