import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLinearForecaster, linearForecasts } from '../../src/forecast/autoregression';
import { arForecast, fitAR } from '../../src/forecast/linear';
import { fitProblemScaling, type ForecastProblem } from '../../src/forecast/problem';
import { windowOrigins } from '../../src/forecast/windows';
import { Rng } from '../../src/tensor/rng';

test('the AR fit on scaled departures is the textbook AR(p) on y (a reparametrisation)', () => {
  const rng = new Rng(7),
    y = [0, 0, 0];
  for (let t = 2; t < 300; t++) y.push(0.5 + 0.6 * y[t]! - 0.3 * y[t - 1]! + 0.1 * y[t - 2]! + rng.normal());
  const p: ForecastProblem = {
    name: 'ar',
    dates: y.map(() => '2000-01-01'),
    y: Float64Array.from(y),
    period: 1,
    inputs: 'level',
    logPrice: false,
  };
  const end = 250,
    L = 3,
    s = fitProblemScaling(p, end);
  // the same one-step training rows as fitAR(y, 3, end): origins t = 2 … end − 2
  const f = fitLinearForecaster(p, s, windowOrigins(0, end, L, 1), L, false);
  const coef = fitAR(y, L, end);
  const origins = [260, 270, 280];
  const ours = linearForecasts(f, p, s, origins, 5);
  const textbook = origins.flatMap((t) => Array.from(arForecast(coef, y, t, 5)));
  ours.forEach((v, i) => assert.ok(Math.abs(v - textbook[i]!) < 1e-6, `${v} vs ${textbook[i]}`));
});
