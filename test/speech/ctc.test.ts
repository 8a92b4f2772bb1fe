import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  collapse,
  ctcBruteForce,
  ctcLoss,
  extendLabels,
  logSoftmaxRows,
  minFrames,
} from '../../src/speech/ctc';
import {
  ctcAlphaBetaError,
  ctcGradientError,
  ctcVsBruteForceError,
  randomLogits,
} from '../../src/speech/checks';

test('B(π) merges repeats then drops blanks; l′ interleaves blanks', () => {
  assert.deepEqual(collapse([0, 1, 1, 0, 1, 2, 2, 0]), [1, 1, 2]);
  assert.deepEqual(Array.from(extendLabels([3, 5], 0)), [0, 3, 0, 5, 0]);
  assert.equal(minFrames([1, 1, 2, 2, 2]), 5 + 3);
});

test('a hand case: T = 2, K = 2, l = (1): p = y₀(1)y₁(1) + y₀(1)y₁(0) + y₀(0)y₁(1)', () => {
  const u = [0.3, -0.2, 1.1, 0.4],
    y = Array.from(logSoftmaxRows(u, 2, 2), Math.exp);
  const p = y[1]! * y[3]! + y[1]! * y[2]! + y[0]! * y[3]!;
  assert.ok(Math.abs(ctcLoss(u, 2, 2, [1]).loss + Math.log(p)) < 1e-14);
});

test('the forward recursion equals the sum over all alignments; α·β gives p at every frame; the gradient matches central differences', () => {
  assert.ok(ctcVsBruteForceError() < 1e-12);
  assert.ok(ctcAlphaBetaError() < 1e-12);
  assert.ok(ctcGradientError() < 1e-7);
});

test('log-probabilities in give the same loss and gradient as logits (log-softmax is idempotent); the blank may be elsewhere', () => {
  const u = randomLogits(6, 4, 3),
    a = ctcLoss(u, 6, 4, [1, 2, 2]),
    b = ctcLoss(logSoftmaxRows(u, 6, 4), 6, 4, [1, 2, 2]);
  assert.ok(Math.abs(a.loss - b.loss) < 1e-12);
  a.grad.forEach((g, i) => assert.ok(Math.abs(g - b.grad[i]!) < 1e-12));
  // blank 3: relabel symbols 0 ↔ 3 and the loss is unchanged
  const swapped = Float64Array.from(u, (_, i) => {
    const t = Math.floor(i / 4),
      k = i % 4;
    return u[t * 4 + (k === 0 ? 3 : k === 3 ? 0 : k)]!;
  });
  assert.ok(Math.abs(ctcLoss(swapped, 6, 4, [1, 2, 2], { blank: 3 }).loss - a.loss) < 1e-12);
  assert.ok(Math.abs(ctcBruteForce(swapped, 6, 4, [1, 2, 2], 3) - Math.exp(-a.loss)) < 1e-12);
});

test("every frame's gradient sums to zero over the symbols (Σ_k y_t(k) = Σ_k γ_t(k) = 1)", () => {
  const r = ctcLoss(randomLogits(7, 5, 9), 7, 5, [4, 1, 4]);
  for (let t = 0; t < 7; t++)
    assert.ok(Math.abs(r.grad.slice(t * 5, t * 5 + 5).reduce((a, b) => a + b)) < 1e-12);
});

test('errors name the bad label, blank or length', () => {
  assert.throws(
    () => ctcLoss(randomLogits(3, 3, 1), 3, 3, [0]),
    /labels\[0\] = 0 must be a symbol in \[0, 3\) other than the blank 0/,
  );
  assert.throws(
    () => ctcLoss(randomLogits(3, 3, 1), 3, 3, [1, 1, 2]),
    /3 frames cannot emit 3 labels \[1, 1, 2\] \(at least 4 needed\)/,
  );
  assert.throws(
    () => ctcLoss(randomLogits(3, 3, 1), 3, 3, [1], { blank: 3 }),
    /blank must be an index in \[0, 3\); got 3/,
  );
});
