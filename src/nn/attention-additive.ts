/**
 * Additive attention scores (Bahdanau, Cho & Bengio 2015), a one-hidden-layer network that scores how
 * well query s_i matches key h_j:
 *
 *   e_ij = w_vᵀ tanh(W_q s_i + W_k h_j)
 *
 * In row form, with queries Q [batchSize, numQueries, queryDim] (rows s_i), keys K [batchSize, numKeys,
 * keyDim] (rows h_j), W_q [queryDim, numHiddens], W_k [keyDim, numHiddens], w_v [numHiddens]:
 *
 *   Q̃ = Q W_q                 [batchSize, numQueries, numHiddens]
 *   K̃ = K W_k                 [batchSize, numKeys, numHiddens]
 *   F_ij = tanh(Q̃_i + K̃_j)     [batchSize, numQueries, numKeys, numHiddens]
 *   e_ij = F_ij · w_v          [batchSize, numQueries, numKeys]
 *
 * Unlike the dot product, query and key may have different lengths, and the score is learned. The
 * document's 003 §3.3 leaves its score function unnamed ("α(s_iᵀ·v_j)"); this is the one of the paper
 * that introduced attention for translation.
 */
import { Rng } from '../tensor';
import { DType, Float, Tensor } from '../tensor';
import { gemm } from '../tensor';
import { glorotUniform } from '../tensor';
import { checkParams, Params } from './params';
import { seqDims } from './sequence';
import { checkValidLens } from './attention-dot';

export interface AdditiveAttentionParams extends Params {
  W_q: Tensor; // [queryDim, numHiddens]
  W_k: Tensor; // [keyDim, numHiddens]
  w_v: Tensor; // [numHiddens]
}

/** Glorot-uniform W_q, W_k; w_v uniform in ±1/√numHiddens (d2l uses nn.Linear for all three). */
export function initAdditiveAttention(
  queryDim: number,
  keyDim: number,
  numHiddens: number,
  rng: Rng,
  dtype: DType = 'float32',
): AdditiveAttentionParams {
  const w_v = Tensor.zeros([numHiddens], dtype);
  const a = 1 / Math.sqrt(numHiddens);
  for (let i = 0; i < numHiddens; i++) w_v.data[i] = rng.range(-a, a);
  return {
    W_q: glorotUniform([queryDim, numHiddens], rng, dtype),
    W_k: glorotUniform([keyDim, numHiddens], rng, dtype),
    w_v,
  };
}

/** The sizes of additive attention's parameters, checked. */
export function additiveDims(p: AdditiveAttentionParams): {
  queryDim: number;
  keyDim: number;
  numHiddens: number;
} {
  const [queryDim, numHiddens] = p.W_q.shape as [number, number];
  const keyDim = p.W_k.shape[0]!;
  checkParams(
    p,
    { W_q: [queryDim, numHiddens], W_k: [keyDim, numHiddens], w_v: [numHiddens] },
    'additive attention',
  );
  return { queryDim, keyDim, numHiddens };
}

/** What the backward pass needs from the forward. */
export interface AdditiveCache {
  Q: Tensor;
  K: Tensor;
  /** tanh(Q̃_i + K̃_j) [batchSize, numQueries, numKeys, numHiddens]; masked keys left at 0. */
  F: Float;
  lens: Int32Array;
}

/** The scores E [batchSize, numQueries, numKeys] (masked keys: −∞) and the cache for the backward pass. */
export function additiveScores(
  p: AdditiveAttentionParams,
  Q: Tensor,
  K: Tensor,
  validLens?: ArrayLike<number>,
): { E: Tensor; cache: AdditiveCache } {
  const { queryDim, keyDim, numHiddens: h } = additiveDims(p);
  const { batchSize: B, numSteps: Tq, n: dq } = seqDims(Q, 'additive attention queries Q');
  const { batchSize: B2, numSteps: Tk, n: dk } = seqDims(K, 'additive attention keys K');
  if (dq !== queryDim)
    throw new Error(
      `additive attention: queries Q must have ${queryDim} features, got shape [${Q.shape.join(', ')}]`,
    );
  if (B2 !== B || dk !== keyDim)
    throw new Error(
      `additive attention: keys K must have shape [${B}, numKeys, ${keyDim}], got [${K.shape.join(', ')}]`,
    );
  const lens = checkValidLens(validLens, B, Tk);
  const dtype: DType = Q.dtype === 'float64' || K.dtype === 'float64' ? 'float64' : 'float32';
  const Qp = Tensor.zeros([B * Tq, h], dtype).data,
    Kp = Tensor.zeros([B * Tk, h], dtype).data;
  gemm(Q.data, p.W_q.data, Qp, B * Tq, h, dq); //   Q̃ = Q W_q   [B·Tq, h]
  gemm(K.data, p.W_k.data, Kp, B * Tk, h, dk); //   K̃ = K W_k   [B·Tk, h]
  const F = Tensor.zeros([B, Tq, Tk, h], dtype).data;
  const E = Tensor.zeros([B, Tq, Tk], dtype);
  const w = p.w_v.data;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < Tq; i++) {
      const qo = (b * Tq + i) * h,
        eo = (b * Tq + i) * Tk;
      for (let j = 0; j < Tk; j++) {
        if (j >= lens[b]!) {
          E.data[eo + j] = -Infinity;
          continue;
        }
        const ko = (b * Tk + j) * h,
          fo = (eo + j) * h;
        let e = 0;
        for (let m = 0; m < h; m++) {
          const f = Math.tanh(Qp[qo + m]! + Kp[ko + m]!); //   F_ij = tanh(Q̃_i + K̃_j)
          F[fo + m] = f;
          e += f * w[m]!; //                                   e_ij = F_ij · w_v
        }
        E.data[eo + j] = e;
      }
    }
  }
  return { E, cache: { Q, K, F, lens } };
}

