/**
 * A decoder-only Transformer language model (GPT's shape: Radford et al. 2018; pre-norm as GPT-2),
 * the float64 reference the engine's model (src/engine/transformer-model.ts) is checked against:
 *
 *   X^(0) = emb[x] + P                        [batchSize, numSteps, d]   token embedding + positions
 *   X^(l) = Block_l(X^(l−1))                  l = 1 … numLayers, causal multi-head attention
 *   O = LN_f(X^(L)) W_out + b_out             [batchSize, numSteps, vocabSize]   logits
 *   loss = mean over (b, t) of −log softmax(O_{b,t})[y_{b,t}]
 *
 * The final layer norm LN_f belongs to the pre-norm design: nothing else normalises the last block's
 * sum. Every position is predicted at once — the causal mask is what keeps position t from reading x_{t+1}.
 */
import { Rng } from '../tensor/rng';
import { DType, Tensor } from '../tensor/tensor';
import { glorotUniform, normalInit } from '../tensor/init';
import { denseBackward, denseForward } from './dense';
import { LayerNormCache, initLayerNorm, layerNormBackward, layerNormForward } from './layer-norm';
import { softmaxCrossEntropy } from './losses';
import { Params } from './params';
import { addPositions, addPositionsBackward, sinusoidalPositions } from './positional-encoding';
import {
  TransformerBlockCache, TransformerBlockParams, initTransformerBlock, transformerBlockBackward,
  transformerBlockForward,
} from './transformer-block';

export type PositionalKind = 'sinusoidal' | 'learned';

/** The sizes of a decoder-only Transformer. */
export interface TransformerSizes {
  vocabSize: number;
  /** Model width d (embedding, attention, residual stream). */
  d: number;
  numHeads: number;
  numLayers: number;
  /** Hidden width of the feed-forward blocks (4d in the paper). */
  ffnDim: number;
  /** Longest sequence (learned positions have this many vectors). */
  maxLen: number;
  positional: PositionalKind;
}

export interface TransformerLMParams {
  embedding: Tensor;
  /** [maxLen, d], learned positions only. */
  positions?: Tensor;
  blocks: TransformerBlockParams[];
  lnf_g: Tensor; lnf_b: Tensor;
  W_out: Tensor; b_out: Tensor;
}

export function initTransformerLM(s: TransformerSizes, rng: Rng,
  dtype: DType = 'float32'): TransformerLMParams {
  const lnf = initLayerNorm(s.d, dtype);
  return {
    embedding: normalInit([s.vocabSize, s.d], 0.02, rng, dtype),
    positions: s.positional === 'learned' ? normalInit([s.maxLen, s.d], 0.02, rng, dtype) : undefined,
    blocks: Array.from({ length: s.numLayers }, () => initTransformerBlock(s, rng, dtype)),
    lnf_g: lnf.gamma, lnf_b: lnf.beta,
    W_out: glorotUniform([s.d, s.vocabSize], rng, dtype), b_out: Tensor.zeros([s.vocabSize], dtype),
  };
}

/** Every tensor by a flat name (`block0/W_q`, …), for gradient checks and optimizers. */
export function flattenTransformerLM(p: TransformerLMParams): Params {
  const out: Params = { embedding: p.embedding };
  if (p.positions) out.positions = p.positions;
  p.blocks.forEach((b, l) => { for (const [k, t] of Object.entries(b)) out[`block${l}/${k}`] = t; });
  Object.assign(out, { lnf_g: p.lnf_g, lnf_b: p.lnf_b, W_out: p.W_out, b_out: p.b_out });
  return out;
}

export interface TransformerLMCache {
  tokens: Int32Array; B: number; T: number;
  blocks: TransformerBlockCache[]; lnf: LayerNormCache; Hf: Tensor;
  /** Attention weights of every block, [B·h, T, T]. */
  A: Tensor[];
}

