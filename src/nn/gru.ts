/**
 * Gated recurrent unit (Cho et al. 2014), forward and hand-derived backward, in the standard form
 * (d2l's, and tfjs's `gru` layer with reset applied before the recurrent product):
 *
 *   Z_t = σ(X_t W_xz + H_{t-1} W_hz + b_z)                 update gate
 *   R_t = σ(X_t W_xr + H_{t-1} W_hr + b_r)                 reset gate
 *   H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t-1}) W_hh + b_h)      candidate state
 *   H_t = Z_t ⊙ H_{t-1} + (1 − Z_t) ⊙ H̃_t                  new state
 *
 * 001 §3.3 writes the last line as (1 − z_t) h_{t-1} + z_t h̃_t: the same family with z ↔ 1 − z
 * (see gru-document.ts, which also evaluates the document's candidate formula as printed).
 */
import { Rng } from '../tensor';
import { DType, Float, Tensor, alloc } from '../tensor';
import { gemm } from '../tensor';
import { sigmoid } from './activations';
import { Params, zerosLike } from './params';
import { addBias, checkTruncate, getStep, seqDims, setStep, sumRows } from './sequence';
import { gateAffine, gateBackward, gateDims, initGateParams } from './gates';

export const GRU_GATES = ['z', 'r', 'h'] as const;

export interface GRUParams extends Params {
  W_xz: Tensor;
  W_hz: Tensor;
  b_z: Tensor;
  W_xr: Tensor;
  W_hr: Tensor;
  b_r: Tensor;
  W_xh: Tensor;
  W_hh: Tensor;
  b_h: Tensor;
}

/** Glorot-uniform weights, zero biases. */
export function initGRU(
  numInputs: number,
  numHiddens: number,
  rng: Rng,
  dtype: DType = 'float32',
): GRUParams {
  const p = initGateParams(GRU_GATES, numInputs, numHiddens, rng, dtype) as GRUParams;
  return p;
}

function dims(p: GRUParams): { numInputs: number; numHiddens: number } {
  return gateDims(p, GRU_GATES, 'GRU');
}

export interface GRUCache {
  X: Tensor;
  H0: Tensor;
  /** Per step t, each [batchSize, numHiddens]. */
  Z: Float[];
  R: Float[];
  Htilde: Float[];
  H: Float[];
}

/** Runs the GRU over X [batchSize, numSteps, numInputs] from H0 (zeros by default). */
export function gruForward(p: GRUParams, X: Tensor, H0?: Tensor): { H: Tensor; HT: Tensor; cache: GRUCache } {
  const { numInputs, numHiddens } = dims(p);
  const { batchSize: B, numSteps: T, n } = seqDims(X, 'GRU input X');
  if (n !== numInputs)
    throw new Error(`GRU input X must have ${numInputs} features, got shape [${X.shape.join(', ')}]`);
  const dtype = X.dtype;
  const h0 = H0 ?? Tensor.zeros([B, numHiddens], dtype);
  if (h0.shape[0] !== B || h0.shape[1] !== numHiddens)
    throw new Error(`GRU initial state must be [${B}, ${numHiddens}], got [${h0.shape.join(', ')}]`);
  const N = B * numHiddens;
  const cache: GRUCache = { X, H0: h0, Z: [], R: [], Htilde: [], H: [] };
  const Hall = Tensor.zeros([B, T, numHiddens], dtype);
  const Xt = alloc(B * numInputs, dtype);
  const RH = alloc(N, dtype);
  let Hprev: Float = h0.data;
  for (let t = 0; t < T; t++) {
    getStep(X.data, B, T, numInputs, t, Xt);
    const Z = alloc(N, dtype),
      R = alloc(N, dtype),
      Ht = alloc(N, dtype),
      H = alloc(N, dtype);
    gateAffine(Xt, p.W_xz.data, Hprev, p.W_hz.data, p.b_z.data, Z, B, numInputs, numHiddens);
    gateAffine(Xt, p.W_xr.data, Hprev, p.W_hr.data, p.b_r.data, R, B, numInputs, numHiddens);
    for (let k = 0; k < N; k++) {
      Z[k] = sigmoid(Z[k]!); //            Z_t = σ(·)
      R[k] = sigmoid(R[k]!); //            R_t = σ(·)
      RH[k] = R[k]! * Hprev[k]!; //        R_t ⊙ H_{t-1}
    }
    gemm(Xt, p.W_xh.data, Ht, B, numHiddens, numInputs); //                              X_t W_xh
    gemm(RH, p.W_hh.data, Ht, B, numHiddens, numHiddens, { accumulate: true }); //        + (R_t ⊙ H_{t-1}) W_hh
    addBias(Ht, p.b_h.data, B, numHiddens); //                                            + b_h
    for (let k = 0; k < N; k++) {
      Ht[k] = Math.tanh(Ht[k]!); //                          H̃_t = tanh(·)
      H[k] = Z[k]! * Hprev[k]! + (1 - Z[k]!) * Ht[k]!; //    H_t = Z ⊙ H_{t-1} + (1 − Z) ⊙ H̃_t
    }
    cache.Z.push(Z);
    cache.R.push(R);
    cache.Htilde.push(Ht);
    cache.H.push(H);
    setStep(Hall.data, B, T, numHiddens, t, H);
    Hprev = H;
  }
  return { H: Hall, HT: new Tensor([B, numHiddens], Hprev.slice()), cache };
}

