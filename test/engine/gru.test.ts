// The engine's GRU against src/nn's: forward states and every gradient, SIMD and fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineVsReference } from '../../src/checks/catalog/engine';
import { createGemmEngine } from '../../src/engine/gemm';
import { EngineGRU } from '../../src/engine/gru';

for (const simd of [true, false]) {
  test(`engine GRU (${simd ? 'SIMD' : 'TS fallback'}) equals src/nn's GRU in forward and every gradient`, () => {
    const e = engineVsReference(simd, 'gru');
    assert.ok(e < 1e-4, `relative error ${e}`);
  });
}

test('EngineGRU names a too-small input and refuses backward before forward', () => {
  const engine = createGemmEngine();
  const layer = new EngineGRU(engine, 3, 4);
  assert.throws(() => layer.backward(null), /call forward first/);
  assert.throws(() => layer.forward(engine.kernels.alloc(5), 2, 1), /X has 5 floats, needs \[T=2, B=1, 3\]/);
});
