import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine';
import { RecurrentForecaster } from '../../src/forecast/model';
import { fitProblemScaling, type ForecastProblem, targetValue } from '../../src/forecast/problem';
import { trainForecaster, validationLoss } from '../../src/forecast/train';
import { windowOrigins } from '../../src/forecast/windows';

const sine: ForecastProblem = {
  name: 'sine',
  dates: Array.from({ length: 400 }, () => '2000-01-01'),
  y: Float64Array.from(
    { length: 400 },
    (_, i) => Math.sin((2 * Math.PI * i) / 9) + 0.5 * Math.sin((2 * Math.PI * i) / 23),
  ),
  period: 1,
  inputs: 'level',
  logPrice: false,
};

test("a GRU forecaster learns a two-sine series: validation loss falls far below the naive's", async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    const s = fitProblemScaling(sine, 300);
    const net = new RecurrentForecaster(engine, sine, s, { cell: 'gru', numHiddens: 16, seed: 1 });
    const train = windowOrigins(0, 300, 24, 3),
      validation = windowOrigins(300, 400, 24, 3);
    const passes: number[] = [];
    const before = validationLoss(net, validation, 24, 3, 'mse');
    const r = trainForecaster(net, train, validation, {
      lookback: 24,
      horizon: 3,
      steps: 300,
      seconds: 60,
      batchSize: 32,
      lr: 1e-2,
      clip: 1,
      loss: 'mse',
      evalEvery: 50,
      seed: 0,
      onStep: (_step, info) => {
        if (info.evaluated) passes.push(info.evaluated[0]);
      },
    });
    assert.deepEqual(passes, [50, 100, 150, 200, 250, 300]);
    assert.deepEqual(
      r.history.map((h) => h[0]),
      passes,
    );
    // ẑ = 0 (the naive forecast) scores the mean of z²
    const z = validation.flatMap((t) => [1, 2, 3].map((k) => targetValue(sine, s, t, k)));
    const naive = z.reduce((a, v) => a + v * v, 0) / z.length;
    assert.ok(
      r.validationLoss < 0.1 * naive,
      `validation ${r.validationLoss} vs naive ${naive} (before ${before})`,
    );
    assert.equal(r.steps, 300);
    net.dispose();
  } finally {
    engine.dispose();
  }
});
