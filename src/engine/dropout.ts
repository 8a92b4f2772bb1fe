/**
 * Inverted dropout masks for time-major sequence blocks [T·B, W] (row t·B + b is step t of sequence b).
 * Every entry is 0 with probability p, else 1/(1 − p), so that E[M ⊙ X] = X and nothing is rescaled
 * at evaluation, where no mask is applied at all:
 *
 *   standard     M[t·B + b, j] drawn for every step, sequence and unit   (Zaremba et al. 2014)
 *   variational  M[t·B + b, j] = m[b, j], one mask per sequence, the same at every step
 *                                                                         (Gal & Ghahramani 2016)
 *
 * The draws come from the engine's dropoutMask kernel (a hash of the seed and the index), so a mask is
 * the same on the SIMD kernels and on the TypeScript fallback.
 */
import { Engine } from './engine';

/** How a mask varies over time: a fresh draw per step, or one draw per sequence (variational). */
export type DropoutKind = 'standard' | 'variational';

/**
 * Fills `mask` [numSteps·batchSize, width] (time-major) with an inverted-dropout mask of rate `p`.
 * `variational`: rows t·B + b for every t repeat the row b of step 0.
 */
export function drawDropoutMask(
  engine: Engine,
  mask: number,
  numSteps: number,
  batchSize: number,
  width: number,
  p: number,
  seed: number,
  kind: DropoutKind,
): void {
  if (!(p >= 0 && p < 1)) throw new Error(`drawDropoutMask: rate must be in [0, 1); got ${p}`);
  const n = numSteps * batchSize * width;
  if (kind === 'standard') {
    engine.kernels.dropoutMask(n, mask, p, seed);
    return;
  }
  const row = batchSize * width; // [batchSize, width]: one mask per sequence
  engine.kernels.dropoutMask(row, mask, p, seed);
  const f = engine.mem.f32(),
    at = mask >> 2;
  for (let t = 1; t < numSteps; t++) f.copyWithin(at + t * row, at, at + row);
}
