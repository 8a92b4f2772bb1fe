/**
 * The WebAssembly engine against the from-scratch reference: its LSTM and GRU layers' forward states
 * and every gradient against src/nn's (float32 engine vs float64 reference), on SIMD and on the
 * TypeScript fallback.
 */
import { createGemmEngine } from '../../engine/gemm';
import { EngineLSTM } from '../../engine/lstm';
import { EngineGRU } from '../../engine/gru';
import { EngineRNN } from '../../engine/rnn';
import { initRNN, rnnBackward, rnnForward } from '../../nn/rnn';
import { Block } from '../../engine/kernels';
import { initGRU, gruBackward, gruForward } from '../../nn/gru';
import { Params } from '../../nn/params';
import { Tensor } from '../../tensor/tensor';
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

/**
 * Largest relative error between the engine's layer (float32) and src/nn's (float64): all hidden states,
 * then after backward from random ∂E/∂H_t and ∂E/∂H_T, every parameter gradient, ∂E/∂X and ∂E/∂H0 (and ∂E/∂C0).
 */
export function engineVsReference(simd: boolean, cell: 'lstm' | 'gru' | 'rnn' = 'lstm'): number {
  const B = 4, T = 9, D = 6, U = 10;
  const rng = new Rng(31);
  const X = randomTensor([B, T, D], rng, 1, 'float32');
  const H0 = randomTensor([B, U], rng, 0.5, 'float32'), C0 = randomTensor([B, U], rng, 0.5, 'float32');
  const dH = randomTensor([B, T, U], rng, 1, 'float32'), dHT = randomTensor([B, U], rng, 1, 'float32');
  const engine = createGemmEngine({ simd });
  const k = engine.kernels;
  const mark = k.mark();
  const tm = (t: Tensor, n: number): Block => k.upload(swap01(t.data, B, T, n));
  const errors: number[] = [];
  const compareGrads = (ours: Params, ref: Params): void => { for (const name of Object.keys(ref)) errors.push(relativeError(ours[name]!.data, ref[name]!.data)); };
  if (cell === 'lstm') {
    const p32 = initLSTM(D, U, rng);
    for (const g of ['i', 'f', 'o', 'c']) p32[`b_${g}`] = randomTensor([U], rng, 0.5, 'float32');
    const p = cloneParams(p32, 'float64') as typeof p32;
    const ref = lstmForward(p, X.clone('float64'), { H: H0.clone('float64'), C: C0.clone('float64') });
    const refB = lstmBackward(p, ref.cache, { dH: dH.clone('float64'), dHT: dHT.clone('float64') });
    const layer = new EngineLSTM(engine, D, U);
    layer.setParams(p32);
    layer.zeroGrads();
    const f = layer.forward(tm(X, D), T, B, k.upload(H0.data), k.upload(C0.data));
    errors.push(relativeError(swap01(k.view(f.H).slice(B * U), T, B, U), ref.H.data));
    const b = layer.backward(tm(dH, U), k.upload(dHT.data));
    compareGrads(layer.gradsAsParams(), refB.grads);
    errors.push(relativeError(swap01(k.view(b.dX), T, B, D), refB.dX.data), relativeError(k.view(b.dH0), refB.dH0.data), relativeError(k.view(b.dC0), refB.dC0.data));
  } else if (cell === 'rnn') {
    const p32 = initRNN({ numInputs: D, numHiddens: U, numOutputs: 1 }, rng);
    p32.b_h = randomTensor([U], rng, 0.5, 'float32');
    const p = cloneParams(p32, 'float64') as typeof p32;
    const ref = rnnForward(p, X.clone('float64'), H0.clone('float64'));
    const refB = rnnBackward(p, ref.cache, { dH: dH.clone('float64'), dHT: dHT.clone('float64') });
    const layer = new EngineRNN(engine, D, U);
    layer.setParams(p32);
    layer.zeroGrads();
    const f = layer.forward(tm(X, D), T, B, k.upload(H0.data));
    errors.push(relativeError(swap01(k.view(f.H).slice(B * U), T, B, U), ref.H.data));
    const b = layer.backward(tm(dH, U), k.upload(dHT.data));
    const { W_xh, W_hh, b_h } = refB.grads;
    compareGrads({ ...layer.gradsAsParams() }, { W_xh, W_hh, b_h });
    errors.push(relativeError(swap01(k.view(b.dX), T, B, D), refB.dX.data), relativeError(k.view(b.dH0), refB.dH0.data));
  } else {
    const p32 = initGRU(D, U, rng);
    for (const g of ['z', 'r', 'h']) p32[`b_${g}`] = randomTensor([U], rng, 0.5, 'float32');
    const p = cloneParams(p32, 'float64') as typeof p32;
    const ref = gruForward(p, X.clone('float64'), H0.clone('float64'));
    const refB = gruBackward(p, ref.cache, { dH: dH.clone('float64'), dHT: dHT.clone('float64') });
    const layer = new EngineGRU(engine, D, U);
    layer.setParams(p32);
    layer.zeroGrads();
    const f = layer.forward(tm(X, D), T, B, k.upload(H0.data));
    errors.push(relativeError(swap01(k.view(f.H).slice(B * U), T, B, U), ref.H.data));
    const b = layer.backward(tm(dH, U), k.upload(dHT.data));
    compareGrads(layer.gradsAsParams(), refB.grads);
    errors.push(relativeError(swap01(k.view(b.dX), T, B, D), refB.dX.data), relativeError(k.view(b.dH0), refB.dH0.data));
  }
  k.release(mark);
  return Math.max(...errors);
}

export const engineChecks: FormulaCheck[] = (['lstm', 'gru', 'rnn'] as const).flatMap((cell) => [true, false].map((simd): FormulaCheck => ({
  name: `engine/${cell}-${simd ? 'simd' : 'ts-fallback'}-vs-nn-forward-and-bptt`,
  equation: `engine ${cell.toUpperCase()} (fused kernels, float32) vs src/nn ${cell.toUpperCase()} (float64): H, every parameter gradient, ∂E/∂X, ∂E/∂H0${cell === 'lstm' ? ', ∂E/∂C0' : ''}`,
  section: { lstm: '003 §3.2, 004 §3.3–3.4', gru: '001 §3.3', rnn: '002 §1.3.2, 004 §3.1–3.2' }[cell],
  tolerance: 1e-4,
  measure: 'relative',
  run: () => engineVsReference(simd, cell),
})));
