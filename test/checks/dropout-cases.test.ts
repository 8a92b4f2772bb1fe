import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { engineDropoutVsReference, variationalLstmCase } from '../../src/checks/dropout-cases';
import { gradCheck } from '../../src/checks/gradcheck';

test('variational dropout (fixed masks): the float64 BPTT equals central differences', () => {
  for (const p of [0.3, 0.6]) {
    const c = variationalLstmCase(11, { batchSize: 3, numSteps: 4, numInputs: 3, numHiddens: 4 }, p);
    for (const r of gradCheck(() => c.loss(), c.inputs, c.analytic()))
      assert.ok(r.relError < 1e-6, `p = ${p}, ${r.name}: relative error ${r.relError}`);
  }
});

test('the engine with dropout equals the reference with the same masks (SIMD, 2 threads, fallback)', async () => {
  for (const options of [{ simd: true, threads: 1 }, { simd: true, threads: 2 }, { simd: false }]) {
    const eng = await createEngine(options);
    try {
      for (const kind of ['variational', 'standard'] as const) {
        const r = engineDropoutVsReference(eng, kind);
        for (const [name, e] of Object.entries(r.errors))
          assert.ok(e < 1e-4, `${kind} ${JSON.stringify(options)} ${name}: relative error ${e}`);
        if (kind === 'variational') assert.equal(r.masksVaryOverTime, 0, 'one mask per sequence');
        else assert.ok(r.masksVaryOverTime > 1, 'standard masks change from step to step');
        assert.ok(r.keptFraction > 0.5 && r.keptFraction < 0.9, `kept ${r.keptFraction} ≈ 1 − 0.3`);
      }
    } finally {
      await eng.dispose();
    }
  }
});
