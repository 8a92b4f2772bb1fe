import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { TransformerModel, sinusoidTable } from '../../src/engine/transformerModel';
import { transformerCacheVsReference, transformerEngineVsReference } from '../../src/checks/transformer-engine';
import { sinusoidalPositions } from '../../src/nn/positional-encoding';
import { relativeTo } from '../../src/checks/crossCheck';

for (const options of [{ simd: true, threads: 1 }, { simd: true, threads: 2 }, { simd: false }]) {
  test(`engine Transformer (${JSON.stringify(options)}) equals the float64 reference: logits, loss, every gradient; cache = full forward`, async () => {
    const e = await createEngine(options);
    try {
      for (const positional of ['learned', 'sinusoidal'] as const) {
        for (const [what, err] of Object.entries(transformerEngineVsReference(e, positional))) assert.ok(err < 1e-4, `${positional} ${what}: ${err}`);
      }
      assert.ok(transformerCacheVsReference(e) < 1e-4);
    } finally {
      await e.dispose();
    }
  });
}

test('the engine sinusoid table equals src/nn sinusoidalPositions', () => {
  assert.ok(relativeTo(sinusoidTable(20, 10), sinusoidalPositions(20, 10, 'float64').data) < 1e-7);
});

test('training steps lower the loss on a repeating sequence; bad sizes are named', async () => {
  const e = await createEngine({ threads: 1 });
  try {
    const m = new TransformerModel(e, { vocabSize: 5, d: 16, numHeads: 2, numLayers: 1, maxLen: 8 });
    const X = Int32Array.from({ length: 16 }, (_, i) => i % 5), Y = Int32Array.from({ length: 16 }, (_, i) => (i + 1) % 5);
    const first = m.trainStep(X, Y, 2, 8, { lr: 1e-2 }).loss;
    let last = first;
    for (let i = 0; i < 40; i++) last = m.trainStep(X, Y, 2, 8, { lr: 1e-2 }).loss;
    assert.ok(last < first / 4, `loss ${first} → ${last}`);
    assert.throws(() => m.forward(new Int32Array(9), 1, 9), /maxLen\); got 9/);
    assert.throws(() => new TransformerModel(e, { vocabSize: 5, d: 10, numHeads: 4 }), /numHeads 4 must divide d = 10/);
    m.dispose();
  } finally {
    await e.dispose();
  }
});
