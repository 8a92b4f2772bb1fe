/** Sparse rows (CSR): row r holds features indices[indptr[r] … indptr[r+1]) with the given values. */
export interface SparseRows {
  numRows: number;
  numFeatures: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}
