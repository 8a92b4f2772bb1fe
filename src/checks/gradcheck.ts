/**
 * Gradient checking by central differences: ∂L/∂θ_k ≈ (L(θ + ε e_k) − L(θ − ε e_k)) / 2ε, with an
 * error O(ε²). Run in float64, where ε = 1e-6 leaves ~1e-10 of rounding: an analytic gradient that
 * agrees to a relative error of 1e-6 or better is right, a wrong sign or a missing term is off by O(1).
 */
import { Float, Tensor } from '../tensor';
import { relativeError } from './close';

/** Central-difference gradient of `loss` with respect to the array `x`, which is perturbed in place and restored. */
export function numericGradient(loss: () => number, x: Float, eps = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const saved = x[k]!;
    x[k] = saved + eps;
    const up = loss();
    x[k] = saved - eps;
    const down = loss();
    x[k] = saved;
    g[k] = (up - down) / (2 * eps);
  }
  return g;
}

/** One row of {@link gradCheck}: the relative error of the analytic gradient of one parameter. */
export interface GradCheckRow {
  name: string;
  relError: number;
  size: number;
}

/**
 * Compares analytic gradients with central differences for every named tensor in `inputs`
 * (parameters, and inputs or initial states if wanted). `loss` must read the tensors' current data.
 */
export function gradCheck(
  loss: () => number,
  inputs: Record<string, Tensor>,
  analytic: Record<string, Tensor>,
  eps = 1e-6,
): GradCheckRow[] {
  return Object.entries(inputs).map(([name, t]) => {
    const a = analytic[name];
    if (!a) throw new Error(`gradCheck: no analytic gradient for ${name}`);
    if (a.size !== t.size)
      throw new Error(`gradCheck: gradient of ${name} has ${a.size} values, the tensor ${t.size}`);
    if (t.dtype !== 'float64')
      throw new Error(`gradCheck: ${name} is ${t.dtype}; central differences need float64`);
    return { name, relError: relativeError(a.data, numericGradient(loss, t.data, eps), name), size: t.size };
  });
}
