import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nonOverlappingWindows, randomTokenWindows, splitTrainValidation } from '../../src/data/windows';
import { perplexity } from '../../src/metrics/perplexity';
import { Rng } from '../../src/tensor/rng';

test('random token windows pair each input with the next token', () => {
  const ids = Int32Array.from({ length: 50 }, (_, i) => i);
  const { X, Y } = randomTokenWindows(ids, 3, 5, new Rng(2));
  assert.equal(X.length, 15);
  for (let i = 0; i < 15; i++) assert.equal(Y[i], X[i]! + 1);
  for (let b = 0; b < 3; b++) for (let t = 1; t < 5; t++) assert.equal(X[b * 5 + t], X[b * 5]! + t);
  assert.throws(() => randomTokenWindows(ids, 1, 60, new Rng(1)), /50 tokens are too few for windows of 60/);
});

test('non-overlapping windows tile the text; the split keeps order', () => {
  assert.deepEqual(nonOverlappingWindows(11, 5), [0, 5]);
  assert.deepEqual(nonOverlappingWindows(10, 5), [0]);
  const { train, validation } = splitTrainValidation(Int32Array.from({ length: 10 }, (_, i) => i), 0.9);
  assert.deepEqual([Array.from(train), Array.from(validation)], [[0, 1, 2, 3, 4, 5, 6, 7, 8], [9]]);
  assert.throws(() => splitTrainValidation(new Int32Array(3), 1), /fraction must be in \(0, 1\), got 1/);
});

test('perplexity of a uniform guess over V symbols is V', () => {
  assert.ok(Math.abs(perplexity(Math.log(65)) - 65) < 1e-9);
  assert.throws(() => perplexity(Number.NaN), /finite number ≥ 0, got NaN/);
});
