/**
 * The engine against the from-scratch reference: one recurrent layer of each cell run by the engine
 * (float32, fused kernels) and by src/nn (float64, written from the equations with hand-derived BPTT)
 * on the same weights, inputs, initial state and upstream gradients. Compared: every hidden state,
 * the final state, and the gradient of every parameter, of the input and of the initial state.
 * Used by `rnnlab checks` (src/catalog/engine.ts) and the unit tests.
 */
import { GRUParams, gruBackward, gruForward, initGRU } from '../nn';
import { LSTMParams, initLSTM, lstmBackward, lstmForward } from '../nn';
import { RNNParams, initRNN, rnnBackward, rnnForward } from '../nn';
import { Rng } from '../tensor';
import { Tensor } from '../tensor';
import { Engine } from '../engine';
import { CellType, RecurrentLayer } from '../engine';
import { GATE_ORDER, fuseGates, splitGates } from '../engine';

/** ‖a − b‖ / ‖b‖ (0 when both vanish): the relative error of `a` against the reference `b`. */
export function relativeTo(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let d = 0,
    n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    n += b[i]! ** 2;
  }
  if (Number.isNaN(d)) return Infinity;
  return n === 0 ? Math.sqrt(d) : Math.sqrt(d / n);
}

/** [a, b, n] ↔ [b, a, n]: batch-major ↔ time-major. */
export function swapMajor(x: ArrayLike<number>, a: number, b: number, n: number): Float32Array {
  const out = new Float32Array(a * b * n);
  for (let i = 0; i < a; i++)
    for (let j = 0; j < b; j++)
      for (let k = 0; k < n; k++) out[(j * a + i) * n + k] = x[(i * b + j) * n + k]!;
  return out;
}

function random(shape: number[], rng: Rng, scale: number): Tensor {
  const t = Tensor.zeros(shape, 'float64');
  for (let i = 0; i < t.size; i++) t.data[i] = (2 * rng.uniform() - 1) * scale;
  return t;
}

/** Sizes of {@link engineVsReference}; odd on purpose (no multiple of the SIMD width). */
export interface CrossCheckSizes {
  batchSize: number;
  numSteps: number;
  numInputs: number;
  numHiddens: number;
}

/**
 * Relative errors (engine vs src/nn) of the outputs, the final state and every gradient, by name.
 */
export function engineVsReference(
  engine: Engine,
  cell: CellType,
  sizes: CrossCheckSizes = { batchSize: 5, numSteps: 9, numInputs: 6, numHiddens: 11 },
  seed = 31,
): Record<string, number> {
  const { batchSize: B, numSteps: T, numInputs: D, numHiddens: H } = sizes;
  const rng = new Rng(seed);
  const gates = GATE_ORDER[cell];
  // Reference parameters in float64 with non-zero biases.
  let p: Record<string, Tensor>;
  if (cell === 'lstm') p = initLSTM(D, H, rng, 'float64');
  else if (cell === 'gru') p = initGRU(D, H, rng, 'float64');
  else p = initRNN({ numInputs: D, numHiddens: H, numOutputs: 1 }, rng, 'float64');
  for (const g of gates) p[`b_${g}`] = random([H], rng, 0.5);
  // Round every weight to float32 so both sides start from the same numbers.
  for (const t of Object.values(p)) for (let i = 0; i < t.size; i++) t.data[i] = Math.fround(t.data[i]!);
  const f32 = (t: Tensor): Tensor => {
    for (let i = 0; i < t.size; i++) t.data[i] = Math.fround(t.data[i]!);
    return t;
  };
  const X = f32(random([B, T, D], rng, 1));
  const H0 = f32(random([B, H], rng, 0.5)),
    C0 = f32(random([B, H], rng, 0.5));
  const dH = f32(random([B, T, H], rng, 1)),
    dHT = f32(random([B, H], rng, 1)),
    dCT = f32(random([B, H], rng, 1));

  let refH: Tensor,
    refHT: Tensor,
    refCT: Tensor | undefined,
    grads: Record<string, Tensor>,
    dX: Tensor,
    dH0: Tensor,
    dC0: Tensor | undefined;
  if (cell === 'lstm') {
    const f = lstmForward(p as LSTMParams, X, { H: H0, C: C0 });
    const b = lstmBackward(p as LSTMParams, f.cache, { dH, dHT, dCT });
    [refH, refHT, refCT, grads, dX, dH0, dC0] = [f.H, f.HT, f.CT, b.grads, b.dX, b.dH0, b.dC0];
  } else if (cell === 'gru') {
    const f = gruForward(p as GRUParams, X, H0);
    const b = gruBackward(p as GRUParams, f.cache, { dH, dHT });
    [refH, refHT, grads, dX, dH0] = [f.H, f.HT, b.grads, b.dX, b.dH0];
  } else {
    const f = rnnForward(p as RNNParams, X, H0);
    const b = rnnBackward(p as RNNParams, f.cache, { dH, dHT });
    [refH, refHT, grads, dX, dH0] = [f.H, f.HT, b.grads, b.dX, b.dH0];
  }

  const layer = new RecurrentLayer(engine, { cell, inputSize: D, numHiddens: H });
  const fused = fuseGates(cell, p);
  layer.W_x.set(fused.kernel.data);
  layer.W_h.set(fused.recurrentKernel.data);
  layer.b.set(fused.bias.data);
  for (const q of layer.params) q.zeroGrad();
  const Xe = engine.tensor([T * B, D], swapMajor(X.data, B, T, D));
  const dHe = engine.tensor([T * B, H], swapMajor(dH.data, B, T, H));
  const dXe = engine.tensor([T * B, D]);
  try {
    layer.forward({ X: Xe.ptr }, T, B, { h: Float32Array.from(H0.data), c: Float32Array.from(C0.data) });
    const errors: Record<string, number> = {};
    errors.H = relativeTo(layer.outputsBatchMajor(), refH.data);
    const fin = layer.finalState();
    errors.H_T = relativeTo(fin.h, refHT.data);
    if (refCT !== undefined) errors.C_T = relativeTo(fin.c!, refCT.data);
    const dInit = layer.backward(
      dHe.ptr,
      { h: Float32Array.from(dHT.data), c: Float32Array.from(dCT.data) },
      dXe.ptr,
    );
    const G = gates.length;
    const engineGrads = splitGates(cell, {
      kernel: new Tensor([D, G * H], layer.W_x.grad.toArray()), // [numInputs, G·numHiddens]
      recurrentKernel: new Tensor([H, G * H], layer.W_h.grad.toArray()), // [numHiddens, G·numHiddens]
      bias: new Tensor([G * H], layer.b.grad.toArray()), // [G·numHiddens]
    });
    for (const g of gates) {
      for (const name of [`W_x${g}`, `W_h${g}`, `b_${g}`])
        errors[name] = relativeTo(engineGrads[name]!.data, grads[name]!.data);
    }
    errors.X = relativeTo(swapMajor(dXe.view(), T, B, D), dX.data);
    errors.H0 = relativeTo(dInit.h, dH0.data);
    if (dC0 !== undefined) errors.C0 = relativeTo(dInit.c!, dC0.data);
    return errors;
  } finally {
    layer.dispose();
    Xe.dispose();
    dHe.dispose();
    dXe.dispose();
  }
}
