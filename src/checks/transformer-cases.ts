/**
 * Gradient-check cases for the Transformer's pieces (src/nn: layer norm, causal self-attention,
 * multi-head attention, learned positions, the feed-forward block, a pre-norm block, the whole decoder-
 * only language model): random float64 parameters and inputs, a loss that uses every output (a fixed
 * random linear functional, as in cases.ts; the language model's own cross-entropy), and the analytic
 * gradients from the hand-written backward passes. `rnnlab checks` and the unit tests both use them.
 */
import { Rng, Tensor } from '../tensor/index';
import {
  addPositions, addPositionsBackward, feedForward, feedForwardBackward, flattenTransformerLM,
  initFeedForward, initMultiHeadAttention, initTransformerBlock, initTransformerLM, layerNormBackward,
  layerNormForward, multiHeadAttentionBackward, multiHeadAttentionForward, selfAttentionBackward,
  selfAttentionForward, sinusoidalPositions, softmaxCrossEntropy, transformerBlockBackward, transformerBlockForward,
  transformerLMForward, transformerLMLossAndGradients, TransformerSizes,
} from '../nn/index';
import { GradCase, dot, randomTensor } from './cases';

const B = 2, T = 5, D = 8, HEADS = 2, FFN = 12;

/** Random N(0, scale²) values written over a parameter (biases and gains away from their init). */
function jitter(t: Tensor, rng: Rng, scale: number, offset = 0): Tensor {
  for (let i = 0; i < t.size; i++) t.data[i] = offset + rng.normal(0, scale);
  return t;
}

export function layerNormCase(seed = 11): GradCase {
  const rng = new Rng(seed);
  const gamma = randomTensor([D], rng, 0.5), beta = randomTensor([D], rng, 0.5);
  const X = randomTensor([B, T, D], rng, 2), W = randomTensor([B, T, D], rng);
  for (let i = 0; i < D; i++) gamma.data[i]! += 1;
  const p = { gamma, beta };
  return {
    inputs: { gamma, beta, X },
    loss: () => dot(layerNormForward(p, X).Y, W),
    analytic: () => {
      const b = layerNormBackward(p, layerNormForward(p, X).cache, W);
      return { gamma: b.dgamma, beta: b.dbeta, X: b.dX };
    },
  };
}

export function selfAttentionCase(seed = 12, causal = true): GradCase {
  const rng = new Rng(seed);
  const Q = randomTensor([B, T, 4], rng), K = randomTensor([B, T, 4], rng), V = randomTensor([B, T, 3], rng);
  const W = randomTensor([B, T, 3], rng);
  return {
    inputs: { Q, K, V },
    loss: () => dot(selfAttentionForward(Q, K, V, { causal }).O, W),
    analytic: () => {
      const r = selfAttentionBackward(selfAttentionForward(Q, K, V, { causal }).cache, W);
      return { Q: r.dQ, K: r.dK, V: r.dV };
    },
  };
}

export function multiHeadAttentionCase(seed = 13): GradCase {
  const rng = new Rng(seed);
  const p = initMultiHeadAttention(D, rng, 'float64');
  jitter(p.b_o, rng, 0.3);
  const X = randomTensor([B, T, D], rng), W = randomTensor([B, T, D], rng);
  return {
    inputs: { ...p, X },
    loss: () => dot(multiHeadAttentionForward(p, X, HEADS).Y, W),
    analytic: () => {
      const r = multiHeadAttentionBackward(p, multiHeadAttentionForward(p, X, HEADS).cache, W);
      return { ...r.grads, X: r.dX };
    },
  };
}

export function positionsCase(seed = 14): GradCase {
  const rng = new Rng(seed);
  const P = randomTensor([T + 2, D], rng, 0.1), X = randomTensor([B, T, D], rng),
    W = randomTensor([B, T, D], rng);
  return {
    inputs: { P, X },
    loss: () => dot(addPositions(X, P), W),
    analytic: () => ({ P: addPositionsBackward(W, T + 2), X: W }),
  };
}

export function feedForwardCase(seed = 15): GradCase {
  const rng = new Rng(seed);
  const p = initFeedForward(D, FFN, rng, 'float64');
  jitter(p.b_1, rng, 0.3);
  jitter(p.b_2, rng, 0.3);
  const X = randomTensor([B, T, D], rng), W = randomTensor([B, T, D], rng);
  return {
    inputs: { ...p, X },
    loss: () => dot(feedForward(p, X).Y, W),
    analytic: () => {
      const r = feedForwardBackward(p, feedForward(p, X).cache, W);
      return { ...r.grads, X: r.dX };
    },
  };
}

