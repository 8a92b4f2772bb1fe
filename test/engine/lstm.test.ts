// The engine's LSTM against the from-scratch reference of src/nn: forward states and every gradient,
// float32 against float64, relative error ≤ 1e-4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGemmEngine } from '../../src/engine/gemm';
import { EngineLSTM } from '../../src/engine/lstm';
import { initLSTM, lstmBackward, lstmForward } from '../../src/nn/lstm';
import { cloneParams } from '../../src/nn/params';
import { randomTensor } from '../../src/checks/cases';
import { relativeError } from '../../src/checks/close';
import { Rng } from '../../src/tensor/rng';

/** [B, T, n] batch-major ↔ [T, B, n] time-major. */
function swap01(x: ArrayLike<number>, a: number, b: number, n: number): Float32Array {
  const out = new Float32Array(a * b * n);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) for (let k = 0; k < n; k++) out[(j * a + i) * n + k] = x[(i * b + j) * n + k]!;
  return out;
}

for (const simd of [true, false]) {
  test(`engine LSTM (${simd ? 'SIMD' : 'TS fallback'}) equals src/nn's LSTM in forward and backward`, () => {
    const B = 3, T = 7, D = 5, U = 9;
    const rng = new Rng(21);
    const p32 = initLSTM(D, U, rng);
    for (const g of ['i', 'f', 'o', 'c']) p32[`b_${g}`] = randomTensor([U], rng, 0.5, 'float32');
    const p = cloneParams(p32, 'float64') as typeof p32;
    const X = randomTensor([B, T, D], rng, 1, 'float32');
    const H0 = randomTensor([B, U], rng, 0.5, 'float32'), C0 = randomTensor([B, U], rng, 0.5, 'float32');
    const dH = randomTensor([B, T, U], rng, 1, 'float32'), dHT = randomTensor([B, U], rng, 1, 'float32'), dCT = randomTensor([B, U], rng, 1, 'float32');
    const ref = lstmForward(p, X.clone('float64'), { H: H0.clone('float64'), C: C0.clone('float64') });
    const refB = lstmBackward(p, ref.cache, { dH: dH.clone('float64'), dHT: dHT.clone('float64'), dCT: dCT.clone('float64') });

    const engine = createGemmEngine({ simd });
    const k = engine.kernels;
    const layer = new EngineLSTM(engine, D, U);
    layer.setParams(p32);
    layer.zeroGrads();
    const mark = k.mark();
    const f = layer.forward(k.upload(swap01(X.data, B, T, D)), T, B, k.upload(H0.data), k.upload(C0.data));
    const Hall = k.view(f.H).slice(B * U); // H_1 … H_T, time-major
    assert.ok(relativeError(swap01(Hall, T, B, U), ref.H.data) < 1e-5, 'hidden states');
    assert.ok(relativeError(k.view(f.C).slice(T * B * U), ref.CT.data) < 1e-5, 'final cell');
    const b = layer.backward(k.upload(swap01(dH.data, B, T, U)), k.upload(dHT.data), k.upload(dCT.data));
    const grads = layer.gradsAsParams();
    for (const name of Object.keys(refB.grads)) {
      const e = relativeError(grads[name]!.data, refB.grads[name]!.data);
      assert.ok(e < 1e-4, `∂E/∂${name}: relative error ${e}`);
    }
    assert.ok(relativeError(swap01(k.view(b.dX), T, B, D), refB.dX.data) < 1e-4, 'dX');
    assert.ok(relativeError(k.view(b.dH0), refB.dH0.data) < 1e-4, 'dH0');
    assert.ok(relativeError(k.view(b.dC0), refB.dC0.data) < 1e-4, 'dC0');
    k.release(mark);
  });
}
