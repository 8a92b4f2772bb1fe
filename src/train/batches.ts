/** Minibatches: shuffled index batches and row gathering, seeded. */
import { Rng } from '../tensor';
import { Float, Tensor, alloc } from '../tensor';

/** The indices 0..n−1 shuffled (or in order) and cut into batches of `batchSize` (the last may be smaller). */
export function indexBatches(n: number, batchSize: number, rng?: Rng): number[][] {
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const order = rng ? rng.permutation(n) : Array.from({ length: n }, (_, i) => i);
  const out: number[][] = [];
  for (let i = 0; i < n; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

/** Rows `idx` of a row-major [n, cols] array as a tensor [idx.length, cols]. */
export function gatherRows(
  X: Float,
  cols: number,
  idx: readonly number[],
  dtype: 'float32' | 'float64' = 'float32',
): Tensor {
  const out = alloc(idx.length * cols, dtype);
  idx.forEach((r, i) => {
    if (r < 0 || (r + 1) * cols > X.length)
      throw new Error(`gatherRows: row ${r} is out of range for ${X.length / cols} rows`);
    out.set(X.subarray(r * cols, (r + 1) * cols), i * cols);
  });
  return new Tensor([idx.length, cols], out);
}
