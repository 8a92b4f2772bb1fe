// AssemblyScript: compiled to WebAssembly by scripts/build-wasm.js (never committed as .wasm).
// Matrix products over f32 row-major matrices in linear memory, addressed by byte offsets:
//   gemm_nn:  C[M,N] (+)= A[M,K]   · B[K,N]
//   gemm_tn:  C[M,N] (+)= A[K,M]ᵀ  · B[K,N]      (weight gradients: dW = Xᵀ dY)
//   gemm_nt:  C[M,N] (+)= A[M,K]   · B[N,K]ᵀ     (via a transpose of B into scratch, then gemm_nn)
// The micro-kernel keeps a 4×8 block of C in eight f32x4 registers (4 rows × 2 vectors): 4×16 would
// spill V8's 16 vector registers. Each step over k loads two vectors of B's row k and broadcasts four
// values of A.

// A's element (i, k): A[i·lda + k], or for Aᵀ storage A[k·M + i].
@inline function loadA(A: usize, transA: bool, M: i32, lda: i32, i: i32, k: i32): f32 {
  return transA ? load<f32>(A + (<usize>(k * M + i) << 2)) : load<f32>(A + (<usize>(i * lda + k) << 2));
}

/** C[M,N] (+)= A·B over K = `K` inner steps, A's rows `lda` floats apart (not transposed). */
@inline function panel(A: usize, B: usize, C: usize, M: i32, N: i32, lda: i32, K: i32, accumulate: bool, transA: bool): void {
  const N8 = N & ~7;
  const M4 = M & ~3;
  for (let i = 0; i < M4; i += 4) {
    for (let j = 0; j < N8; j += 8) {
      let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
      let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
      let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
      let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
      // Pointers advance by a stride each k (no index arithmetic in the loop): A's four rows (or, for
      // Aᵀ storage, four adjacent values of one row) and the two vectors of B's row k.
      const aStride: usize = transA ? <usize>M << 2 : 4;
      let pa: usize = transA ? A + (<usize>i << 2) : A + (<usize>(i * lda) << 2);
      const rowStep: usize = transA ? 4 : <usize>lda << 2;
      let pb: usize = B + (<usize>j << 2);
      const bStride: usize = <usize>N << 2;
      for (let k = 0; k < K; k++) {
        const b0 = v128.load(pb);
        const b1 = v128.load(pb, 16);
        const a0 = f32x4.splat(load<f32>(pa));
        const a1 = f32x4.splat(load<f32>(pa + rowStep));
        const a2 = f32x4.splat(load<f32>(pa + 2 * rowStep));
        const a3 = f32x4.splat(load<f32>(pa + 3 * rowStep));
        c00 = f32x4.add(c00, f32x4.mul(a0, b0)); c01 = f32x4.add(c01, f32x4.mul(a0, b1));
        c10 = f32x4.add(c10, f32x4.mul(a1, b0)); c11 = f32x4.add(c11, f32x4.mul(a1, b1));
        c20 = f32x4.add(c20, f32x4.mul(a2, b0)); c21 = f32x4.add(c21, f32x4.mul(a2, b1));
        c30 = f32x4.add(c30, f32x4.mul(a3, b0)); c31 = f32x4.add(c31, f32x4.mul(a3, b1));
        pa += aStride;
        pb += bStride;
      }
      const p0 = C + (<usize>(i * N + j) << 2);
      const p1 = p0 + (<usize>N << 2), p2 = p1 + (<usize>N << 2), p3 = p2 + (<usize>N << 2);
      if (accumulate) {
        c00 = f32x4.add(c00, v128.load(p0)); c01 = f32x4.add(c01, v128.load(p0, 16));
        c10 = f32x4.add(c10, v128.load(p1)); c11 = f32x4.add(c11, v128.load(p1, 16));
        c20 = f32x4.add(c20, v128.load(p2)); c21 = f32x4.add(c21, v128.load(p2, 16));
        c30 = f32x4.add(c30, v128.load(p3)); c31 = f32x4.add(c31, v128.load(p3, 16));
      }
      v128.store(p0, c00); v128.store(p0, c01, 16);
      v128.store(p1, c10); v128.store(p1, c11, 16);
      v128.store(p2, c20); v128.store(p2, c21, 16);
      v128.store(p3, c30); v128.store(p3, c31, 16);
    }
  }
  // Edges: the columns past N8 for the blocked rows, and the rows past M4 for all columns.
  for (let i = 0; i < M; i++) {
    const jStart = i < M4 ? N8 : 0;
    for (let j = jStart; j < N; j++) {
      let s: f32 = 0;
      for (let k = 0; k < K; k++) s += loadA(A, transA, M, lda, i, k) * load<f32>(B + (<usize>(k * N + j) << 2));
      const p = C + (<usize>(i * N + j) << 2);
      store<f32>(p, accumulate ? load<f32>(p) + s : s);
    }
  }
}

// Panels of KC rows of B are multiplied in turn, accumulating into C: a panel (KC × N floats) stays in
// cache while every row block of A passes over it, instead of B being streamed from memory M/4 times.
const KC: i32 = 128;

@inline function blocked(A: usize, B: usize, C: usize, M: i32, N: i32, K: i32, accumulate: bool, transA: bool): void {
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    // A's columns k0… : for A [M, K] an offset of k0 floats (row stride stays K); for Aᵀ, k0 rows of M.
    const a = transA ? A + (<usize>(k0 * M) << 2) : A + (<usize>k0 << 2);
    panel(a, B + (<usize>(k0 * N) << 2), C, M, N, K, kc, accumulate || k0 > 0, transA);
  }
}

export function gemm_nn(A: usize, B: usize, C: usize, M: i32, N: i32, K: i32, accumulate: bool): void {
  blocked(A, B, C, M, N, K, accumulate, false);
}

export function gemm_tn(A: usize, B: usize, C: usize, M: i32, N: i32, K: i32, accumulate: bool): void {
  blocked(A, B, C, M, N, K, accumulate, true);
}

/** dst[cols, rows] = src[rows, cols]ᵀ */
export function transpose(src: usize, dst: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      store<f32>(dst + (<usize>(c * rows + r) << 2), load<f32>(src + (<usize>(r * cols + c) << 2)));
    }
  }
}

/** C[M,N] (+)= A[M,K] · B[N,K]ᵀ, using `scratch` (N·K floats) for Bᵀ. */
export function gemm_nt(A: usize, B: usize, C: usize, M: i32, N: i32, K: i32, accumulate: bool, scratch: usize): void {
  transpose(B, scratch, N, K);
  blocked(A, scratch, C, M, N, K, accumulate, false);
}

/** First free byte after the module's static data (lookup tables of Mathf.exp & co.): the host's arena starts here. */
export function heap_base(): usize {
  return __heap_base;
}
