/**
 * Moving one time step in and out of batch-major sequences: X [batchSize, numSteps, n] holds step t
 * of sequence b at X[(b·numSteps + t)·n …], so a step is `batchSize` rows spread through the array.
 */
import { Float, Tensor } from '../tensor';

/** The dimensions of a batch-major sequence tensor, checked. */
export function seqDims(X: Tensor, what: string): { batchSize: number; numSteps: number; n: number } {
  if (X.shape.length !== 3)
    throw new Error(`${what} must be [batchSize, numSteps, features], got shape [${X.shape.join(', ')}]`);
  const [batchSize, numSteps, n] = X.shape as [number, number, number];
  return { batchSize, numSteps, n };
}

/** out[b, :] = X[b, t, :]   out: [batchSize, n] */
export function getStep(
  X: Float,
  batchSize: number,
  numSteps: number,
  n: number,
  t: number,
  out: Float,
): Float {
  for (let b = 0; b < batchSize; b++)
    out.set(X.subarray((b * numSteps + t) * n, (b * numSteps + t + 1) * n), b * n);
  return out;
}

/** X[b, t, :] = v[b, :] (or += with `accumulate`). */
export function setStep(
  X: Float,
  batchSize: number,
  numSteps: number,
  n: number,
  t: number,
  v: Float,
  accumulate = false,
): void {
  for (let b = 0; b < batchSize; b++) {
    const o = (b * numSteps + t) * n;
    if (accumulate) for (let j = 0; j < n; j++) X[o + j]! += v[b * n + j]!;
    else X.set(v.subarray(b * n, (b + 1) * n), o);
  }
}

/** Adds a bias row to every row: Z[r, :] += b. */
export function addBias(Z: Float, b: Float, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) Z[r * cols + j]! += b[j]!;
}

/** db += Σ_rows dZ. */
export function sumRows(dZ: Float, db: Float, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) for (let j = 0; j < cols; j++) db[j]! += dZ[r * cols + j]!;
}

/** Checks a truncated-BPTT length: undefined (full BPTT) or an integer ≥ 1. */
export function checkTruncate(truncate: number | undefined): void {
  if (truncate !== undefined && !(Number.isInteger(truncate) && truncate >= 1))
    throw new Error(`truncate must be an integer ≥ 1 (steps of BPTT), got ${truncate}`);
}
