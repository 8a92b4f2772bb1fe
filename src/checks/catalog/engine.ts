/**
 * The WebAssembly engine against the from-scratch reference: its LSTM layer's forward states and
 * every gradient against src/nn's LSTM (float32 engine vs float64 reference), on SIMD and on the
 * TypeScript fallback.
 */
import { createGemmEngine } from '../../engine/gemm';
import { EngineLSTM } from '../../engine/lstm';
import { initLSTM, lstmBackward, lstmForward } from '../../nn/lstm';
import { cloneParams } from '../../nn/params';
import { Rng } from '../../tensor/rng';
import { randomTensor } from '../cases';
import { relativeError } from '../close';
import { FormulaCheck } from '../registry';

/** [a, b, n] ↔ [b, a, n]. */
export function swap01(x: ArrayLike<number>, a: number, b: number, n: number): Float32Array {
  const out = new Float32Array(a * b * n);
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) for (let k = 0; k < n; k++) out[(j * a + i) * n + k] = x[(i * b + j) * n + k]!;
  return out;
}

/** Largest relative error over H, and the gradients of all 12 parameters, X, H0 and C0. */
export function engineVsReference(simd: boolean): number {
  const B = 4, T = 9, D = 6, U = 10;
  const rng = new Rng(31);
  const p32 = initLSTM(D, U, rng);
  for (const g of ['i', 'f', 'o', 'c']) p32[`b_${g}`] = randomTensor([U], rng, 0.5, 'float32');
  const p = cloneParams(p32, 'float64') as typeof p32;
  const X = randomTensor([B, T, D], rng, 1, 'float32');
  const H0 = randomTensor([B, U], rng, 0.5, 'float32'), C0 = randomTensor([B, U], rng, 0.5, 'float32');
  const dH = randomTensor([B, T, U], rng, 1, 'float32'), dHT = randomTensor([B, U], rng, 1, 'float32');
  const ref = lstmForward(p, X.clone('float64'), { H: H0.clone('float64'), C: C0.clone('float64') });
  const refB = lstmBackward(p, ref.cache, { dH: dH.clone('float64'), dHT: dHT.clone('float64') });
  const engine = createGemmEngine({ simd });
  const k = engine.kernels;
  const layer = new EngineLSTM(engine, D, U);
  layer.setParams(p32);
  layer.zeroGrads();
  const mark = k.mark();
  const f = layer.forward(k.upload(swap01(X.data, B, T, D)), T, B, k.upload(H0.data), k.upload(C0.data));
  const errors = [relativeError(swap01(k.view(f.H).slice(B * U), T, B, U), ref.H.data)];
  const b = layer.backward(k.upload(swap01(dH.data, B, T, U)), k.upload(dHT.data));
  const grads = layer.gradsAsParams();
  for (const name of Object.keys(refB.grads)) errors.push(relativeError(grads[name]!.data, refB.grads[name]!.data));
  errors.push(relativeError(swap01(k.view(b.dX), T, B, D), refB.dX.data), relativeError(k.view(b.dH0), refB.dH0.data), relativeError(k.view(b.dC0), refB.dC0.data));
  k.release(mark);
  return Math.max(...errors);
}

export const engineChecks: FormulaCheck[] = [true, false].map((simd): FormulaCheck => ({
  name: `engine/lstm-${simd ? 'simd' : 'ts-fallback'}-vs-nn-forward-and-bptt`,
  equation: 'engine LSTM (fused kernels, float32) vs src/nn LSTM (float64): H, ∂E/∂(12 parameters), ∂E/∂X, ∂E/∂H0, ∂E/∂C0',
  section: '003 §3.2, 004 §3.3–3.4',
  tolerance: 1e-4,
  measure: 'relative',
  run: () => engineVsReference(simd),
}));