export function transformerBlockCase(seed = 16): GradCase {
  const rng = new Rng(seed);
  const p = initTransformerBlock({ d: D, numHeads: HEADS, ffnDim: FFN }, rng, 'float64');
  for (const k of ['ln1_g', 'ln2_g'] as const) jitter(p[k], rng, 0.3, 1);
  for (const k of ['ln1_b', 'ln2_b', 'b_o', 'b_1', 'b_2'] as const) jitter(p[k], rng, 0.3);
  const X = randomTensor([B, T, D], rng), W = randomTensor([B, T, D], rng);
  return {
    inputs: { ...p, X },
    loss: () => dot(transformerBlockForward(p, X, HEADS).Y, W),
    analytic: () => {
      const r = transformerBlockBackward(p, transformerBlockForward(p, X, HEADS).cache, W);
      return { ...r.grads, X: r.dX };
    },
  };
}

/** The sizes of the language-model case: 2 blocks, learned positions. */
export const LM_CASE_SIZES: TransformerSizes = { vocabSize: 7, d: D, numHeads: HEADS, numLayers: 2,
  ffnDim: FFN, maxLen: 8, positional: 'learned' };

export function transformerLMCase(seed = 17, sizes: TransformerSizes = LM_CASE_SIZES): GradCase {
  const rng = new Rng(seed);
  const p = initTransformerLM(sizes, rng, 'float64');
  const flat = flattenTransformerLM(p);
  for (const [k, t] of Object.entries(flat)) {
    if (/(_g)$/.test(k)) jitter(t, rng, 0.3, 1);
    else if (/(_b|b_o|b_1|b_2|b_out)$/.test(k)) jitter(t, rng, 0.3);
    else if (k === 'embedding' || k === 'positions') jitter(t, rng, 0.5);
  }
  const X = Int32Array.from({ length: B * T }, () => rng.int(sizes.vocabSize));
  const Y = Int32Array.from({ length: B * T }, () => rng.int(sizes.vocabSize));
  return {
    inputs: flat,
    loss: () => {
      const { logits } = transformerLMForward(p, sizes, X, B, T);
      return softmaxCrossEntropy(logits.data, Y, B * T, sizes.vocabSize).loss;
    },
    analytic: () => flattenTransformerLM(transformerLMLossAndGradients(p, sizes, X, Y, B, T).grads),
  };
}

/** Largest change of the logits at positions ≤ t when every token after t is replaced. */
export function causalLeak(seed = 21): number {
  const rng = new Rng(seed);
  const s = LM_CASE_SIZES, p = initTransformerLM(s, rng, 'float64');
  const T = s.maxLen, t = 3;
  const X = Int32Array.from({ length: T }, () => rng.int(s.vocabSize));
  const X2 = X.slice();
  for (let j = t + 1; j < T; j++) X2[j] = (X[j]! + 1 + rng.int(s.vocabSize - 1)) % s.vocabSize;
  const a = transformerLMForward(p, s, X, 1, T).logits.data,
    b = transformerLMForward(p, s, X2, 1, T).logits.data;
  let worst = 0;
  for (let k = 0; k < (t + 1) * s.vocabSize; k++) worst = Math.max(worst, Math.abs(a[k]! - b[k]!));
  return worst;
}

/** max |P_{t+k} − R(k) P_t| where R(k) rotates each pair (sin, cos) by the angle k/10000^{2i/d}. */
export function sinusoidalShiftError(numSteps = 40, d = 16, k = 7): number {
  const P = sinusoidalPositions(numSteps + k, d, 'float64');
  let worst = 0;
  for (let t = 0; t < numSteps; t++) {
    for (let j = 0; j < d; j += 2) {
      const w = k / Math.pow(10000, j / d), s = P.data[t * d + j]!, c = P.data[t * d + j + 1]!;
      // sin(a + b) = sin a cos b + cos a sin b,  cos(a + b) = cos a cos b − sin a sin b
      worst = Math.max(worst, Math.abs(P.data[(t + k) * d + j]! - (s * Math.cos(w) + c * Math.sin(w))));
      worst = Math.max(worst, Math.abs(P.data[(t + k) * d + j + 1]! - (c * Math.cos(w) - s * Math.sin(w))));
    }
  }
  return worst;
}

/** max over rows |Σ_j A_ij − 1| plus the largest weight above the diagonal (must be exactly 0). */
export function attentionRowError(seed = 22): number {
  const rng = new Rng(seed);
  const Q = randomTensor([3, 9, 4], rng, 3), K = randomTensor([3, 9, 4], rng, 3),
    V = randomTensor([3, 9, 2], rng);
  const { A } = selfAttentionForward(Q, K, V);
  let worst = 0;
  for (let r = 0; r < 3 * 9; r++) {
    const i = r % 9;
    let s = 0;
    for (let j = 0; j < 9; j++) {
      s += A.data[r * 9 + j]!;
      if (j > i) worst = Math.max(worst, Math.abs(A.data[r * 9 + j]!));
    }
    worst = Math.max(worst, Math.abs(s - 1));
  }
  return worst;
}
