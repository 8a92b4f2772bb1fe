import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headForward, headLossAndGradients, regressionLoss } from '../../src/forecast/head';
import { engineHeadError, forecastChecks, headGradientError } from '../../src/forecast/checks';
import { listChecks } from '../../src/checks/registry';

test('the head and both losses on a hand-sized case', () => {
  // H = [[1, 2]], W_y = [[3], [−1]], b_y = [0.5] → ŷ = 3 − 2 + 0.5 = 1.5; y = 0.5 → e = 1
  const p = { W_y: Float64Array.from([3, -1]), b_y: Float64Array.from([0.5]), numHiddens: 2, numOutputs: 1 };
  const H = Float64Array.from([1, 2]),
    Y = Float64Array.from([0.5]);
  assert.deepEqual(Array.from(headForward(p, H)), [1.5]);
  const mse = headLossAndGradients(p, H, Y, 'mse');
  assert.equal(mse.J, 1);
  assert.deepEqual(Array.from(mse.grads.W_y), [2, 4]); // Hᵀ · 2e
  assert.deepEqual(Array.from(mse.grads.b_y), [2]);
  assert.deepEqual(Array.from(mse.grads.H), [6, -2]); // 2e · W_yᵀ
  const maeG = headLossAndGradients(p, H, Y, 'mae');
  assert.equal(maeG.J, 1);
  assert.deepEqual(Array.from(maeG.grads.W_y), [1, 2]);
  assert.equal(regressionLoss('mae', [1, 2], [2, 2]), 0.5);
});

test('the head gradients agree with central differences (float64), both losses', () => {
  for (const loss of ['mse', 'mae'] as const) {
    for (const seed of [1, 2, 3]) assert.ok(headGradientError(loss, seed) < 1e-6, `${loss} seed ${seed}`);
  }
});

test('the engine head agrees with the float64 reference, and the checks are registered', () => {
  for (const loss of ['mse', 'mae'] as const) assert.ok(engineHeadError(loss) < 1e-5, loss);
  assert.equal(forecastChecks.length, 4);
  assert.equal(listChecks('forecast/').length, 4);
});
