/**
 * Long short-term memory (Hochreiter & Schmidhuber 1997), forward and hand-derived backward, in the
 * notation of 003 §3.2 and 004 §3.3 (row form, batch-major; d2l's names):
 *
 *   I_t = σ(X_t W_xi + H_{t-1} W_hi + b_i)        input gate
 *   F_t = σ(X_t W_xf + H_{t-1} W_hf + b_f)        forget gate
 *   O_t = σ(X_t W_xo + H_{t-1} W_ho + b_o)        output gate
 *   C̃_t = tanh(X_t W_xc + H_{t-1} W_hc + b_c)     candidate cell (003 calls it g_t, 004 c'_t)
 *   C_t = F_t ⊙ C_{t-1} + I_t ⊙ C̃_t               cell state
 *   H_t = O_t ⊙ tanh(C_t)                         hidden state
 *
 * (003 §3.2's variable list calls g_t "the input at time t" and C_t "the hidden layer's state";
 * g_t is the candidate value and C_t the cell, as the equations themselves show.)
 *
 * Variational dropout on the recurrent state (Gal & Ghahramani 2016), with a fixed mask M_h
 * [batchSize, numHiddens] (entries 0 or 1/(1 − p), the same at every step): every H_{t-1} W_h· above
 * becomes (H_{t-1} ⊙ M_h) W_h·; the state H_t itself is not masked.
 */
import { Rng } from '../tensor';
import { DType, Float, Tensor, alloc } from '../tensor';
import { sigmoid } from './activations';
import { Params, zerosLike } from './params';
import { checkTruncate, getStep, seqDims, setStep } from './sequence';
import { gateAffine, gateBackward, gateDims, initGateParams } from './gates';

export const LSTM_GATES = ['i', 'f', 'o', 'c'] as const;
export type LSTMGate = (typeof LSTM_GATES)[number];

export interface LSTMParams extends Params {
  W_xi: Tensor;
  W_hi: Tensor;
  b_i: Tensor;
  W_xf: Tensor;
  W_hf: Tensor;
  b_f: Tensor;
  W_xo: Tensor;
  W_ho: Tensor;
  b_o: Tensor;
  W_xc: Tensor;
  W_hc: Tensor;
  b_c: Tensor;
}

/** Glorot-uniform weights; biases zero except the forget gate's, 1 (so the cell remembers at first, as tfjs's unitForgetBias). */
export function initLSTM(
  numInputs: number,
  numHiddens: number,
  rng: Rng,
  dtype: DType = 'float32',
  forgetBias = 1,
): LSTMParams {
  const p = initGateParams(LSTM_GATES, numInputs, numHiddens, rng, dtype) as LSTMParams;
  p.b_f.data.fill(forgetBias);
  return p;
}

function dims(p: LSTMParams): { numInputs: number; numHiddens: number } {
  return gateDims(p, LSTM_GATES, 'LSTM');
}

/** Per-step values kept for the backward pass (and for plotting the gates). */
export interface LSTMCache {
  X: Tensor;
  H0: Tensor;
  C0: Tensor;
  /** The recurrent dropout mask M_h [batchSize, numHiddens], if any. */
  recurrentMask?: Tensor;
  /** Per step t, each [batchSize, numHiddens]. */
  I: Float[];
  F: Float[];
  O: Float[];
  Ctilde: Float[];
  C: Float[];
  H: Float[];
}

export interface LSTMState {
  H: Tensor;
  C: Tensor;
}

/** Options of {@link lstmForward}. */
export interface LSTMForwardOptions {
  /** Variational dropout mask M_h [batchSize, numHiddens] on the recurrent state. @default none */
  recurrentMask?: Tensor;
}

/** H_{t-1} ⊙ M_h, or H_{t-1} itself without a mask.  [batchSize, numHiddens] */
function maskedState(Hprev: Float, M: Tensor | undefined): Float {
  if (M === undefined) return Hprev;
  const out = Hprev.slice();
  for (let k = 0; k < out.length; k++) out[k] = Hprev[k]! * M.data[k]!;
  return out;
}

