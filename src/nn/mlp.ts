/**
 * The multilayer perceptron of 000 §3.5.1, forward and backward.
 *
 * Forward, the document's a_i^(l) = f(Σ_j w_ij^(l) a_j^(l-1) + b_i^(l)), for a batch of row vectors:
 *   A^(l) = f(A^(l-1) W^(l) + b^(l)),   A^(0) = X,   W^(l): [n_{l-1}, n_l]
 * with f the hidden activation and the identity on the last layer (its outputs are logits; the loss
 * applies softmax).
 *
 * Backward — note the document's line δ_j^(l) = ∂E/∂a_j^(l) · ∂a_j^(l)/∂w_ij^(l) mixes two different
 * things: the error signal δ of a layer and the gradient of a weight. Kept apart they are
 *   δ^(L)   = ∂E/∂Z^(L)                                  (softmax − onehot)/m for cross-entropy
 *   δ^(l)   = (δ^(l+1) W^(l+1)ᵀ) ⊙ f'(Z^(l))              the error signal, layer by layer
 *   ∂E/∂W^(l) = A^(l-1)ᵀ δ^(l),   ∂E/∂b^(l) = Σ_rows δ^(l)   the gradients the update uses
 */
import { Rng } from '../tensor';
import { DType, Tensor } from '../tensor';
import { gemm } from '../tensor';
import { glorotUniform } from '../tensor';
import { Activation, activate, derivativeFromOutput } from './activations';
import { Params } from './params';
import { addBias, sumRows } from './sequence';

/** Parameters W1, b1, W2, b2, … (layer l has W{l}: [n_{l-1}, n_l] and b{l}: [n_l]). */
export type MLPParams = Params;

/** Glorot-uniform weights and zero biases for layer sizes [n_0, n_1, …, n_L]. */
export function initMLP(sizes: readonly number[], rng: Rng, dtype: DType = 'float32'): MLPParams {
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`initMLP: sizes must be ≥ 2 positive integers, got [${sizes.join(', ')}]`);
  const p: MLPParams = {};
  for (let l = 1; l < sizes.length; l++) {
    p[`W${l}`] = glorotUniform([sizes[l - 1]!, sizes[l]!], rng, dtype);
    p[`b${l}`] = Tensor.zeros([sizes[l]!], dtype);
  }
  return p;
}

/** Number of layers L of an MLP's parameters (W1 … WL). */
export function numLayers(p: MLPParams): number {
  let L = 0;
  while (p[`W${L + 1}`]) L++;
  if (L === 0) throw new Error(`MLP parameters have no W1 (have ${Object.keys(p).join(', ')})`);
  return L;
}

export interface MLPCache {
  A: Tensor[];
  hidden: Activation;
}

/** Logits Z^(L) [m, n_L] for X [m, n_0]; `hidden` is f on layers 1…L−1. */
export function mlpForward(
  p: MLPParams,
  X: Tensor,
  hidden: Activation = 'relu',
): { logits: Tensor; cache: MLPCache } {
  const L = numLayers(p);
  if (X.shape.length !== 2 || X.shape[1] !== p.W1!.shape[0])
    throw new Error(`MLP input must be [m, ${p.W1!.shape[0]}], got [${X.shape.join(', ')}]`);
  const m = X.shape[0]!;
  const A: Tensor[] = [X];
  for (let l = 1; l <= L; l++) {
    const W = p[`W${l}`]!,
      b = p[`b${l}`]!;
    const [nIn, nOut] = W.shape as [number, number];
    const Z = Tensor.zeros([m, nOut], X.dtype);
    gemm(A[l - 1]!.data, W.data, Z.data, m, nOut, nIn); // A^(l-1) W^(l)   [m, n_l]
    addBias(Z.data, b.data, m, nOut); //                  + b^(l)
    if (l < L) for (let i = 0; i < Z.size; i++) Z.data[i] = activate(hidden, Z.data[i]!); // f(·)
    A.push(Z);
  }
  return { logits: A[L]!, cache: { A, hidden } };
}

/** Backpropagation from δ^(L) = ∂E/∂logits: gradients of every W and b, and ∂E/∂X. */
export function mlpBackward(
  p: MLPParams,
  cache: MLPCache,
  dLogits: Tensor,
): { grads: MLPParams; dX: Tensor } {
  const L = numLayers(p);
  const { A, hidden } = cache;
  const m = A[0]!.shape[0]!;
  const grads: MLPParams = {};
  let delta = dLogits; // δ^(L)   [m, n_L]
  for (let l = L; l >= 1; l--) {
    const W = p[`W${l}`]!;
    const [nIn, nOut] = W.shape as [number, number];
    const dW = Tensor.zeros(W.shape, delta.dtype),
      db = Tensor.zeros([nOut], delta.dtype);
    gemm(A[l - 1]!.data, delta.data, dW.data, nIn, nOut, m, { transA: true }); // ∂E/∂W^(l) = A^(l-1)ᵀ δ^(l)
    sumRows(delta.data, db.data, m, nOut); //                                      ∂E/∂b^(l) = Σ δ^(l)
    grads[`W${l}`] = dW;
    grads[`b${l}`] = db;
    const prev = Tensor.zeros([m, nIn], delta.dtype);
    gemm(delta.data, W.data, prev.data, m, nIn, nOut, { transB: true }); //      δ^(l) W^(l)ᵀ   [m, n_{l-1}]
    if (l > 1)
      for (let i = 0; i < prev.size; i++) prev.data[i]! *= derivativeFromOutput(hidden, A[l - 1]!.data[i]!); // ⊙ f'(Z^(l-1))
    delta = prev;
  }
  return { grads, dX: delta };
}
