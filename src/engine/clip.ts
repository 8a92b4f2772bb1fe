/**
 * Gradient clipping by global norm (Pascanu et al. 2013): with ‖g‖ = √(Σ over every parameter of Σ g²),
 *
 *   g ← g · min(1, θ / ‖g‖)
 */
import { Engine } from './engine';
import { Parameter } from './parameter';

/** The global L2 norm of the gradients of `params`. */
export function gradNorm(engine: Engine, params: readonly Parameter[]): number {
  const out = engine.reductionSlots(1);
  let sq = 0;
  for (const p of params) {
    engine.kernels.sumSquares(p.size, p.grad.ptr, out);
    sq += new Float64Array(engine.mem.memory.buffer, out, 1)[0]!;
  }
  return Math.sqrt(sq);
}

/** Scales all gradients so that their global norm is at most `maxNorm`; returns the norm before. */
export function clipGlobalNorm(engine: Engine, params: readonly Parameter[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new Error(`maxNorm must be positive; got ${maxNorm}`);
  const norm = gradNorm(engine, params);
  if (norm > maxNorm) {
    const s = maxNorm / norm;
    for (const p of params) engine.kernels.scale(p.size, p.grad.ptr, s);
  }
  return norm;
}