/**
 * Backward pass from dE = ∂L/∂E:
 *   ∂L/∂w_v = Σ_ij dE_ij F_ij
 *   dP_ij = dE_ij w_v ⊙ (1 − F_ij²)                (through the tanh)
 *   dQ̃_i = Σ_j dP_ij,   dK̃_j = Σ_i dP_ij
 *   ∂L/∂W_q = Qᵀ dQ̃,  ∂L/∂Q = dQ̃ W_qᵀ,  ∂L/∂W_k = Kᵀ dK̃,  ∂L/∂K = dK̃ W_kᵀ
 */
export function additiveScoresBackward(
  p: AdditiveAttentionParams,
  cache: AdditiveCache,
  dE: Tensor,
): { grads: AdditiveAttentionParams; dQ: Tensor; dK: Tensor } {
  const { queryDim: dq, keyDim: dk, numHiddens: h } = additiveDims(p);
  const { Q, K, F, lens } = cache;
  const [B, Tq] = Q.shape as [number, number];
  const Tk = K.shape[1]!;
  if (dE.shape.length !== 3 || dE.shape[0] !== B || dE.shape[1] !== Tq || dE.shape[2] !== Tk)
    throw new Error(`expected dE of shape [${B}, ${Tq}, ${Tk}], got [${dE.shape.join(', ')}]`);
  const dtype = Q.dtype;
  const dQp = Tensor.zeros([B * Tq, h], dtype).data,
    dKp = Tensor.zeros([B * Tk, h], dtype).data;
  const grads: AdditiveAttentionParams = {
    W_q: Tensor.zeros(p.W_q.shape, dtype),
    W_k: Tensor.zeros(p.W_k.shape, dtype),
    w_v: Tensor.zeros([h], dtype),
  };
  const w = p.w_v.data,
    dw = grads.w_v.data;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < Tq; i++) {
      const qo = (b * Tq + i) * h,
        eo = (b * Tq + i) * Tk;
      for (let j = 0; j < lens[b]!; j++) {
        const g = dE.data[eo + j]!;
        if (g === 0) continue;
        const ko = (b * Tk + j) * h,
          fo = (eo + j) * h;
        for (let m = 0; m < h; m++) {
          const f = F[fo + m]!;
          dw[m]! += g * f; //                                  ∂L/∂w_v += dE_ij F_ij
          const dP = g * w[m]! * (1 - f * f); //              dP_ij = dE_ij w_v ⊙ (1 − F²)
          dQp[qo + m]! += dP;
          dKp[ko + m]! += dP;
        }
      }
    }
  }
  const dQ = Tensor.zeros(Q.shape, dtype),
    dK = Tensor.zeros(K.shape, dtype);
  gemm(Q.data, dQp, grads.W_q.data, dq, h, B * Tq, { transA: true }); // ∂L/∂W_q = Qᵀ dQ̃   [dq, h]
  gemm(dQp, p.W_q.data, dQ.data, B * Tq, dq, h, { transB: true }); //    ∂L/∂Q = dQ̃ W_qᵀ    [B·Tq, dq]
  gemm(K.data, dKp, grads.W_k.data, dk, h, B * Tk, { transA: true }); // ∂L/∂W_k = Kᵀ dK̃   [dk, h]
  gemm(dKp, p.W_k.data, dK.data, B * Tk, dk, h, { transB: true }); //    ∂L/∂K = dK̃ W_kᵀ    [B·Tk, dk]
  return { grads, dQ, dK };
}
