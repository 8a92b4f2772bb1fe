/**
 * Parameters and gradients as named records of tensors (`{ W_xh, W_hh, b_h }`), so a check or an
 * optimizer can iterate over every parameter by name.
 */
import { DType, Tensor } from '../tensor';

export type Params = Record<string, Tensor>;

/** Zero tensors shaped like `p` (the gradient accumulators). */
export function zerosLike(p: Params): Params {
  return Object.fromEntries(Object.entries(p).map(([k, t]) => [k, Tensor.zeros(t.shape, t.dtype)]));
}

/** A deep copy, optionally in another dtype (e.g. float64 for a gradient check). */
export function cloneParams(p: Params, dtype?: DType): Params {
  return Object.fromEntries(Object.entries(p).map(([k, t]) => [k, t.clone(dtype ?? t.dtype)]));
}

/** Total number of scalar parameters. */
export function countParams(p: Params): number {
  return Object.values(p).reduce((s, t) => s + t.size, 0);
}

/** Checks that `p` has exactly the expected names with the expected shapes. */
export function checkParams(p: Params, expected: Record<string, readonly number[]>, what: string): void {
  for (const [name, shape] of Object.entries(expected)) {
    const t = p[name];
    if (!t) throw new Error(`${what}: parameter ${name} is missing (have ${Object.keys(p).join(', ')})`);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new Error(`${what}: ${name} must have shape [${shape.join(', ')}], got [${t.shape.join(', ')}]`);
    }
  }
}
