import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arForecast, choleskySolve, fitAR, leastSquares } from '../../src/forecast/linear';

test('least squares recovers an exact line y = 2 + 3x', () => {
  const xs = [0, 1, 2, 3, 4];
  const X = Float64Array.from(xs.flatMap((x) => [1, x])),
    y = Float64Array.from(xs.map((x) => 2 + 3 * x));
  const b = leastSquares(X, y, 2);
  assert.ok(Math.abs(b[0]! - 2) < 1e-6 && Math.abs(b[1]! - 3) < 1e-6, `β = ${b}`);
});

test('least squares by hand: the mean of y for an intercept alone', () => {
  const b = leastSquares(Float64Array.from([1, 1, 1]), Float64Array.from([1, 2, 6]), 1, { ridge: 0 });
  assert.ok(Math.abs(b[0]! - 3) < 1e-12);
});

test('Cholesky solve of [[4, 2], [2, 3]] x = [2, 1]: x = [1/2, 0]', () => {
  const x = choleskySolve(Float64Array.from([4, 2, 2, 3]), Float64Array.from([2, 1]), 2);
  assert.ok(Math.abs(x[0]! - 0.5) < 1e-15 && Math.abs(x[1]!) < 1e-15);
  assert.throws(
    () => choleskySolve(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2),
    /not positive definite/,
  );
});

test('AR(2) recovers y_{t+1} = 1 + 0.5 y_t − 0.2 y_{t−1} from a noiseless path, and forecasts it', () => {
  // a damped transient from (10, −5): its lags are not collinear while it lasts
  const y = [10, -5];
  for (let t = 1; t < 20; t++) y.push(1 + 0.5 * y[t]! - 0.2 * y[t - 1]!);
  const c = fitAR(y, 2, 12);
  assert.ok(
    Math.abs(c[0]! - 1) < 1e-6 && Math.abs(c[1]! - 0.5) < 1e-6 && Math.abs(c[2]! + 0.2) < 1e-6,
    `coef ${c}`,
  );
  const f = arForecast(c, y, 11, 3); // from y_10, y_11: ŷ_12, ŷ_13, ŷ_14 (each fed back)
  for (let h = 0; h < 3; h++) assert.ok(Math.abs(f[h]! - y[12 + h]!) < 1e-5, `h ${h + 1}`);
});
