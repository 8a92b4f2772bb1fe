// Register-blocked f32x4 SIMD GEMM over packed panels (the GotoBLAS/BLIS scheme).
//
//   C[M, N] = beta·C + op(A)[M, K] · op(B)[K, N]            beta ∈ {0, 1}
//
// A is read through strides (rsA, csA) so one routine serves A·B, Aᵀ·B and A·Bᵀ: element (i, k) of
// op(A) lives at A + (i·rsA + k·csA)·4. B likewise with (rsB, csB). Both operands are first copied
// into contiguous panels: A into [⌈mc/MR⌉][kc][MR] and B into [⌈N/NR⌉][K][NR], zero padded, so the
// micro-kernel reads two sequential streams. The 4×8 micro-kernel keeps its 4×8 block of C in eight
// v128 registers (4×16 would spill V8's 16 vector registers; so did 6×8, measured 2× slower). Built with
// relaxed SIMD (build/wasm/engine-relaxed.wasm) each multiply-add is one fused f32x4.relaxed_madd: with
// FMA on this machine's CPU, 22 → 29–41 GFLOP/s on one thread.
// All pointers are byte addresses into the shared memory; all counts are in f32 elements.

export const MR: i32 = 4;
export const NR: i32 = 8;
/** Depth of one block of K: a B micro-panel of KC×NR floats (8 KiB) stays in L1. */
export const KC: i32 = 256;
/** Rows of A packed at once: MC×KC floats (128 KiB) stay in L2. */
export const MC: i32 = 128;
/** Columns of B packed at once by {@link gemm}. */
export const NC: i32 = 1024;

/** Floats of scratch {@link gemm} needs: packed A block, packed B block, one edge tile. */
export function gemmScratchFloats(): i32 {
  return MC * KC + KC * NC + MR * NR;
}

/**
 * Packs op(B)[k0 : k0+kc, 0 : n] into panels [⌈n/NR⌉][kc][NR] (zero padded on the right).
 */
export function packB(kc: i32, n: i32, B: usize, rsB: i32, csB: i32, dst: usize): void {
  const rs = <usize>rsB << 2, cs = <usize>csB << 2;
  for (let j = 0; j < n; j += NR) {
    const nr = min(NR, n - j);
    let src = B + <usize>j * cs;
    if (nr == NR && csB == 1) {
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += rs;
        dst += NR << 2;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        let s = src;
        for (let jj = 0; jj < NR; jj++) {
          store<f32>(dst + (<usize>jj << 2), jj < nr ? load<f32>(s) : 0);
          s += cs;
        }
        src += rs;
        dst += NR << 2;
      }
    }
  }
}

/** Packs op(A)[0 : m, 0 : kc] into panels [⌈m/MR⌉][kc][MR] (zero padded at the bottom). */
export function packA(m: i32, kc: i32, A: usize, rsA: i32, csA: i32, dst: usize): void {
  const rs = <usize>rsA << 2, cs = <usize>csA << 2;
  for (let i = 0; i < m; i += MR) {
    const mr = min(MR, m - i);
    const a0 = A + <usize>i * rs;
    if (mr == MR && rsA == 1) {
      // op(A) rows are contiguous in memory along i (A stored transposed): one vector per k.
      let s = a0;
      for (let k = 0; k < kc; k++) {
        v128.store(dst, v128.load(s));
        s += cs;
        dst += MR << 2;
      }
    } else if (mr == MR) {
      let s0 = a0, s1 = a0 + rs, s2 = a0 + 2 * rs, s3 = a0 + 3 * rs;
      for (let k = 0; k < kc; k++) {
        store<f32>(dst, load<f32>(s0));
        store<f32>(dst, load<f32>(s1), 4);
        store<f32>(dst, load<f32>(s2), 8);
        store<f32>(dst, load<f32>(s3), 12);
        s0 += cs; s1 += cs; s2 += cs; s3 += cs;
        dst += MR << 2;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        const s = a0 + <usize>k * cs;
        for (let ii = 0; ii < MR; ii++) store<f32>(dst + (<usize>ii << 2), ii < mr ? load<f32>(s + <usize>ii * rs) : 0);
        dst += MR << 2;
      }
    }
  }
}

/** c + a·b, one fused multiply-add where the module is built with relaxed SIMD, else a multiply and an add. */
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** C[0:4, 0:8] (+)= the 4×8 product of one packed A panel and one packed B panel over kc. */
@inline
function micro(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  // A pointer-bounded loop (no separate counter) measured ~15% faster here than a counted one: the
  // loop is bound by instruction dispatch, so every scalar instruction in it counts.
  const end = pa + (<usize>kc << 4);
  while (pa < end) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00); c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10); c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20); c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30); c31 = madd(a, b1, c31);
    pa += MR << 2;
    pb += NR << 2;
  }
  const l = <usize>ldc << 2;
  if (beta != 0) {
    v128.store(c, f32x4.add(v128.load(c), c00)); v128.store(c, f32x4.add(v128.load(c, 16), c01), 16); c += l;
    v128.store(c, f32x4.add(v128.load(c), c10)); v128.store(c, f32x4.add(v128.load(c, 16), c11), 16); c += l;
    v128.store(c, f32x4.add(v128.load(c), c20)); v128.store(c, f32x4.add(v128.load(c, 16), c21), 16); c += l;
    v128.store(c, f32x4.add(v128.load(c), c30)); v128.store(c, f32x4.add(v128.load(c, 16), c31), 16);
  } else {
    v128.store(c, c00); v128.store(c, c01, 16); c += l;
    v128.store(c, c10); v128.store(c, c11, 16); c += l;
    v128.store(c, c20); v128.store(c, c21, 16); c += l;
    v128.store(c, c30); v128.store(c, c31, 16);
  }
}

