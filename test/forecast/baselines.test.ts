import { test } from 'node:test';
import assert from 'node:assert/strict';
import { driftForecast, naiveForecast, seasonalNaiveForecast } from '../../src/forecast/baselines';

const y = [5, 7, 6, 9, 8, 10, 12];

test('naive repeats the last value', () => {
  assert.deepEqual(Array.from(naiveForecast(y, 4, 3)), [8, 8, 8]);
});

test('seasonal naive repeats the last season: ŷ_{t+h} = y_{t+h−m⌈h/m⌉}', () => {
  // m = 3, origin t = 5 (value 10): h = 1 → y_3 = 9, h = 2 → y_4 = 8, h = 3 → y_5 = 10, h = 4 → y_3 = 9
  assert.deepEqual(Array.from(seasonalNaiveForecast(y, 5, 4, 3)), [9, 8, 10, 9]);
  assert.deepEqual(Array.from(seasonalNaiveForecast(y, 5, 2, 1)), [10, 10]); // m = 1 is naive
  assert.throws(() => seasonalNaiveForecast(y, 1, 2, 3), /origin 1 must be an integer in \[2, 7\)/);
});

test('drift continues the line through y_0 and y_t', () => {
  // slope (y_6 − y_0)/6 = (12 − 5)/6
  const s = 7 / 6;
  const f = driftForecast(y, 6, 2);
  assert.ok(Math.abs(f[0]! - (12 + s)) < 1e-12 && Math.abs(f[1]! - (12 + 2 * s)) < 1e-12);
});
