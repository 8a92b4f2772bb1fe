/**
 * Attention (003 §3.3 注意力机制): for every query s_i (a decoder state), a weighted average of the
 * values h_j (the encoder outputs), weighted by how well s_i matches each key:
 *
 *   e_ij = score(s_i, h_j)                             attention scores
 *   α_ij = exp(e_ij) / Σ_{k=1..N} exp(e_ik)            attention weights: softmax over the keys j
 *   a_i  = Σ_{j=1..N} α_ij h_j                         the context (attention) vector of query i
 *
 * 003 §3.3 prints the weights as α_i = exp(e_ij) / Σ_j exp(e_ij): the left side has lost the index j and
 * the sum reuses the free index j of the numerator. Written out, the weight has two indices and the sum
 * runs over a separate index k of the same axis as j — every row α_i· sums to 1 (checked in the tests and
 * in notebook 08). Normalising over the queries i instead (a softmax along the wrong axis) is the easy
 * mistake that misreading invites; notebook 08 shows its rows do not sum to 1.
 *
 * The scores: {@link additiveScores} (Bahdanau), {@link dotScores} (Luong; scaled as Vaswani). Padded
 * source positions j ≥ validLens[b] get the score −∞, so exp(−∞) = 0 makes their weight exactly 0.
 *
 * Shapes, batch-major: queries Q [batchSize, numQueries, queryDim], keys K [batchSize, numKeys, keyDim],
 * values V [batchSize, numKeys, valueDim] (the keys themselves when omitted, as in a translator).
 */
import { Tensor } from '../tensor';
import {
  AdditiveAttentionParams,
  AdditiveCache,
  additiveScores,
  additiveScoresBackward,
} from './attention-additive';
import { checkValidLens, dotScores, dotScoresBackward } from './attention-dot';
import { seqDims } from './sequence';

/** How the scores e_ij are computed. */
export type AttentionScore = 'additive' | 'dot' | 'scaled-dot';

/**
 * α = softmax over the last axis of E [batchSize, numQueries, numKeys], keys j ≥ validLens[b] masked
 * (weight exactly 0). E's masked entries may hold anything; they are treated as −∞.
 */
export function maskedSoftmax(E: Tensor, validLens?: ArrayLike<number>): Tensor {
  if (E.shape.length !== 3)
    throw new Error(
      `maskedSoftmax: expected scores of shape [batchSize, numQueries, numKeys], got [${E.shape.join(', ')}]`,
    );
  const [B, Tq, Tk] = E.shape as [number, number, number];
  const lens = checkValidLens(validLens, B, Tk);
  const A = Tensor.zeros(E.shape, E.dtype);
  for (let b = 0; b < B; b++) {
    const n = lens[b]!;
    for (let i = 0; i < Tq; i++) {
      const o = (b * Tq + i) * Tk;
      let m = -Infinity;
      for (let j = 0; j < n; j++) m = Math.max(m, E.data[o + j]!);
      let s = 0;
      for (let j = 0; j < n; j++) {
        const x = Math.exp(E.data[o + j]! - m);
        A.data[o + j] = x;
        s += x;
      }
      for (let j = 0; j < n; j++) A.data[o + j]! /= s; //        α_ij = exp(e_ij) / Σ_k exp(e_ik); j ≥ n stay 0
    }
  }
  return A;
}

/** ∂L/∂e_ij = α_ij (∂L/∂α_ij − Σ_k α_ik ∂L/∂α_ik), the softmax's Jacobian applied row by row (masked: 0). */
export function maskedSoftmaxBackward(alpha: Tensor, dAlpha: Tensor): Tensor {
  if (dAlpha.size !== alpha.size)
    throw new Error(`maskedSoftmaxBackward: dα has ${dAlpha.size} values, α has ${alpha.size}`);
  const Tk = alpha.shape[alpha.shape.length - 1]!;
  const rows = alpha.size / Tk;
  const dE = Tensor.zeros(alpha.shape, alpha.dtype);
  for (let r = 0; r < rows; r++) {
    const o = r * Tk;
    let dot = 0;
    for (let j = 0; j < Tk; j++) dot += alpha.data[o + j]! * dAlpha.data[o + j]!;
    for (let j = 0; j < Tk; j++) dE.data[o + j] = alpha.data[o + j]! * (dAlpha.data[o + j]! - dot);
  }
  return dE;
}

/** a_i = Σ_j α_ij v_j: A [batchSize, numQueries, valueDim] from α [batchSize, numQueries, numKeys] and V [batchSize, numKeys, valueDim]. */
export function attentionPool(alpha: Tensor, V: Tensor): Tensor {
  const [B, Tq, Tk] = alpha.shape as [number, number, number];
  const { batchSize: B2, numSteps: Tk2, n: dv } = seqDims(V, 'attention values V');
  if (B2 !== B || Tk2 !== Tk)
    throw new Error(
      `attention values V must have shape [${B}, ${Tk}, valueDim], got [${V.shape.join(', ')}]`,
    );
  const A = Tensor.zeros(
    [B, Tq, dv],
    alpha.dtype === 'float64' || V.dtype === 'float64' ? 'float64' : 'float32',
  );
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < Tq; i++) {
      const ao = (b * Tq + i) * dv,
        wo = (b * Tq + i) * Tk;
      for (let j = 0; j < Tk; j++) {
        const w = alpha.data[wo + j]!;
        if (w === 0) continue;
        const vo = (b * Tk + j) * dv;
        for (let m = 0; m < dv; m++) A.data[ao + m]! += w * V.data[vo + m]!; //   a_i = Σ_j α_ij v_j
      }
    }
  }
  return A;
}

