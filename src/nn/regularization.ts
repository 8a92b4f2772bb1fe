/**
 * Dropout and L1/L2 penalties — 002 FAQ 5's answer to overfitting.
 *
 * Inverted dropout (Srivastava et al. 2014): in training each unit is kept with probability 1 − p
 * and scaled by 1/(1 − p), so the expected activation is unchanged and nothing is rescaled at test time.
 * L2: R = (λ/2) Σ θ², ∂R/∂θ = λθ.   L1: R = λ Σ |θ|, ∂R/∂θ = λ sign(θ).
 */
import { Rng } from '../tensor';
import { Tensor } from '../tensor';
import { Params } from './params';

/** Y = X ⊙ mask / (1 − p) with mask ~ Bernoulli(1 − p); returns the scaled mask for the backward pass. */
export function dropout(X: Tensor, p: number, rng: Rng): { Y: Tensor; mask: Tensor } {
  if (!(p >= 0 && p < 1)) throw new Error(`dropout: rate must be in [0, 1), got ${p}`);
  const mask = Tensor.zeros(X.shape, X.dtype);
  const Y = Tensor.zeros(X.shape, X.dtype);
  for (let i = 0; i < X.size; i++) {
    mask.data[i] = rng.uniform() >= p ? 1 / (1 - p) : 0;
    Y.data[i] = X.data[i]! * mask.data[i]!;
  }
  return { Y, mask };
}

/** ∂L/∂X = ∂L/∂Y ⊙ mask. */
export function dropoutBackward(dY: Tensor, mask: Tensor): Tensor {
  const dX = Tensor.zeros(dY.shape, dY.dtype);
  for (let i = 0; i < dY.size; i++) dX.data[i] = dY.data[i]! * mask.data[i]!;
  return dX;
}

/**
 * Variational dropout (Gal & Ghahramani 2016): one mask per sequence, the same at every step.
 * M [batchSize, width], entries 1/(1 − p) with probability 1 − p, else 0.
 */
export function sequenceDropoutMask(batchSize: number, width: number, p: number, rng: Rng): Tensor {
  const ones = Tensor.zeros([batchSize, width], 'float64');
  ones.data.fill(1);
  return dropout(ones, p, rng).mask;
}

/**
 * Y[b, t, :] = X[b, t, :] ⊙ M[b, :] for X [batchSize, numSteps, width] and M [batchSize, width] — a
 * sequence mask applied at every step. Its backward is the same product: ∂L/∂X = ∂L/∂Y ⊙ M per step.
 */
export function applySequenceMask(X: Tensor, M: Tensor): Tensor {
  const [B, T, W] = X.shape;
  if (X.shape.length !== 3 || M.shape.length !== 2 || M.shape[0] !== B || M.shape[1] !== W)
    throw new Error(
      'applySequenceMask: expected X [B, T, W] and M [B, W], ' +
        `got [${X.shape.join(', ')}] and [${M.shape.join(', ')}]`,
    );
  const Y = Tensor.zeros(X.shape, X.dtype);
  for (let b = 0; b < B!; b++)
    for (let t = 0; t < T!; t++)
      for (let j = 0; j < W!; j++) {
        const i = (b * T! + t) * W! + j;
        Y.data[i] = X.data[i]! * M.data[b * W! + j]!;
      }
  return Y;
}

/** Which parameters a penalty applies to: by default the weights (names starting with W), not biases. */
const isWeight = (name: string): boolean => name.startsWith('W');

/** Adds λθ to the gradients of the weights and returns (λ/2) Σ θ². */
export function l2Penalty(
  params: Params,
  grads: Params,
  lambda: number,
  applies: (name: string) => boolean = isWeight,
): number {
  let r = 0;
  for (const [k, t] of Object.entries(params)) {
    if (!applies(k)) continue;
    const g = grads[k];
    if (!g) throw new Error(`l2Penalty: no gradient for ${k}`);
    for (let i = 0; i < t.size; i++) {
      r += t.data[i]! * t.data[i]!;
      g.data[i]! += lambda * t.data[i]!;
    }
  }
  return (lambda / 2) * r;
}

/** Adds λ sign(θ) to the gradients of the weights and returns λ Σ |θ|. */
export function l1Penalty(
  params: Params,
  grads: Params,
  lambda: number,
  applies: (name: string) => boolean = isWeight,
): number {
  let r = 0;
  for (const [k, t] of Object.entries(params)) {
    if (!applies(k)) continue;
    const g = grads[k];
    if (!g) throw new Error(`l1Penalty: no gradient for ${k}`);
    for (let i = 0; i < t.size; i++) {
      r += Math.abs(t.data[i]!);
      g.data[i]! += lambda * Math.sign(t.data[i]!);
    }
  }
  return lambda * r;
}
