import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogChecks, engineHeadError, forecastChecks, headGradientError } from '../../src/catalog';

test('the forecast checks: float64 head gradients vs central differences, engine head vs reference', () => {
  for (const loss of ['mse', 'mae'] as const) {
    for (const seed of [1, 2, 3]) assert.ok(headGradientError(loss, seed) < 1e-6, `${loss} seed ${seed}`);
    assert.ok(engineHeadError(loss) < 1e-5, loss);
  }
});

test('the catalog lists the four forecast checks', () => {
  assert.equal(forecastChecks.length, 4);
  assert.deepEqual(
    catalogChecks()
      .filter((c) => c.name.startsWith('forecast/'))
      .map((c) => c.name),
    forecastChecks.map((c) => c.name),
  );
});
