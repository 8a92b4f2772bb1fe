import { test } from 'node:test';
import assert from 'node:assert/strict';
import { headForward, headLossAndGradients, mseLoss, regressionLoss } from '../../src/nn';
import { numericGradient, relativeError } from '../../src/checks';

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
    const H = Float64Array.from([0.3, -1.2, 0.7, 2.1, -0.4, 0.9]); // [3 rows, 2 hidden]
    const p = {
      W_y: Float64Array.from([0.5, -0.2, 1.1, 0.8]),
      b_y: Float64Array.from([0.1, -0.3]),
      numHiddens: 2,
      numOutputs: 2,
    };
    const Y = Float64Array.from([1, -1, 0.5, 2, -0.7, 0]);
    const J = (): number => regressionLoss(loss, headForward(p, H), Y);
    const { grads } = headLossAndGradients(p, H, Y, loss);
    assert.ok(relativeError(grads.W_y, numericGradient(J, p.W_y)) < 1e-7, `${loss} W_y`);
    assert.ok(relativeError(grads.b_y, numericGradient(J, p.b_y)) < 1e-7, `${loss} b_y`);
    assert.ok(relativeError(grads.H, numericGradient(J, H)) < 1e-7, `${loss} H`);
  }
});

test("the MSE here is 2/k times the document's J = 1/(2m) Σ (h − y)² (k outputs a row)", () => {
  const h = Float64Array.from([1, 2, 3, 4, 5, 6]),
    y = Float64Array.from([0, 2, 5, 4, 4, 9]); // m = 3, k = 2
  assert.ok(Math.abs(regressionLoss('mse', h, y) - (2 / 2) * mseLoss(h, y, 3).loss) < 1e-15);
});