/** An edge block (mr < 4 or nr < 8): the full 4×8 product into a tile, then its valid part into C. */
function microEdge(kc: i32, pa: usize, pb: usize, c: usize, ldc: i32, beta: i32, mr: i32, nr: i32, tile: usize): void {
  micro(kc, pa, pb, tile, NR, 0);
  const l = <usize>ldc << 2;
  for (let i = 0; i < mr; i++) {
    const ci = c + <usize>i * l, ti = tile + (<usize>(i * NR) << 2);
    for (let j = 0; j < nr; j++) {
      const v = load<f32>(ti + (<usize>j << 2));
      store<f32>(ci + (<usize>j << 2), beta != 0 ? load<f32>(ci + (<usize>j << 2)) + v : v);
    }
  }
}

/**
 * C[0:mc, 0:n] (+)= packed A block (mc×kc) · packed B panels (kc×n, consecutive panels
 * `bPanelStride` floats apart).
 */
function macro(mc: i32, n: i32, kc: i32, Ap: usize, Bp: usize, bPanelStride: i32, C: usize, ldc: i32, beta: i32, tile: usize): void {
  const aStep = <usize>(kc * MR) << 2, bStep = <usize>bPanelStride << 2;
  const cRow = <usize>(ldc * MR) << 2;
  let pb = Bp;
  for (let j = 0; j < n; j += NR) {
    const nr = min(NR, n - j);
    let pa = Ap;
    let c = C + (<usize>j << 2);
    for (let i = 0; i < mc; i += MR) {
      if (nr == NR && i + MR <= mc) micro(kc, pa, pb, c, ldc, beta);
      else microEdge(kc, pa, pb, c, ldc, beta, min(MR, mc - i), nr, tile);
      pa += aStep;
      c += cRow;
    }
    pb += bStep;
  }
}

/**
 * C = beta·C + op(A)·B̂ where B̂ holds op(B) [K, N] already packed by {@link packB} with kc = K
 * (panels [⌈N/NR⌉][K][NR]). Used when one B multiplies many A (a recurrent weight across time steps).
 * scratch: MC·KC + MR·NR floats.
 */
export function gemmPacked(M: i32, N: i32, K: i32, A: usize, rsA: i32, csA: i32, Bp: usize, C: usize, ldc: i32, beta: i32, scratch: usize): void {
  const Ap = scratch, tile = scratch + (<usize>(MC * KC) << 2);
  if (K == 0) {
    if (beta == 0) for (let i = 0; i < M; i++) memory.fill(C + (<usize>(i * ldc) << 2), 0, <usize>N << 2);
    return;
  }
  for (let p = 0; p < K; p += KC) {
    const kc = min(KC, K - p);
    const b = p == 0 ? beta : 1;
    for (let i = 0; i < M; i += MC) {
      const mc = min(MC, M - i);
      packA(mc, kc, A + (<usize>(i * rsA + p * csA) << 2), rsA, csA, Ap);
      macro(mc, N, kc, Ap, Bp + (<usize>(p * NR) << 2), K * NR, C + (<usize>(i * ldc) << 2), ldc, b, tile);
    }
  }
}

/**
 * C = beta·C + op(A)·op(B): the general entry. A·B: (rsA, csA) = (K, 1), (rsB, csB) = (N, 1);
 * Aᵀ·B with A stored [K, M]: (rsA, csA) = (1, M); A·Bᵀ with B stored [N, K]: (rsB, csB) = (1, K).
 * scratch: {@link gemmScratchFloats} floats.
 */
export function gemm(M: i32, N: i32, K: i32, A: usize, rsA: i32, csA: i32, B: usize, rsB: i32, csB: i32, C: usize, ldc: i32, beta: i32, scratch: usize): void {
  const Ap = scratch, Bp = scratch + (<usize>(MC * KC) << 2), tile = Bp + (<usize>(KC * NC) << 2);
  if (K == 0) {
    if (beta == 0) for (let i = 0; i < M; i++) memory.fill(C + (<usize>(i * ldc) << 2), 0, <usize>N << 2);
    return;
  }
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let p = 0; p < K; p += KC) {
      const kc = min(KC, K - p);
      const b = p == 0 ? beta : 1;
      packB(kc, nc, B + (<usize>(p * rsB + jc * csB) << 2), rsB, csB, Bp);
      for (let i = 0; i < M; i += MC) {
        const mc = min(MC, M - i);
        packA(mc, kc, A + (<usize>(i * rsA + p * csA) << 2), rsA, csA, Ap);
        macro(mc, nc, kc, Ap, Bp, kc * NR, C + (<usize>(i * ldc + jc) << 2), ldc, b, tile);
      }
    }
  }
}