/** Logits O [batchSize, numSteps, vocabSize] of tokens [batchSize·numSteps] (batch-major). */
export function transformerLMForward(p: TransformerLMParams, s: TransformerSizes, tokens: Int32Array,
  B: number, T: number): { logits: Tensor; cache: TransformerLMCache } {
  if (tokens.length !== B * T) {
    throw new Error(`transformer LM: expected ${B}×${T} tokens, got ${tokens.length}`);
  }
  if (T > s.maxLen) throw new Error(`transformer LM: ${T} steps exceed maxLen ${s.maxLen}`);
  const d = s.d, dtype = p.embedding.dtype;
  const E = Tensor.zeros([B, T, d], dtype);
  tokens.forEach((x, r) => {
    if (!(x >= 0 && x < s.vocabSize)) {
      throw new Error(`transformer LM: token ${x} at ${r} is outside [0, ${s.vocabSize})`);
    }
    E.data.set(p.embedding.data.subarray(x * d, (x + 1) * d), r * d); //     emb[x]
  });
  let X = addPositions(E, p.positions ?? sinusoidalPositions(T, d, dtype)); // X^(0) = emb[x] + P
  const caches: TransformerBlockCache[] = [], A: Tensor[] = [];
  for (const block of p.blocks) {
    const r = transformerBlockForward(block, X, s.numHeads, { causal: true }); // X^(l) = Block_l(X^(l−1))
    caches.push(r.cache);
    A.push(r.A);
    X = r.Y;
  }
  const lnf = layerNormForward({ gamma: p.lnf_g, beta: p.lnf_b }, X);
  const logits = denseForward(p.W_out, p.b_out, lnf.Y); //                  O = LN_f(X^(L)) W_out + b_out
  return { logits, cache: { tokens, B, T, blocks: caches, lnf: lnf.cache, Hf: lnf.Y, A } };
}

/** Mean cross-entropy of the next tokens Y [batchSize·numSteps] and the gradient of every parameter. */
export function transformerLMLossAndGradients(p: TransformerLMParams, s: TransformerSizes, X: Int32Array,
  Y: Int32Array, B: number, T: number): { loss: number; grads: TransformerLMParams } {
  const { logits, cache } = transformerLMForward(p, s, X, B, T);
  const ce = softmaxCrossEntropy(logits.data, Y, B * T, s.vocabSize);
  return { loss: ce.loss, grads: transformerLMBackward(p, s, cache, new Tensor(logits.shape, ce.grad)) };
}

/** Backward from ∂E/∂O: the dense layer, LN_f, the blocks top-down, then positions and embedding rows. */
export function transformerLMBackward(p: TransformerLMParams, s: TransformerSizes, cache: TransformerLMCache,
  dO: Tensor): TransformerLMParams {
  const out = denseBackward(p.W_out, cache.Hf, dO);
  const lnf = layerNormBackward({ gamma: p.lnf_g, beta: p.lnf_b }, cache.lnf, out.dX);
  let dX = lnf.dX;
  const blocks: TransformerBlockParams[] = [];
  for (let l = p.blocks.length - 1; l >= 0; l--) {
    const r = transformerBlockBackward(p.blocks[l]!, cache.blocks[l]!, dX);
    blocks[l] = r.grads;
    dX = r.dX;
  }
  const d = s.d;
  const embedding = Tensor.zeros(p.embedding.shape, p.embedding.dtype);
  // ∂E/∂emb[x] += ∂E/∂X^(0)
  cache.tokens.forEach((x, r) => {
    for (let j = 0; j < d; j++) embedding.data[x * d + j]! += dX.data[r * d + j]!;
  });
  return {
    embedding, positions: p.positions ? addPositionsBackward(dX, p.positions.shape[0]!) : undefined,
    blocks, lnf_g: lnf.dgamma, lnf_b: lnf.dbeta, W_out: out.dW, b_out: out.db,
  };
}
