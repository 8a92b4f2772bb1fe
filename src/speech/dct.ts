/**
 * The DCT-II, orthonormal (what turns log filterbank energies into cepstral coefficients):
 *
 *   c_n = √(2/M) · s_n · Σ_{m=0}^{M−1} e_m cos(π n (m + ½) / M),     s_0 = 1/√2, s_n = 1 otherwise
 *
 * As a matrix D [M, M] with D[n][m] = √(2/M) s_n cos(π n (m + ½)/M), c = D e and D Dᵀ = I (orthogonal),
 * so the transform keeps the energy Σ e² = Σ c². Keeping the first numCeps rows keeps the smooth
 * outline of the log spectrum (the vocal tract) and drops the fine detail (the pitch harmonics).
 */

/** The first `rows` rows of the orthonormal DCT-II matrix of size M: [rows, M]. */
export function dctMatrix(M: number, rows = M): Float64Array[] {
  if (!Number.isInteger(rows) || rows < 1 || rows > M)
    throw new Error(`dctMatrix: rows must be an integer in [1, ${M}]; got ${rows}`);
  return Array.from({ length: rows }, (_, n) => {
    const s = n === 0 ? Math.SQRT1_2 : 1,
      scale = Math.sqrt(2 / M) * s;
    return Float64Array.from({ length: M }, (_, m) => scale * Math.cos((Math.PI * n * (m + 0.5)) / M));
  });
}

/** c = D e for a DCT matrix D [rows, M] and e [M]. */
export function applyDct(D: Float64Array[], e: ArrayLike<number>): Float64Array {
  return Float64Array.from(D, (row) => {
    let s = 0;
    for (let m = 0; m < row.length; m++) s += row[m]! * e[m]!;
    return s;
  });
}
