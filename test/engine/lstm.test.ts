// The engine's LSTM against the from-scratch reference of src/nn: forward states and every gradient,
// float32 against float64 (the same comparison `rnnlab checks` runs), on SIMD and the TS fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineVsReference, swap01 } from '../../src/checks/catalog/engine';
import { createGemmEngine } from '../../src/engine/gemm';
import { EngineLSTM } from '../../src/engine/lstm';

for (const simd of [true, false]) {
  test(`engine LSTM (${simd ? 'SIMD' : 'TS fallback'}) equals src/nn's LSTM in forward and every gradient`, () => {
    const e = engineVsReference(simd, 'lstm');
    assert.ok(e < 1e-4, `relative error ${e}`);
  });
}

test('swap01 swaps the first two axes', () => {
  assert.deepEqual(Array.from(swap01([1, 2, 3, 4, 5, 6], 2, 3, 1)), [1, 4, 2, 5, 3, 6]);
});

test('EngineLSTM names a too-small input and refuses backward before forward', () => {
  const engine = createGemmEngine();
  const layer = new EngineLSTM(engine, 3, 4);
  assert.throws(() => layer.backward(null), /call forward first/);
  assert.throws(() => layer.forward(engine.kernels.alloc(5), 2, 1), /X has 5 floats, needs \[T=2, B=1, 3\]/);
});
