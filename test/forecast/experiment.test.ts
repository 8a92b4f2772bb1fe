import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runForecast, setupExperiment } from '../../src/forecast/experiment';
import { loadProblem } from '../../src/forecast/series';
import { mae, seasonalNaiveScale } from '../../src/forecast/metrics';

test('births, linear: baselines scored on the test part, MASE = MAE / Q, dates inside the test part', () => {
  const p = loadProblem('births');
  const r = runForecast(undefined, { problem: p, series: 'births', model: 'linear', horizon: 7 });
  const setup = setupExperiment(p, 28, 7);
  const Q = seasonalNaiveScale(p.y, 7, setup.split.trainEnd);
  assert.ok(Math.abs(r.maseScale - Q) < 1e-12);
  // the seasonal naive's 7-step forecast is y_t: recompute its MAE by hand
  const t = r.forecasts.origins;
  const byHand = mae(
    t.map((o) => p.y[o + 7]!),
    t.map((o) => p.y[o]!),
  );
  assert.ok(Math.abs(r.baselines.seasonalNaive.mae - byHand) < 1e-9);
  assert.ok(Math.abs(r.baselines.seasonalNaive.mase - byHand / Q) < 1e-12);
  assert.ok(r.testStart >= p.dates[setup.split.validationEnd]!);
  assert.equal(r.testEnd, '1988-12-31');
  assert.equal(r.maeByHorizon.length, 7);
  assert.equal(r.directionalAccuracy, undefined);
});

test('prices: directional accuracy, its p-value and the Diebold–Mariano p-value are reported', () => {
  const p = loadProblem('sp500');
  const r = runForecast(undefined, { problem: p, series: 'sp500', model: 'linear' });
  for (const v of [r.directionalAccuracy, r.directionalPValue, r.dmPValue, r.alwaysUpAccuracy])
    assert.ok(v !== undefined && v >= 0 && v <= 1);
  assert.ok(
    Math.abs(r.baselines.naive.mase - r.baselines.seasonalNaive.mase) < 1e-15,
    'm = 1: seasonal naive is naive',
  );
});

test('bad settings are named', () => {
  const p = loadProblem('sp500');
  assert.throws(() => setupExperiment(p, 24, 0), /horizon must be a positive integer; got 0/);
  assert.throws(
    () => setupExperiment(p, 5000, 1),
    /lookback 5000 \+ horizon 1 is longer than the series \(1866 values\)/,
  );
});