/**
 * Backpropagation through time for the GRU. With dH the total ∂E/∂H_t:
 *   dA_z = dH ⊙ (H_{t-1} − H̃) ⊙ Z(1−Z)
 *   dA_h = dH ⊙ (1 − Z) ⊙ (1 − H̃²);   dW_hh += (R ⊙ H_{t-1})ᵀ dA_h
 *   d(R ⊙ H_{t-1}) = dA_h W_hhᵀ;       dA_r = d(R⊙H_{t-1}) ⊙ H_{t-1} ⊙ R(1−R)
 *   dH_{t-1} = dH ⊙ Z + d(R⊙H_{t-1}) ⊙ R + dA_z W_hzᵀ + dA_r W_hrᵀ
 */
export function gruBackward(
  p: GRUParams,
  cache: GRUCache,
  up: { dH?: Tensor; dHT?: Tensor },
  truncate?: number,
): { grads: GRUParams; dX: Tensor; dH0: Tensor } {
  checkTruncate(truncate);
  const { numInputs, numHiddens } = dims(p);
  const { X, H0 } = cache;
  const { batchSize: B, numSteps: T } = seqDims(X, 'GRU input X');
  const dtype = X.dtype;
  const N = B * numHiddens;
  const g = zerosLike(p) as GRUParams; // the gradient accumulators
  const dX = Tensor.zeros(X.shape, dtype);
  const dHnext = alloc(N, dtype);
  if (up.dHT) dHnext.set(up.dHT.data);
  const dHext = alloc(N, dtype),
    Xt = alloc(B * numInputs, dtype),
    dXt = alloc(B * numInputs, dtype);
  const dAz = alloc(N, dtype),
    dAr = alloc(N, dtype),
    dAh = alloc(N, dtype),
    dRH = alloc(N, dtype),
    RH = alloc(N, dtype),
    dHprev = alloc(N, dtype);
  for (let t = T - 1; t >= 0; t--) {
    const Z = cache.Z[t]!,
      R = cache.R[t]!,
      Ht = cache.Htilde[t]!;
    const Hprev = t > 0 ? cache.H[t - 1]! : H0.data;
    if (up.dH) getStep(up.dH.data, B, T, numHiddens, t, dHext);
    else dHext.fill(0);
    for (let k = 0; k < N; k++) {
      const dH = dHext[k]! + dHnext[k]!;
      dAz[k] = dH * (Hprev[k]! - Ht[k]!) * Z[k]! * (1 - Z[k]!);
      dAh[k] = dH * (1 - Z[k]!) * (1 - Ht[k]! * Ht[k]!);
      dHprev[k] = dH * Z[k]!;
      RH[k] = R[k]! * Hprev[k]!;
    }
    getStep(X.data, B, T, numInputs, t, Xt);
    dXt.fill(0);
    // Candidate state: its recurrent input is R ⊙ H_{t-1}, so it is differentiated here rather than by gateBackward.
    gemm(Xt, dAh, g.W_xh.data, numInputs, numHiddens, B, { transA: true, accumulate: true }); // dW_xh += X_tᵀ dA_h
    gemm(RH, dAh, g.W_hh.data, numHiddens, numHiddens, B, { transA: true, accumulate: true }); // dW_hh += (R⊙H_{t-1})ᵀ dA_h
    sumRows(dAh, g.b_h.data, B, numHiddens);
    gemm(dAh, p.W_xh.data, dXt, B, numInputs, numHiddens, { transB: true, accumulate: true }); // dX_t += dA_h W_xhᵀ
    gemm(dAh, p.W_hh.data, dRH, B, numHiddens, numHiddens, { transB: true }); //                 d(R⊙H_{t-1}) = dA_h W_hhᵀ
    for (let k = 0; k < N; k++) {
      dAr[k] = dRH[k]! * Hprev[k]! * R[k]! * (1 - R[k]!);
      dHprev[k]! += dRH[k]! * R[k]!;
    }
    gateBackward(
      dAz,
      Xt,
      Hprev,
      p.W_xz.data,
      p.W_hz.data,
      g.W_xz.data,
      g.W_hz.data,
      g.b_z.data,
      dXt,
      dHprev,
      B,
      numInputs,
      numHiddens,
    );
    gateBackward(
      dAr,
      Xt,
      Hprev,
      p.W_xr.data,
      p.W_hr.data,
      g.W_xr.data,
      g.W_hr.data,
      g.b_r.data,
      dXt,
      dHprev,
      B,
      numInputs,
      numHiddens,
    );
    setStep(dX.data, B, T, numInputs, t, dXt);
    dHnext.set(dHprev);
    if (t > 0 && truncate !== undefined && t % truncate === 0) dHnext.fill(0);
  }
  return { grads: g, dX, dH0: new Tensor([B, numHiddens], dHnext) };
}