/** ∂L/∂α_ij = dA_i · v_j and ∂L/∂v_j = Σ_i α_ij dA_i. */
export function attentionPoolBackward(alpha: Tensor, V: Tensor, dA: Tensor): { dAlpha: Tensor; dV: Tensor } {
  const [B, Tq, Tk] = alpha.shape as [number, number, number];
  const dv = V.shape[2]!;
  if (dA.shape.length !== 3 || dA.shape[0] !== B || dA.shape[1] !== Tq || dA.shape[2] !== dv)
    throw new Error(`expected dA of shape [${B}, ${Tq}, ${dv}], got [${dA.shape.join(', ')}]`);
  const dAlpha = Tensor.zeros(alpha.shape, alpha.dtype),
    dV = Tensor.zeros(V.shape, V.dtype);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < Tq; i++) {
      const ao = (b * Tq + i) * dv,
        wo = (b * Tq + i) * Tk;
      for (let j = 0; j < Tk; j++) {
        const vo = (b * Tk + j) * dv,
          w = alpha.data[wo + j]!;
        let g = 0;
        for (let m = 0; m < dv; m++) {
          g += dA.data[ao + m]! * V.data[vo + m]!;
          dV.data[vo + m]! += w * dA.data[ao + m]!;
        }
        dAlpha.data[wo + j] = g;
      }
    }
  }
  return { dAlpha, dV };
}

/** Options of {@link attentionForward}. */
export interface AttentionOptions {
  /** The score function. */
  score: AttentionScore;
  /** Parameters of additive attention (required for 'additive'). */
  params?: AdditiveAttentionParams;
  /** Valid keys per batch row (the source lengths); omitted: all. */
  validLens?: ArrayLike<number>;
}

/** What {@link attentionBackward} needs. */
export interface AttentionCache {
  options: AttentionOptions;
  Q: Tensor;
  K: Tensor;
  V: Tensor;
  /** The weights α [batchSize, numQueries, numKeys]. */
  alpha: Tensor;
  additive?: AdditiveCache;
}

/**
 * The attention layer: scores, masked softmax, weighted average.
 * @returns A [batchSize, numQueries, valueDim] (the context vectors a_i), α (the weights), and the cache
 */
export function attentionForward(
  Q: Tensor,
  K: Tensor,
  V: Tensor | undefined,
  options: AttentionOptions,
): { A: Tensor; alpha: Tensor; cache: AttentionCache } {
  const values = V ?? K;
  let E: Tensor, additive: AdditiveCache | undefined;
  if (options.score === 'additive') {
    if (!options.params) throw new Error("attention: score 'additive' needs its parameters (W_q, W_k, w_v)");
    ({ E, cache: additive } = additiveScores(options.params, Q, K, options.validLens));
  } else if (options.score === 'dot' || options.score === 'scaled-dot') {
    E = dotScores(Q, K, { scaled: options.score === 'scaled-dot', validLens: options.validLens });
  } else {
    throw new Error(`attention: score must be additive, dot or scaled-dot, got '${String(options.score)}'`);
  }
  const alpha = maskedSoftmax(E, options.validLens);
  const A = attentionPool(alpha, values);
  return { A, alpha, cache: { options, Q, K, V: values, alpha, additive } };
}

/**
 * Backward pass of the attention layer from dA = ∂L/∂A (and optionally dα = ∂L/∂α for a loss on the
 * weights themselves). Gradients of the additive parameters in `grads` (empty for dot products).
 * When V was omitted (values = keys), dK includes the values' share.
 */
export function attentionBackward(
  cache: AttentionCache,
  dA: Tensor,
  dAlphaExtra?: Tensor,
): { dQ: Tensor; dK: Tensor; dV: Tensor; grads: Partial<AdditiveAttentionParams> } {
  const { options, Q, K, V, alpha } = cache;
  const { dAlpha, dV } = attentionPoolBackward(alpha, V, dA);
  if (dAlphaExtra) for (let i = 0; i < dAlpha.size; i++) dAlpha.data[i]! += dAlphaExtra.data[i]!;
  const dE = maskedSoftmaxBackward(alpha, dAlpha);
  let dQ: Tensor,
    dK: Tensor,
    grads: Partial<AdditiveAttentionParams> = {};
  if (options.score === 'additive') {
    const r = additiveScoresBackward(options.params!, cache.additive!, dE);
    ({ dQ, dK, grads } = r);
  } else {
    ({ dQ, dK } = dotScoresBackward(Q, K, dE, {
      scaled: options.score === 'scaled-dot',
      validLens: options.validLens,
    }));
  }
  if (V === K) {
    // values are the keys: both paths reach K
    for (let i = 0; i < dK.size; i++) dK.data[i]! += dV.data[i]!;
  }
  return { dQ, dK, dV, grads };
}
