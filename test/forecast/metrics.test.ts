import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  binomialTwoSidedP,
  dieboldMariano,
  directionalAccuracy,
  erfc,
  mae,
  mase,
  normalCdf,
  rmse,
  seasonalNaiveScale,
} from '../../src/forecast/metrics';

test('MAE and RMSE of errors (1, −2, 3)', () => {
  const y = [1, 2, 3],
    f = [0, 4, 0];
  assert.equal(mae(y, f), 2);
  assert.ok(Math.abs(rmse(y, f) - Math.sqrt(14 / 3)) < 1e-15);
});

test('MASE divides by the in-sample seasonal naive MAE', () => {
  // m = 2 on [1, 3, 2, 6]: |2 − 1| and |6 − 3| → Q = 2
  assert.equal(seasonalNaiveScale([1, 3, 2, 6, 100], 2, 4), 2);
  assert.equal(mase([1, 2, 3], [0, 4, 0], 2), 1);
  assert.throws(() => mase([1], [1], 0), /scale Q must be positive/);
});

test('binomial test: P(K ≤ 1 or K ≥ 9) for n = 10 is 22/1024', () => {
  assert.ok(Math.abs(binomialTwoSidedP(9, 10) - 22 / 1024) < 1e-15);
  assert.ok(Math.abs(binomialTwoSidedP(1, 10) - 22 / 1024) < 1e-15);
  assert.equal(binomialTwoSidedP(5, 10), 1);
  assert.ok(Math.abs(binomialTwoSidedP(0, 3) - 2 / 8) < 1e-15);
});

test('directional accuracy counts sign agreement of the changes, skipping zero actual changes', () => {
  const base = [10, 10, 10, 10],
    y = [11, 9, 10, 12],
    f = [10.5, 10.5, 11, 10];
  const d = directionalAccuracy(y, f, base);
  // point 1 hit, 2 miss, 3 skipped (no change), 4 miss (a forecast of no change)
  assert.deepEqual({ hits: d.hits, n: d.n }, { hits: 1, n: 3 });
  assert.ok(Math.abs(d.pValue - 1) < 1e-15); // |1 − 1.5| = 0.5: every outcome is as far
});

test('erfc and Φ against known values', () => {
  assert.ok(Math.abs(normalCdf(1.959963984540054) - 0.975) < 1e-13);
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-15);
  assert.ok(Math.abs(erfc(3) - 2.209049699858544e-5) < 1e-18);
  assert.ok(Math.abs(erfc(1) - 0.157299207050285) < 1e-14);
});

test('Diebold–Mariano by hand: d = (1, 3) repeated, h = 1', () => {
  // e1² − e2²: e1 = (√2, 2), e2 = (1, 1) → d = (1, 3, 1, 3): mean 2, γ0 = 1, DM = 2/√(1/4) = 4,
  // HLN factor √((4 + 1 − 2 + 0)/4) = √(3/4)
  const e1 = [Math.SQRT2, 2, Math.SQRT2, 2],
    e2 = [1, 1, 1, 1];
  const r = dieboldMariano(e1, e2, 1);
  assert.ok(Math.abs(r.meanDifference - 2) < 1e-12);
  assert.ok(Math.abs(r.statistic - 4 * Math.sqrt(3 / 4)) < 1e-12);
  assert.ok(Math.abs(r.pValue - 2 * normalCdf(-4 * Math.sqrt(3 / 4))) < 1e-15);
  // swapping the forecasts flips the sign, not the p-value
  const s = dieboldMariano(e2, e1, 1);
  assert.ok(Math.abs(s.statistic + r.statistic) < 1e-12 && Math.abs(s.pValue - r.pValue) < 1e-15);
});

test('Diebold–Mariano with h = 2 adds 2γ̂_1 to the variance', () => {
  const e1 = [1, 2, 2, 3, 3],
    e2 = [0, 0, 0, 0, 0];
  // d = (1, 4, 4, 9, 9): mean 5.4, positively autocorrelated, so γ̂_1 > 0
  const d = e1.map((e) => e * e),
    n = 5,
    mean = d.reduce((a, b) => a + b) / n;
  const g = (k: number): number => d.slice(k).reduce((s, v, i) => s + (v - mean) * (d[i]! - mean), 0) / n;
  assert.ok(g(1) > 0);
  const dm = mean / Math.sqrt((g(0) + 2 * g(1)) / n);
  const expected = dm * Math.sqrt((n + 1 - 4 + 2 / n) / n);
  assert.ok(Math.abs(dieboldMariano(e1, e2, 2).statistic - expected) < 1e-12);
});
