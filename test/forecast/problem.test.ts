import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fitProblemScaling,
  type ForecastProblem,
  originExtra,
  recursiveForecast,
  reference,
  targetValue,
} from '../../src/forecast/problem';
import { naiveForecast, seasonalNaiveForecast } from '../../src/forecast/baselines';

const series = (y: number[], period: number, inputs: 'level' | 'difference'): ForecastProblem => ({
  name: 'toy',
  dates: y.map((_, i) => `2000-01-${String(i + 1).padStart(2, '0')}`),
  y: Float64Array.from(y),
  period,
  inputs,
  logPrice: false,
});

test('the reference is the seasonal naive forecast; z is the scaled departure from it', () => {
  const p = series([1, 2, 3, 4, 5, 6, 7, 8], 3, 'level');
  const get = (i: number): number => p.y[i]!;
  assert.equal(reference(get, 5, 1, 3), 4); // y_{6−3}
  assert.equal(reference(get, 5, 4, 3), 4); // y_{9−6}
  const s = fitProblemScaling(p, 8);
  assert.equal(s.targetStd, 1); // every y_j − y_{j−3} is 3: constant → σ = 1
  assert.equal(targetValue(p, s, 5, 1), (7 - 4) / 1);
  assert.equal(originExtra(p, 2), 1); // m = 3 needs one value before a look-back of 2
});

test('recursive forecasting with ẑ = 0 reproduces the seasonal naive and the naive forecasts', () => {
  const y = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
  for (const m of [1, 3]) {
    const p = series(y, m, 'level'),
      s = fitProblemScaling(p, 8);
    const F = recursiveForecast(p, s, [6, 8], 2, 4, (gets) => gets.map(() => 0));
    const expected =
      m === 1
        ? [6, 8].map((t) => naiveForecast(y, t, 4))
        : [6, 8].map((t) => seasonalNaiveForecast(y, t, 4, m));
    assert.deepEqual(
      Array.from(F),
      expected.flatMap((f) => Array.from(f)),
      `m = ${m}`,
    );
  }
});

test('recursive forecasting feeds its own predictions back', () => {
  // m = 1 and ẑ = 1/σ each step: the forecast climbs by 1 a step, and step k sees k−1 predictions
  const p = series([0, 1, 2, 3, 4, 5, 6, 7], 1, 'level'),
    s = fitProblemScaling(p, 8);
  const seen: number[] = [];
  const F = recursiveForecast(p, s, [4], 2, 3, (gets, at) => {
    seen.push(gets[0]!(at[0]!));
    return [1 / s.targetStd];
  });
  assert.deepEqual(Array.from(F), [5, 6, 7]);
  assert.deepEqual(seen, [4, 5, 6]);
});

test('fitProblemScaling reads the training part only: values after `end` change nothing', () => {
  const a = series([1, 2, 4, 7, 11, 16, 22, 29], 1, 'difference');
  const b = series([1, 2, 4, 7, 11, 1000, -50, 3], 1, 'difference');
  const sa = fitProblemScaling(a, 5),
    sb = fitProblemScaling(b, 5);
  assert.deepEqual(sa, sb);
  // differences in [0, 5): 1, 2, 3, 4 → mean 2.5, population std √1.25; σ of y_j − y_{j−1} likewise
  assert.equal(sa.input.mean, 2.5);
  assert.ok(Math.abs(sa.input.std - Math.sqrt(1.25)) < 1e-15);
  assert.ok(Math.abs(sa.targetStd - Math.sqrt(1.25)) < 1e-15);
});
