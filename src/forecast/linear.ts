/**
 * Linear least squares in closed form, the fit behind the AR(p) baseline:
 *
 *   β̂ = argmin_β ‖X β − y‖² = (XᵀX + λI)⁻¹ Xᵀ y
 *
 * solved through the Cholesky factor of XᵀX + λI (λ a tiny ridge, 1e-8 · trace/p by default, only so
 * that collinear columns — one-hot days of the week next to an intercept — leave the system solvable).
 */

/** Options of {@link leastSquares}. */
export interface LeastSquaresOptions {
  /**
   * λ relative to the mean diagonal of XᵀX.
   * @default 1e-8
   */
  ridge?: number;
}

/** β̂ for X [rows, p] (row-major) and y [rows]. */
export function leastSquares(
  X: Float64Array,
  y: Float64Array,
  p: number,
  options: LeastSquaresOptions = {},
): Float64Array {
  const rows = y.length;
  if (X.length !== rows * p)
    throw new Error(`leastSquares: X has ${X.length} values, expected ${rows} × ${p}`);
  if (rows < 1) throw new Error('leastSquares: no rows');
  // A = XᵀX [p, p], c = Xᵀy [p]
  const A = new Float64Array(p * p),
    c = new Float64Array(p);
  for (let r = 0; r < rows; r++) {
    const o = r * p,
      yr = y[r]!;
    for (let i = 0; i < p; i++) {
      const xi = X[o + i]!;
      if (xi === 0) continue;
      c[i]! += xi * yr;
      for (let j = i; j < p; j++) A[i * p + j]! += xi * X[o + j]!;
    }
  }
  let trace = 0;
  for (let i = 0; i < p; i++) trace += A[i * p + i]!;
  const lambda = (options.ridge ?? 1e-8) * Math.max(trace / p, 1e-300);
  for (let i = 0; i < p; i++) {
    A[i * p + i]! += lambda;
    for (let j = 0; j < i; j++) A[i * p + j] = A[j * p + i]!;
  }
  return choleskySolve(A, c, p);
}

/** Solves A x = c for a symmetric positive definite A [p, p] by A = L Lᵀ, L y = c, Lᵀ x = y. */
export function choleskySolve(A: Float64Array, c: Float64Array, p: number): Float64Array {
  const L = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * p + j]!;
      for (let k = 0; k < j; k++) s -= L[i * p + k]! * L[j * p + k]!;
      if (i === j) {
        if (!(s > 0))
          throw new Error(`choleskySolve: the matrix is not positive definite (pivot ${i} is ${s})`);
        L[i * p + i] = Math.sqrt(s);
      } else L[i * p + j] = s / L[j * p + j]!;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = c[i]!;
    for (let k = 0; k < i; k++) s -= L[i * p + k]! * z[k]!;
    z[i] = s / L[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= L[k * p + i]! * x[k]!;
    x[i] = s / L[i * p + i]!;
  }
  return x;
}

/** ŷ = β · x for one row. */
export function linearPredict(beta: Float64Array, x: ArrayLike<number>): number {
  if (x.length !== beta.length)
    throw new Error(`linearPredict: ${x.length} features for ${beta.length} coefficients`);
  let s = 0;
  for (let i = 0; i < beta.length; i++) s += beta[i]! * x[i]!;
  return s;
}

/**
 * AR(p) on a plain series, the textbook form: y_{t+1} = c + φ_1 y_t + … + φ_p y_{t−p+1} + ε, fitted on
 * y[0, end) by least squares. Returns [c, φ_1, …, φ_p].
 */
export function fitAR(y: ArrayLike<number>, p: number, end: number = y.length): Float64Array {
  if (!Number.isInteger(p) || p < 1) throw new Error(`fitAR: order p must be a positive integer, got ${p}`);
  const rows = end - p;
  if (rows < p + 1) throw new Error(`fitAR: ${end} values are too few for AR(${p})`);
  const X = new Float64Array(rows * (p + 1)),
    target = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const t = r + p - 1; // origin: predicts y_{t+1} from y_t … y_{t−p+1}
    X[r * (p + 1)] = 1;
    for (let i = 1; i <= p; i++) X[r * (p + 1) + i] = y[t - i + 1]!;
    target[r] = y[t + 1]!;
  }
  return leastSquares(X, target, p + 1);
}

/** Recursive AR(p) forecasts ŷ_{t+1} … ŷ_{t+H} from origin t, each prediction fed back as an input. */
export function arForecast(
  coef: Float64Array,
  y: ArrayLike<number>,
  t: number,
  horizon: number,
): Float64Array {
  const p = coef.length - 1;
  if (t - p + 1 < 0) throw new Error(`arForecast: origin ${t} has fewer than p = ${p} values before it`);
  const history = Array.from({ length: p }, (_, i) => y[t - p + 1 + i]!); // oldest first
  const out = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    let s = coef[0]!;
    for (let i = 1; i <= p; i++) s += coef[i]! * history[p - i]!;
    out[h] = s;
    history.shift();
    history.push(s);
  }
  return out;
}
