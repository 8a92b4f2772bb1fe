/**
 * Scaled dot-product attention with a causal mask (Vaswani et al. 2017 §3.2.1), one head, for
 * queries, keys and values that all come from the same sequence (self-attention):
 *
 *   S = Q Kᵀ / √d_k                          scores, [numSteps, numSteps] per batch row
 *   S_ij = −∞ for j > i                      causal mask: position i sees only positions j ≤ i
 *   A = softmax(S) row by row                attention weights, each row sums to 1
 *   O = A V                                  [numSteps, d_v]
 *
 * Q, K [batchSize, numSteps, d_k], V [batchSize, numSteps, d_v]. With `causal: false` every position
 * sees every other (an encoder's self-attention). Why √d_k: the dot product of two vectors with d_k
 * independent unit-variance entries has variance d_k; dividing keeps the scores' scale and the softmax
 * away from saturation (src/nn/attention-dot.ts, notebook 08).
 */
import { gemm } from '../tensor/gemm';
import { Tensor } from '../tensor/tensor';
import { seqDims } from './sequence';

export interface SelfAttentionOptions {
  /** Mask the future (a decoder / language model). @default true */
  causal?: boolean;
}

export interface SelfAttentionCache { Q: Tensor; K: Tensor; V: Tensor; A: Tensor; causal: boolean }

function dimsOf(Q: Tensor, K: Tensor, V: Tensor): { B: number; T: number; dk: number; dv: number } {
  const { batchSize: B, numSteps: T, n: dk } = seqDims(Q, 'self-attention queries Q');
  const k = seqDims(K, 'self-attention keys K'), v = seqDims(V, 'self-attention values V');
  if (k.batchSize !== B || k.numSteps !== T || k.n !== dk) {
    throw new Error(`self-attention: keys must be [${B}, ${T}, ${dk}], got [${K.shape.join(', ')}]`);
  }
  if (v.batchSize !== B || v.numSteps !== T) {
    throw new Error(`self-attention: values must be [${B}, ${T}, d_v], got [${V.shape.join(', ')}]`);
  }
  return { B, T, dk, dv: v.n };
}

/** O = softmax(mask(Q Kᵀ/√d_k)) V; also returns the weights A [batchSize, numSteps, numSteps]. */
export function selfAttentionForward(Q: Tensor, K: Tensor, V: Tensor,
  options: SelfAttentionOptions = {}): { O: Tensor; A: Tensor; cache: SelfAttentionCache } {
  const causal = options.causal ?? true;
  const { B, T, dk, dv } = dimsOf(Q, K, V);
  const dtype = Q.dtype;
  const A = Tensor.zeros([B, T, T], dtype), O = Tensor.zeros([B, T, dv], dtype);
  const c = 1 / Math.sqrt(dk);
  for (let b = 0; b < B; b++) {
    const q = Q.data.subarray(b * T * dk), k = K.data.subarray(b * T * dk), v = V.data.subarray(b * T * dv);
    const S = A.data.subarray(b * T * T, (b + 1) * T * T);
    gemm(q, k, S, T, T, dk, { transB: true }); //                     S = Q Kᵀ   [T, T]
    for (let i = 0; i < T; i++) {
      const row = S.subarray(i * T, (i + 1) * T);
      const n = causal ? i + 1 : T; //                                  keys j < n are visible
      let m = -Infinity;
      for (let j = 0; j < n; j++) m = Math.max(m, c * row[j]!);
      let s = 0;
      for (let j = 0; j < n; j++) s += (row[j] = Math.exp(c * row[j]! - m)); // exp(S_ij/… − max)
      for (let j = 0; j < n; j++) row[j]! /= s; //                      A_ij = softmax_j(S_ij)
      row.fill(0, n); //                                                S_ij = −∞ ⇒ A_ij = 0 for j > i
    }
    gemm(S, v, O.data.subarray(b * T * dv), T, dv, T); //              O = A V   [T, d_v]
  }
  return { O, A, cache: { Q, K, V, A, causal } };
}

/**
 * Given dO:
 *   ∂E/∂V = Aᵀ dO,   dA = dO Vᵀ
 *   dS_ij = A_ij (dA_ij − Σ_k A_ik dA_ik)       the softmax's Jacobian, row by row (masked: A_ij = 0 ⇒ 0)
 *   ∂E/∂Q = dS K / √d_k,   ∂E/∂K = dSᵀ Q / √d_k
 */
export function selfAttentionBackward(cache: SelfAttentionCache,
  dO: Tensor): { dQ: Tensor; dK: Tensor; dV: Tensor } {
  const { Q, K, V, A } = cache;
  const { B, T, dk, dv } = dimsOf(Q, K, V);
  if (dO.size !== B * T * dv) {
    throw new Error(`self-attention backward: dO must be [${B}, ${T}, ${dv}], got [${dO.shape.join(', ')}]`);
  }
  const dtype = Q.dtype;
  const dQ = Tensor.zeros(Q.shape, dtype), dK = Tensor.zeros(K.shape, dtype),
    dV = Tensor.zeros(V.shape, dtype);
  const dS = Tensor.zeros([T, T], dtype).data;
  const c = 1 / Math.sqrt(dk);
  for (let b = 0; b < B; b++) {
    const a = A.data.subarray(b * T * T), go = dO.data.subarray(b * T * dv);
    gemm(a, go, dV.data.subarray(b * T * dv), T, dv, T, { transA: true }); //    ∂E/∂V = Aᵀ dO
    gemm(go, V.data.subarray(b * T * dv), dS, T, T, dv, { transB: true }); //     dA = dO Vᵀ
    for (let i = 0; i < T; i++) {
      let dot = 0;
      for (let j = 0; j < T; j++) dot += a[i * T + j]! * dS[i * T + j]!;
      for (let j = 0; j < T; j++) dS[i * T + j] = c * a[i * T + j]! * (dS[i * T + j]! - dot); // dS/√d_k
    }
    // ∂E/∂Q = dS K/√d_k
    gemm(dS, K.data.subarray(b * T * dk), dQ.data.subarray(b * T * dk), T, dk, T);
    // ∂E/∂K = dSᵀ Q/√d_k
    gemm(dS, Q.data.subarray(b * T * dk), dK.data.subarray(b * T * dk), T, dk, T, { transA: true });
  }
  return { dQ, dK, dV };
}