/** Runs the LSTM over X [batchSize, numSteps, numInputs]; H [batchSize, numSteps, numHiddens] are all hidden states. */
export function lstmForward(
  p: LSTMParams,
  X: Tensor,
  state?: LSTMState,
  options: LSTMForwardOptions = {},
): { H: Tensor; HT: Tensor; CT: Tensor; cache: LSTMCache } {
  const { numInputs, numHiddens } = dims(p);
  const { batchSize: B, numSteps: T, n } = seqDims(X, 'LSTM input X');
  if (n !== numInputs)
    throw new Error(`LSTM input X must have ${numInputs} features, got shape [${X.shape.join(', ')}]`);
  const dtype = X.dtype;
  const H0 = state?.H ?? Tensor.zeros([B, numHiddens], dtype);
  const C0 = state?.C ?? Tensor.zeros([B, numHiddens], dtype);
  for (const [name, s] of [
    ['H', H0],
    ['C', C0],
  ] as const) {
    if (s.shape[0] !== B || s.shape[1] !== numHiddens)
      throw new Error(`LSTM initial ${name} must be [${B}, ${numHiddens}], got [${s.shape.join(', ')}]`);
  }
  const M = options.recurrentMask;
  if (M !== undefined && (M.shape[0] !== B || M.shape[1] !== numHiddens || M.shape.length !== 2))
    throw new Error(`LSTM recurrentMask must be [${B}, ${numHiddens}], got [${M.shape.join(', ')}]`);
  const cache: LSTMCache = { X, H0, C0, recurrentMask: M, I: [], F: [], O: [], Ctilde: [], C: [], H: [] };
  const Hall = Tensor.zeros([B, T, numHiddens], dtype);
  const Xt = alloc(B * numInputs, dtype);
  let Hprev: Float = H0.data;
  let Cprev: Float = C0.data;
  const N = B * numHiddens;
  for (let t = 0; t < T; t++) {
    getStep(X.data, B, T, numInputs, t, Xt);
    const Hin = maskedState(Hprev, M); // H_{t-1} (⊙ M_h)  [B, numHiddens]
    const A = (g: LSTMGate): Float => {
      const out = alloc(N, dtype); // [B, numHiddens]
      gateAffine(
        Xt,
        p[`W_x${g}`]!.data,
        Hin,
        p[`W_h${g}`]!.data,
        p[`b_${g}`]!.data,
        out,
        B,
        numInputs,
        numHiddens,
      );
      return out;
    };
    const I = A('i'),
      F = A('f'),
      O = A('o'),
      Ct = A('c');
    const C = alloc(N, dtype),
      H = alloc(N, dtype);
    for (let k = 0; k < N; k++) {
      I[k] = sigmoid(I[k]!); //                     I_t = σ(·)
      F[k] = sigmoid(F[k]!); //                     F_t = σ(·)
      O[k] = sigmoid(O[k]!); //                     O_t = σ(·)
      Ct[k] = Math.tanh(Ct[k]!); //                 C̃_t = tanh(·)
      C[k] = F[k]! * Cprev[k]! + I[k]! * Ct[k]!; // C_t = F_t ⊙ C_{t-1} + I_t ⊙ C̃_t
      H[k] = O[k]! * Math.tanh(C[k]!); //           H_t = O_t ⊙ tanh(C_t)
    }
    cache.I.push(I);
    cache.F.push(F);
    cache.O.push(O);
    cache.Ctilde.push(Ct);
    cache.C.push(C);
    cache.H.push(H);
    setStep(Hall.data, B, T, numHiddens, t, H);
    Hprev = H;
    Cprev = C;
  }
  return {
    H: Hall,
    HT: new Tensor([B, numHiddens], Hprev.slice()),
    CT: new Tensor([B, numHiddens], Cprev.slice()),
    cache,
  };
}

/** Upstream gradients: on every hidden state, and on the final H and C. Any may be omitted. */
export interface LSTMUpstream {
  dH?: Tensor;
  dHT?: Tensor;
  dCT?: Tensor;
}

