/**
 * One pre-norm Transformer block (Xiong et al. 2020; GPT-2's arrangement): layer normalisation before
 * each sub-layer, the residual path untouched —
 *
 *   Z = X + MultiHead(LN_1(X))           [batchSize, numSteps, d]
 *   Y = Z + FFN(LN_2(Z))                 [batchSize, numSteps, d]
 *
 * Vaswani et al. 2017 normalise after the sum (post-norm, LN(X + Sublayer(X))), which needs a learning-
 * rate warm-up to train; with the norm inside the branch, the identity path carries the gradient
 * straight from the loss to every block (∂Y/∂X = I + …). Backward, read from the two lines:
 *
 *   dZ = dY + LN_2ᵀ(FFNᵀ(dY))            dX = dZ + LN_1ᵀ(MultiHeadᵀ(dZ))
 */
import { Rng } from '../tensor/rng';
import { DType, Tensor } from '../tensor/tensor';
import {
  FeedForwardCache, FeedForwardParams, feedForward, feedForwardBackward, initFeedForward,
} from './feed-forward';
import { LayerNormCache, initLayerNorm, layerNormBackward, layerNormForward } from './layer-norm';
import {
  MultiHeadAttentionCache, MultiHeadAttentionParams, initMultiHeadAttention, multiHeadAttentionBackward,
  multiHeadAttentionForward,
} from './multi-head-attention';

export interface TransformerBlockParams extends MultiHeadAttentionParams, FeedForwardParams {
  ln1_g: Tensor; ln1_b: Tensor; ln2_g: Tensor; ln2_b: Tensor;
}

/** The sizes of a block. */
export interface BlockSizes { d: number; numHeads: number; ffnDim: number }

export function initTransformerBlock(s: BlockSizes, rng: Rng,
  dtype: DType = 'float32'): TransformerBlockParams {
  const ln1 = initLayerNorm(s.d, dtype), ln2 = initLayerNorm(s.d, dtype);
  return { ln1_g: ln1.gamma, ln1_b: ln1.beta, ...initMultiHeadAttention(s.d, rng, dtype), ln2_g: ln2.gamma,
    ln2_b: ln2.beta, ...initFeedForward(s.d, s.ffnDim, rng, dtype) };
}

export interface TransformerBlockCache {
  ln1: LayerNormCache;
  mha: MultiHeadAttentionCache;
  ln2: LayerNormCache;
  ffn: FeedForwardCache;
}

function add(a: Tensor, b: Tensor): Tensor {
  const c = a.clone();
  for (let i = 0; i < c.size; i++) c.data[i]! += b.data[i]!;
  return c;
}

/** Y = Z + FFN(LN_2(Z)), Z = X + MultiHead(LN_1(X)); A [B·h, T, T] the attention weights. */
export function transformerBlockForward(p: TransformerBlockParams, X: Tensor, numHeads: number,
  options: { causal?: boolean } = {}): { Y: Tensor; A: Tensor; cache: TransformerBlockCache } {
  const ln1 = layerNormForward({ gamma: p.ln1_g, beta: p.ln1_b }, X);
  const mha = multiHeadAttentionForward(p, ln1.Y, numHeads, options);
  const Z = add(X, mha.Y); //                                             Z = X + MultiHead(LN_1(X))
  const ln2 = layerNormForward({ gamma: p.ln2_g, beta: p.ln2_b }, Z);
  const ffn = feedForward(p, ln2.Y);
  const Y = add(Z, ffn.Y); //                                             Y = Z + FFN(LN_2(Z))
  return { Y, A: mha.A, cache: { ln1: ln1.cache, mha: mha.cache, ln2: ln2.cache, ffn: ffn.cache } };
}

/** dZ = dY + LN_2ᵀ(FFNᵀ(dY)), dX = dZ + LN_1ᵀ(MultiHeadᵀ(dZ)), and every parameter's gradient. */
export function transformerBlockBackward(p: TransformerBlockParams, cache: TransformerBlockCache,
  dY: Tensor): { grads: TransformerBlockParams; dX: Tensor } {
  const ffn = feedForwardBackward(p, cache.ffn, dY);
  const ln2 = layerNormBackward({ gamma: p.ln2_g, beta: p.ln2_b }, cache.ln2, ffn.dX);
  const dZ = add(dY, ln2.dX);
  const mha = multiHeadAttentionBackward(p, cache.mha, dZ);
  const ln1 = layerNormBackward({ gamma: p.ln1_g, beta: p.ln1_b }, cache.ln1, mha.dX);
  const grads: TransformerBlockParams = { ln1_g: ln1.dgamma, ln1_b: ln1.dbeta, ...mha.grads,
    ln2_g: ln2.dgamma, ln2_b: ln2.dbeta, ...ffn.grads };
  return { grads, dX: add(dZ, ln1.dX) };
}
