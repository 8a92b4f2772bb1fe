/**
 * Standard scaling, z = (x − μ) / σ, whose statistics come from the training part only: the mean and
 * standard deviation of x_0 … x_{end−1}. Fitting them on the whole series lets the test part's level
 * and spread leak into the inputs (the notebook measures the difference).
 */

/** A fitted scaler: z = (x − mean) / std. */
export interface Scaler {
  mean: number;
  std: number;
}

/**
 * μ = (1/N) Σ x_i and σ = √((1/N) Σ (x_i − μ)²) over x[from, end) (non-finite entries skipped);
 * σ = 1 when the part is constant.
 */
export function fitScaler(x: ArrayLike<number>, end: number = x.length, from = 0): Scaler {
  if (!(end > from && end <= x.length && from >= 0))
    throw new Error(`fitScaler: part [${from}, ${end}) is empty or outside [0, ${x.length})`);
  let sum = 0,
    count = 0;
  for (let i = from; i < end; i++)
    if (Number.isFinite(x[i]!)) {
      sum += x[i]!;
      count++;
    }
  if (count === 0) throw new Error(`fitScaler: no finite value in [${from}, ${end})`);
  const mean = sum / count;
  let ss = 0;
  for (let i = from; i < end; i++) if (Number.isFinite(x[i]!)) ss += (x[i]! - mean) ** 2;
  const std = Math.sqrt(ss / count);
  return { mean, std: std > 0 ? std : 1 };
}

/** z = (x − μ) / σ. */
export function scale(s: Scaler, x: number): number {
  return (x - s.mean) / s.std;
}

/** x = μ + σ z. */
export function unscale(s: Scaler, z: number): number {
  return s.mean + s.std * z;
}
