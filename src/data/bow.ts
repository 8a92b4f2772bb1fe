/**
 * Bag of words: a sentence as the count of each word index, order thrown away — the features of the
 * logistic-regression baseline that the recurrent classifiers are measured against. Stored as
 * compressed sparse rows, since a sentence uses ~20 of 10,000 columns.
 */

import type { SparseRows } from '../tensor/sparse';

export type { SparseRows };

/**
 * x[r, v] = number of times index v occurs in sequences[r], for v in 1..numFeatures−1. Index 0 (the
 * padding value) is skipped, so padded and unpadded sequences give the same row.
 */
export function bagOfWords(sequences: readonly (ArrayLike<number>)[], numFeatures: number): SparseRows {
  const indptr = new Int32Array(sequences.length + 1);
  const indices: number[] = [], values: number[] = [];
  sequences.forEach((seq, r) => {
    const counts = new Map<number, number>();
    for (let t = 0; t < seq.length; t++) {
      const v = seq[t]!;
      if (v === 0) continue;
      if (!(Number.isInteger(v) && v > 0 && v < numFeatures)) throw new Error(`bagOfWords: index ${v} in sequence ${r} is outside 1..${numFeatures - 1}`);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    for (const [v, c] of [...counts.entries()].sort((a, b) => a[0] - b[0])) { indices.push(v); values.push(c); }
    indptr[r + 1] = indices.length;
  });
  return { numRows: sequences.length, numFeatures, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/** The rows `rows` of X, in that order. */
export function selectRows(X: SparseRows, rows: readonly number[]): SparseRows {
  const indptr = new Int32Array(rows.length + 1);
  let nnz = 0;
  rows.forEach((r, i) => { nnz += X.indptr[r + 1]! - X.indptr[r]!; indptr[i + 1] = nnz; });
  const indices = new Int32Array(nnz), values = new Float64Array(nnz);
  rows.forEach((r, i) => {
    indices.set(X.indices.subarray(X.indptr[r]!, X.indptr[r + 1]!), indptr[i]!);
    values.set(X.values.subarray(X.indptr[r]!, X.indptr[r + 1]!), indptr[i]!);
  });
  return { numRows: rows.length, numFeatures: X.numFeatures, indptr, indices, values };
}
