import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitScaler, scale, unscale } from '../../src/forecast/scaling';

test('fitScaler uses the training part only: mean and population std of x[0, end)', () => {
  const x = [1, 2, 3, 4, 100];
  const s = fitScaler(x, 4);
  assert.equal(s.mean, 2.5);
  assert.ok(Math.abs(s.std - Math.sqrt((1.5 ** 2 + 0.5 ** 2 + 0.5 ** 2 + 1.5 ** 2) / 4)) < 1e-15);
  assert.equal(scale(s, 2.5), 0);
  assert.ok(Math.abs(unscale(s, scale(s, 100)) - 100) < 1e-12);
  // The whole series gives other statistics: the 100 of the "test part" leaks in.
  assert.equal(fitScaler(x).mean, 22);
});

test('fitScaler: a constant part gets σ = 1; an empty part is an error', () => {
  assert.deepEqual(fitScaler([3, 3, 3]), { mean: 3, std: 1 });
  assert.throws(() => fitScaler([1, 2], 0), /part \[0, 0\) is empty/);
});
