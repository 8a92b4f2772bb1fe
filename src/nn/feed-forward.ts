/**
 * The position-wise feed-forward network (Vaswani et al. 2017 §3.3): the same two-layer MLP applied to
 * every position separately,
 *
 *   F = max(0, X W_1 + b_1)          [batchSize, numSteps, ffnDim]     W_1 [d, ffnDim]
 *   Y = F W_2 + b_2                  [batchSize, numSteps, d]          W_2 [ffnDim, d]
 *
 * with ffnDim = 4d in the paper. Attention mixes positions; this block mixes features.
 */
import { Rng } from '../tensor/rng';
import { DType, Tensor } from '../tensor/tensor';
import { glorotUniform } from '../tensor/init';
import { denseBackward, denseForward } from './dense';
import { Params, checkParams } from './params';

export interface FeedForwardParams extends Params { W_1: Tensor; b_1: Tensor; W_2: Tensor; b_2: Tensor }

export function initFeedForward(d: number, ffnDim: number, rng: Rng,
  dtype: DType = 'float32'): FeedForwardParams {
  return { W_1: glorotUniform([d, ffnDim], rng, dtype), b_1: Tensor.zeros([ffnDim], dtype),
    W_2: glorotUniform([ffnDim, d], rng, dtype), b_2: Tensor.zeros([d], dtype) };
}

export interface FeedForwardCache { X: Tensor; F: Tensor }

/** Y = max(0, X W_1 + b_1) W_2 + b_2 over the last axis of X. */
export function feedForward(p: FeedForwardParams, X: Tensor): { Y: Tensor; cache: FeedForwardCache } {
  const d = X.shape[X.shape.length - 1]!, ffnDim = p.b_1.size;
  checkParams(p, { W_1: [d, ffnDim], b_1: [ffnDim], W_2: [ffnDim, d], b_2: [d] }, 'feed-forward');
  const F = denseForward(p.W_1, p.b_1, X); //             X W_1 + b_1
  for (let i = 0; i < F.size; i++) if (F.data[i]! < 0) F.data[i] = 0; // F = max(0, ·)
  return { Y: denseForward(p.W_2, p.b_2, F), cache: { X, F } };
}

/** dF = dY W_2ᵀ ⊙ [F > 0];  ∂E/∂W_2 = Fᵀ dY, ∂E/∂W_1 = Xᵀ dF, ∂E/∂b = Σ_rows, ∂E/∂X = dF W_1ᵀ. */
export function feedForwardBackward(p: FeedForwardParams, cache: FeedForwardCache,
  dY: Tensor): { grads: FeedForwardParams; dX: Tensor } {
  const two = denseBackward(p.W_2, cache.F, dY);
  const dF = two.dX;
  for (let i = 0; i < dF.size; i++) if (!(cache.F.data[i]! > 0)) dF.data[i] = 0; // relu' = [F > 0]
  const one = denseBackward(p.W_1, cache.X, dF);
  return { grads: { W_1: one.dW, b_1: one.db, W_2: two.dW, b_2: two.db }, dX: one.dX };
}
