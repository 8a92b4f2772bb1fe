/**
 * Multi-head self-attention (Vaswani et al. 2017 §3.2.2): h heads, each scaled dot-product attention
 * (src/nn/self-attention.ts) on its own d_k = d/h columns of learned projections of the same input:
 *
 *   Q = X W_q,  K = X W_k,  V = X W_v                 [batchSize, numSteps, d]; W_q, W_k, W_v [d, d]
 *   head_i = Attention(Q_i, K_i, V_i)                 Q_i = columns i·d_k … (i+1)·d_k − 1 of Q
 *   Y = Concat(head_1, …, head_h) W_o + b_o           W_o [d, d], b_o [d]
 *
 * (The paper writes one W_i^Q [d, d_k] per head; stacking the h of them side by side is W_q.) No bias
 * on the projections Q, K, V, one on the output. Each head can attend to a different position.
 */
import { Rng } from '../tensor/rng';
import { DType, Tensor } from '../tensor/tensor';
import { glorotUniform } from '../tensor/init';
import { denseBackward, denseForward } from './dense';
import { Params, checkParams } from './params';
import { SelfAttentionCache, selfAttentionBackward, selfAttentionForward } from './self-attention';
import { seqDims } from './sequence';

export interface MultiHeadAttentionParams extends Params {
  W_q: Tensor;
  W_k: Tensor;
  W_v: Tensor;
  W_o: Tensor;
  b_o: Tensor;
}

/** Glorot-uniform projections, zero output bias. */
export function initMultiHeadAttention(d: number, rng: Rng,
  dtype: DType = 'float32'): MultiHeadAttentionParams {
  return {
    W_q: glorotUniform([d, d], rng, dtype), W_k: glorotUniform([d, d], rng, dtype),
    W_v: glorotUniform([d, d], rng, dtype),
    W_o: glorotUniform([d, d], rng, dtype), b_o: Tensor.zeros([d], dtype),
  };
}

/** [B, T, h·d_k] → [B·h, T, d_k]: head i of batch row b becomes sequence b·h + i. */
export function splitHeads(X: Tensor, numHeads: number): Tensor {
  const { batchSize: B, numSteps: T, n: d } = seqDims(X, 'splitHeads input');
  if (d % numHeads !== 0) throw new Error(`splitHeads: ${d} features do not split into ${numHeads} heads`);
  const dk = d / numHeads;
  const out = Tensor.zeros([B * numHeads, T, dk], X.dtype);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let i = 0; i < numHeads; i++) {
    out.data.set(X.data.subarray((b * T + t) * d + i * dk, (b * T + t) * d + (i + 1) * dk),
      ((b * numHeads + i) * T + t) * dk);
  }
  return out;
}

/** [B·h, T, d_k] → [B, T, h·d_k]: the inverse of {@link splitHeads} (Concat(head_1, …, head_h)). */
export function mergeHeads(X: Tensor, numHeads: number): Tensor {
  const { batchSize: Bh, numSteps: T, n: dk } = seqDims(X, 'mergeHeads input');
  if (Bh % numHeads !== 0) {
    throw new Error(`mergeHeads: ${Bh} sequences are not a multiple of ${numHeads} heads`);
  }
  const B = Bh / numHeads, d = dk * numHeads;
  const out = Tensor.zeros([B, T, d], X.dtype);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let i = 0; i < numHeads; i++) {
    out.data.set(X.data.subarray(((b * numHeads + i) * T + t) * dk, ((b * numHeads + i) * T + t + 1) * dk),
      (b * T + t) * d + i * dk);
  }
  return out;
}

export interface MultiHeadAttentionCache {
  X: Tensor;
  H: Tensor;
  attention: SelfAttentionCache;
  numHeads: number;
}

function check(p: MultiHeadAttentionParams, X: Tensor, numHeads: number): number {
  const d = X.shape[X.shape.length - 1]!;
  checkParams(p, { W_q: [d, d], W_k: [d, d], W_v: [d, d], W_o: [d, d], b_o: [d] }, 'multi-head attention');
  if (!Number.isInteger(numHeads) || numHeads < 1 || d % numHeads !== 0) {
    throw new Error(`multi-head attention: numHeads ${numHeads} must divide d = ${d}`);
  }
  return d;
}

/** Y = Concat(head_1, …, head_h) W_o + b_o for X [batchSize, numSteps, d]; A [B·h, T, T] the weights. */
export function multiHeadAttentionForward(p: MultiHeadAttentionParams, X: Tensor, numHeads: number,
  options: { causal?: boolean } = {}): { Y: Tensor; A: Tensor; cache: MultiHeadAttentionCache } {
  check(p, X, numHeads);
  const zero = Tensor.zeros(p.b_o.shape, X.dtype);
  const Q = splitHeads(denseForward(p.W_q, zero, X), numHeads); // [B·h, T, d_k]   Q = X W_q, by heads
  const K = splitHeads(denseForward(p.W_k, zero, X), numHeads); // [B·h, T, d_k]
  const V = splitHeads(denseForward(p.W_v, zero, X), numHeads); // [B·h, T, d_k]
  const att = selfAttentionForward(Q, K, V, options); //            head_i = Attention(Q_i, K_i, V_i)
  const H = mergeHeads(att.O, numHeads); //                          [B, T, d]   Concat(head_1, …, head_h)
  const Y = denseForward(p.W_o, p.b_o, H); //                        [B, T, d]   Y = H W_o + b_o
  return { Y, A: att.A, cache: { X, H, attention: att.cache, numHeads } };
}

/**
 * Given dY:  ∂E/∂W_o = Hᵀ dY, ∂E/∂b_o = Σ dY, dH = dY W_oᵀ; the heads' backward (self-attention.ts)
 * gives dQ, dK, dV; then ∂E/∂W_q = Xᵀ dQ (same for k, v) and ∂E/∂X = dQ W_qᵀ + dK W_kᵀ + dV W_vᵀ.
 */
export function multiHeadAttentionBackward(p: MultiHeadAttentionParams, cache: MultiHeadAttentionCache,
  dY: Tensor): { grads: MultiHeadAttentionParams; dX: Tensor } {
  const { X, H, attention, numHeads } = cache;
  const out = denseBackward(p.W_o, H, dY);
  const heads = selfAttentionBackward(attention, splitHeads(out.dX, numHeads));
  const q = denseBackward(p.W_q, X, mergeHeads(heads.dQ, numHeads));
  const k = denseBackward(p.W_k, X, mergeHeads(heads.dK, numHeads));
  const v = denseBackward(p.W_v, X, mergeHeads(heads.dV, numHeads));
  const dX = q.dX;
  for (let i = 0; i < dX.size; i++) dX.data[i]! += k.dX.data[i]! + v.dX.data[i]!;
  return { grads: { W_q: q.dW, W_k: k.dW, W_v: v.dW, W_o: out.dW, b_o: out.db }, dX };
}