/**
 * Backpropagation through time for the LSTM. With o = O_t, c = C_t, and dH the total ∂E/∂H_t:
 *   dO = dH ⊙ tanh(c);            dA_o = dO ⊙ o(1−o)
 *   dC = dC_next + dH ⊙ o ⊙ (1 − tanh²(c))
 *   dF = dC ⊙ C_{t-1};            dA_f = dF ⊙ F(1−F)
 *   dI = dC ⊙ C̃;                 dA_i = dI ⊙ I(1−I)
 *   dC̃ = dC ⊙ I;                 dA_c = dC̃ ⊙ (1 − C̃²)
 *   dC_{t-1} = dC ⊙ F;            dH_{t-1} = Σ_g dA_g W_hgᵀ;   dX_t = Σ_g dA_g W_xgᵀ
 * With a recurrent mask: dW_hg = Σ_t (H_{t-1} ⊙ M_h)ᵀ dA_g and dH_{t-1} = (Σ_g dA_g W_hgᵀ) ⊙ M_h.
 * `truncate = k` stops the flow into the states entering steps k, 2k, … (truncated BPTT).
 */
export function lstmBackward(
  p: LSTMParams,
  cache: LSTMCache,
  up: LSTMUpstream,
  truncate?: number,
): { grads: LSTMParams; dX: Tensor; dH0: Tensor; dC0: Tensor } {
  checkTruncate(truncate);
  const { numInputs, numHiddens } = dims(p);
  const { X, H0, C0 } = cache;
  const { batchSize: B, numSteps: T } = seqDims(X, 'LSTM input X');
  const dtype = X.dtype;
  const N = B * numHiddens;
  const g = zerosLike(p) as LSTMParams; // the gradient accumulators
  const dX = Tensor.zeros(X.shape, dtype);
  const dHnext = alloc(N, dtype),
    dCnext = alloc(N, dtype);
  if (up.dHT) dHnext.set(up.dHT.data);
  if (up.dCT) dCnext.set(up.dCT.data);
  const dHext = alloc(N, dtype),
    Xt = alloc(B * numInputs, dtype),
    dXt = alloc(B * numInputs, dtype);
  const dA: Record<LSTMGate, Float> = {
    i: alloc(N, dtype),
    f: alloc(N, dtype),
    o: alloc(N, dtype),
    c: alloc(N, dtype),
  };
  for (let t = T - 1; t >= 0; t--) {
    const I = cache.I[t]!,
      F = cache.F[t]!,
      O = cache.O[t]!,
      Ct = cache.Ctilde[t]!,
      C = cache.C[t]!;
    const Cprev = t > 0 ? cache.C[t - 1]! : C0.data;
    const Hprev = maskedState(t > 0 ? cache.H[t - 1]! : H0.data, cache.recurrentMask);
    if (up.dH) getStep(up.dH.data, B, T, numHiddens, t, dHext);
    else dHext.fill(0);
    for (let k = 0; k < N; k++) {
      const dH = dHext[k]! + dHnext[k]!;
      const tc = Math.tanh(C[k]!);
      const dC = dCnext[k]! + dH * O[k]! * (1 - tc * tc);
      dA.o[k] = dH * tc * O[k]! * (1 - O[k]!);
      dA.f[k] = dC * Cprev[k]! * F[k]! * (1 - F[k]!);
      dA.i[k] = dC * Ct[k]! * I[k]! * (1 - I[k]!);
      dA.c[k] = dC * I[k]! * (1 - Ct[k]! * Ct[k]!);
      dCnext[k] = dC * F[k]!; // ∂E/∂C_{t-1}
    }
    dHnext.fill(0);
    dXt.fill(0);
    getStep(X.data, B, T, numInputs, t, Xt);
    for (const gate of LSTM_GATES) {
      gateBackward(
        dA[gate],
        Xt,
        Hprev,
        p[`W_x${gate}`]!.data,
        p[`W_h${gate}`]!.data,
        g[`W_x${gate}`]!.data,
        g[`W_h${gate}`]!.data,
        g[`b_${gate}`]!.data,
        dXt,
        dHnext,
        B,
        numInputs,
        numHiddens,
      );
    }
    const M = cache.recurrentMask;
    if (M !== undefined) for (let k = 0; k < N; k++) dHnext[k]! *= M.data[k]!; // ⊙ M_h
    setStep(dX.data, B, T, numInputs, t, dXt);
    if (t > 0 && truncate !== undefined && t % truncate === 0) {
      dHnext.fill(0);
      dCnext.fill(0);
    }
  }
  return { grads: g, dX, dH0: new Tensor([B, numHiddens], dHnext), dC0: new Tensor([B, numHiddens], dCnext) };
}
