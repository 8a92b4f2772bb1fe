/**
 * Gradient clipping by global norm (Pascanu et al. 2013; 002 FAQ, 001 §5): if ‖g‖ = √(Σ_k ‖g_k‖²)
 * over all parameters exceeds θ, every gradient is scaled by θ/‖g‖ — the direction is kept, the
 * length capped. It tames exploding gradients; it does nothing for vanishing ones.
 */
import { Params } from './params';

/** ‖g‖ over all gradients. */
export function globalNorm(grads: Params): number {
  let s = 0;
  for (const t of Object.values(grads)) for (let i = 0; i < t.size; i++) s += t.data[i]! * t.data[i]!;
  return Math.sqrt(s);
}

/** Scales `grads` in place so that their global norm is at most `maxNorm`; returns the norm before and the scale used. */
export function clipGlobalNorm(grads: Params, maxNorm: number): { norm: number; scale: number } {
  if (!(maxNorm > 0)) throw new Error(`clipGlobalNorm: maxNorm must be > 0, got ${maxNorm}`);
  const norm = globalNorm(grads);
  const scale = norm > maxNorm ? maxNorm / norm : 1;
  if (scale < 1) for (const t of Object.values(grads)) for (let i = 0; i < t.size; i++) t.data[i]! *= scale;
  return { norm, scale };
}
