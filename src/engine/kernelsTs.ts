/**
 * The TypeScript fallback of the kernel ABI ({@link Kernels}): the same routines, memory layouts and
 * results (up to float rounding) as the AssemblyScript SIMD module, in plain loops over a Float32Array
 * view of the engine memory. Used when WebAssembly SIMD is missing or `RNNLAB_SIMD=0`; about ten
 * times slower, and single-threaded.
 */
import { EngineMemory } from './memory';
import { Kernels } from './kernels';

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** The lowbias32 hash of (seed, i), as in assembly/ops.ts dropoutMask. */
function hash(i: number, seed: number): number {
  let x = (Math.imul(i, 0x9e3779b9) + seed) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** Builds the fallback kernels over `mem` (views are re-read on every call, so growth is safe). */
export function createTsKernels(mem: EngineMemory): Kernels {
  /** C = beta·C + op(A)·op(B) with plain loops over a view (see {@link Kernels.gemm}). */
  function gemm(
    M: number,
    N: number,
    K: number,
    A: number,
    rsA: number,
    csA: number,
    B: number,
    rsB: number,
    csB: number,
    C: number,
    ldc: number,
    beta: number,
  ): void {
    const f = mem.f32();
    const a = A >> 2,
      b = B >> 2,
      c = C >> 2;
    if (beta === 0) for (let i = 0; i < M; i++) f.fill(0, c + i * ldc, c + i * ldc + N);
    let i = 0;
    if (csB === 1) {
      // C[i, :] += A[i, k] · B[k, :] for 4 rows at once (each row of B is loaded once for 4 rows of C).
      for (; i + 4 <= M; i += 4) {
        const c0 = c + i * ldc,
          c1 = c0 + ldc,
          c2 = c1 + ldc,
          c3 = c2 + ldc,
          ai = a + i * rsA;
        for (let k = 0; k < K; k++) {
          const p = ai + k * csA;
          const a0 = f[p]!,
            a1 = f[p + rsA]!,
            a2 = f[p + 2 * rsA]!,
            a3 = f[p + 3 * rsA]!;
          const bk = b + k * rsB;
          for (let j = 0; j < N; j++) {
            const bv = f[bk + j]!;
            f[c0 + j]! += a0 * bv;
            f[c1 + j]! += a1 * bv;
            f[c2 + j]! += a2 * bv;
            f[c3 + j]! += a3 * bv;
          }
        }
      }
      for (; i < M; i++) {
        const ci = c + i * ldc;
        for (let k = 0; k < K; k++) {
          const aik = f[a + i * rsA + k * csA]!;
          const bk = b + k * rsB;
          for (let j = 0; j < N; j++) f[ci + j]! += aik * f[bk + j]!;
        }
      }
    } else {
      // C[i, j] += Σ_k A[i, k] B[k, j] (B stored transposed): dot products, 4 rows of A per column of B.
      for (; i + 4 <= M; i += 4) {
        const ai = a + i * rsA;
        for (let j = 0; j < N; j++) {
          const bj = b + j * csB;
          let s0 = 0,
            s1 = 0,
            s2 = 0,
            s3 = 0;
          for (let k = 0; k < K; k++) {
            const bv = f[bj + k * rsB]!,
              p = ai + k * csA;
            s0 += f[p]! * bv;
            s1 += f[p + rsA]! * bv;
            s2 += f[p + 2 * rsA]! * bv;
            s3 += f[p + 3 * rsA]! * bv;
          }
          const ci = c + i * ldc + j;
          f[ci]! += s0;
          f[ci + ldc]! += s1;
          f[ci + 2 * ldc]! += s2;
          f[ci + 3 * ldc]! += s3;
        }
      }
      for (; i < M; i++) {
        const ci = c + i * ldc,
          ai = a + i * rsA;
        for (let j = 0; j < N; j++) {
          const bj = b + j * csB;
          let s = 0;
          for (let k = 0; k < K; k++) s += f[ai + k * csA]! * f[bj + k * rsB]!;
          f[ci + j]! += s;
        }
      }
    }
  }

  const k: Kernels = {
    gemm,

    // The fallback's "packed" B is simply op(B) copied row-major [K, N] (it fits in packedFloats(K, N)
    // floats); packed operands never cross between the two implementations.
    gemmPacked(M, N, K, A, rsA, csA, Bp, C, ldc, beta) {
      gemm(M, N, K, A, rsA, csA, Bp, N, 1, C, ldc, beta);
    },

    packB(kc, n, B, rsB, csB, dst) {
      const f = mem.f32();
      const b = B >> 2,
        d = dst >> 2;
      for (let kk = 0; kk < kc; kk++)
        for (let j = 0; j < n; j++) f[d + kk * n + j] = f[b + kk * rsB + j * csB]!;
    },

    lstmForward(T, B, H, r0, rc, G, Whp, Hs, Cs, TCs, scratch, Mh, HMs) {
      for (let t = 0; t < T; t++) {
        const gt = G + 4 * (t * B + r0) * 4 * H;
        const hp = Hs + 4 * (t * B + r0) * H,
          cp = Cs + 4 * (t * B + r0) * H;
        const hn = hp + 4 * B * H,
          cn = cp + 4 * B * H,
          tc = TCs + 4 * (t * B + r0) * H;
        let hIn = hp;
        if (Mh !== 0) {
          hIn = HMs + 4 * (t * B + r0) * H;
          k.mulInto(rc * H, hIn, hp, Mh + 4 * r0 * H); // H_{t−1} ⊙ M_h
        }
        k.gemmPacked(rc, 4 * H, H, hIn, H, 1, Whp, gt, 4 * H, 1, scratch);
        const f = mem.f32();
        for (let r = 0; r < rc; r++) {
          const g = (gt >> 2) + r * 4 * H,
            o = r * H;
          for (let j = 0; j < H; j++) {
            const i = sigmoid(f[g + j]!),
              fg = sigmoid(f[g + H + j]!),
              gg = Math.tanh(f[g + 2 * H + j]!),
              og = sigmoid(f[g + 3 * H + j]!);
            f[g + j] = i;
            f[g + H + j] = fg;
            f[g + 2 * H + j] = gg;
            f[g + 3 * H + j] = og;
            const c = Math.fround(fg * f[(cp >> 2) + o + j]! + i * gg);
            const th = Math.tanh(c);
            f[(cn >> 2) + o + j] = c;
            f[(tc >> 2) + o + j] = th;
            f[(hn >> 2) + o + j] = og * th;
          }
        }
      }
    },

    lstmBackward(T, B, H, r0, rc, G, WhTp, Cs, TCs, dHs, dh, dc, scratch, Mh) {
      const dhr = dh + 4 * r0 * H,
        dcr = dc + 4 * r0 * H;
      for (let t = T - 1; t >= 0; t--) {
        const gt = G + 4 * (t * B + r0) * 4 * H;
        const cp = (Cs >> 2) + (t * B + r0) * H,
          tc = (TCs >> 2) + (t * B + r0) * H;
        const f = mem.f32();
        if (dHs !== 0) k.addInto(rc * H, dhr, dHs + 4 * (t * B + r0) * H);
        for (let r = 0; r < rc; r++) {
          const g = (gt >> 2) + r * 4 * H,
            o = r * H;
          for (let j = 0; j < H; j++) {
            const i = f[g + j]!,
              fg = f[g + H + j]!,
              gg = f[g + 2 * H + j]!,
              og = f[g + 3 * H + j]!;
            const th = f[tc + o + j]!,
              d = f[(dhr >> 2) + o + j]!;
            const dct = f[(dcr >> 2) + o + j]! + d * og * (1 - th * th);
            f[(dcr >> 2) + o + j] = dct * fg;
            f[g + j] = dct * gg * i * (1 - i);
            f[g + H + j] = dct * f[cp + o + j]! * fg * (1 - fg);
            f[g + 2 * H + j] = dct * i * (1 - gg * gg);
            f[g + 3 * H + j] = d * th * og * (1 - og);
          }
        }
        k.gemmPacked(rc, H, 4 * H, gt, 4 * H, 1, WhTp, dhr, H, 0, scratch);
        if (Mh !== 0) k.mulInto(rc * H, dhr, dhr, Mh + 4 * r0 * H); // (dZ_t W_hᵀ) ⊙ M_h
      }
    },

    gruForward(T, B, H, r0, rc, G, Wzr, Whh, Hs, RHs, scratch) {
      for (let t = 0; t < T; t++) {
        const gt = G + 4 * (t * B + r0) * 3 * H;
        const hp = Hs + 4 * (t * B + r0) * H,
          hn = hp + 4 * B * H,
          rh = RHs + 4 * (t * B + r0) * H;
        k.gemmPacked(rc, 2 * H, H, hp, H, 1, Wzr, gt, 3 * H, 1, scratch);
        let f = mem.f32();
        for (let r = 0; r < rc; r++) {
          const g = (gt >> 2) + r * 3 * H,
            o = r * H;
          for (let j = 0; j < H; j++) {
            const z = sigmoid(f[g + j]!),
              rr = sigmoid(f[g + H + j]!);
            f[g + j] = z;
            f[g + H + j] = rr;
            f[(rh >> 2) + o + j] = rr * f[(hp >> 2) + o + j]!;
          }
        }
        k.gemmPacked(rc, H, H, rh, H, 1, Whh, gt + 8 * H, 3 * H, 1, scratch);
        f = mem.f32();
        for (let r = 0; r < rc; r++) {
          const g = (gt >> 2) + r * 3 * H,
            o = r * H;
          for (let j = 0; j < H; j++) {
            const z = f[g + j]!,
              ht = Math.tanh(f[g + 2 * H + j]!);
            f[g + 2 * H + j] = ht;
            const p = f[(hp >> 2) + o + j]!;
            f[(hn >> 2) + o + j] = ht + z * (p - ht);
          }
        }
      }
    },

    gruBackward(T, B, H, r0, rc, G, WzrT, WhhT, Hs, dHs, dh, drh, scratch) {
      const dhr = dh + 4 * r0 * H,
        drhr = drh + 4 * r0 * H;
      for (let t = T - 1; t >= 0; t--) {
        const gt = G + 4 * (t * B + r0) * 3 * H;
        const hp = (Hs >> 2) + (t * B + r0) * H;
        if (dHs !== 0) k.addInto(rc * H, dhr, dHs + 4 * (t * B + r0) * H);
        let f = mem.f32();
        for (let r = 0; r < rc; r++) {
          const g = (gt >> 2) + r * 3 * H,
            o = r * H;
          for (let j = 0; j < H; j++) {
            const z = f[g + j]!,
              ht = f[g + 2 * H + j]!,
              d = f[(dhr >> 2) + o + j]!;
            f[g + j] = d * (f[hp + o + j]! - ht) * z * (1 - z);
            f[g + 2 * H + j] = d * (1 - z) * (1 - ht * ht);
            f[(dhr >> 2) + o + j] = d * z;
          }
        }
        k.gemmPacked(rc, H, H, gt + 8 * H, 3 * H, 1, WhhT, drhr, H, 0, scratch);
        f = mem.f32();
        for (let r = 0; r < rc; r++) {
          const g = (gt >> 2) + r * 3 * H,
            o = r * H;
          for (let j = 0; j < H; j++) {
            const rr = f[g + H + j]!,
              d = f[(drhr >> 2) + o + j]!;
            f[g + H + j] = d * f[hp + o + j]! * rr * (1 - rr);
            f[(dhr >> 2) + o + j]! += d * rr;
          }
        }
        k.gemmPacked(rc, H, 2 * H, gt, 3 * H, 1, WzrT, dhr, H, 1, scratch);
      }
    },

    rnnForward(T, B, H, r0, rc, G, Whp, Hs, scratch) {
      for (let t = 0; t < T; t++) {
        const gt = G + 4 * (t * B + r0) * H;
        const hp = Hs + 4 * (t * B + r0) * H,
          hn = hp + 4 * B * H;
        k.gemmPacked(rc, H, H, hp, H, 1, Whp, gt, H, 1, scratch);
        const f = mem.f32();
        for (let j = 0; j < rc * H; j++) f[(hn >> 2) + j] = Math.tanh(f[(gt >> 2) + j]!);
      }
    },

    rnnBackward(T, B, H, r0, rc, G, WhTp, Hs, dHs, dh, scratch) {
      const dhr = dh + 4 * r0 * H;
      for (let t = T - 1; t >= 0; t--) {
        const gt = (G >> 2) + (t * B + r0) * H;
        const h = (Hs >> 2) + ((t + 1) * B + r0) * H,
          up = (dHs >> 2) + (t * B + r0) * H;
        const f = mem.f32();
        for (let j = 0; j < rc * H; j++) {
          const d = f[(dhr >> 2) + j]! + (dHs !== 0 ? f[up + j]! : 0);
          const hv = f[h + j]!;
          f[gt + j] = d * (1 - hv * hv);
        }
        k.gemmPacked(rc, H, H, gt << 2, H, 1, WhTp, dhr, H, 0, scratch);
      }
    },

    fillRows(M, N, C, ldc, b) {
      const f = mem.f32();
      for (let i = 0; i < M; i++) f.copyWithin((C >> 2) + i * ldc, b >> 2, (b >> 2) + N);
    },

    colSum(M, N, A, lda, dst, beta) {
      const f = mem.f32();
      const d = dst >> 2;
      if (beta === 0) f.fill(0, d, d + N);
      for (let i = 0; i < M; i++) {
        const a = (A >> 2) + i * lda;
        for (let j = 0; j < N; j++) f[d + j]! += f[a + j]!;
      }
    },

    gatherRows(n, idx, table, D, dst) {
      const f = mem.f32(),
        ix = mem.i32();
      for (let r = 0; r < n; r++) {
        const v = ix[(idx >> 2) + r]!;
        const d = (dst >> 2) + r * D;
        if (v < 0) f.fill(0, d, d + D);
        else f.copyWithin(d, (table >> 2) + v * D, (table >> 2) + (v + 1) * D);
      }
    },

    scatterAddRows(n, idx, src, D, table) {
      const f = mem.f32(),
        ix = mem.i32();
      for (let r = 0; r < n; r++) {
        const v = ix[(idx >> 2) + r]!;
        if (v < 0) continue;
        const s = (src >> 2) + r * D,
          d = (table >> 2) + v * D;
        for (let j = 0; j < D; j++) f[d + j]! += f[s + j]!;
      }
    },

    mulInto(n, y, a, b) {
      const f = mem.f32();
      for (let j = 0; j < n; j++) f[(y >> 2) + j] = f[(a >> 2) + j]! * f[(b >> 2) + j]!;
    },

    addInto(n, y, x) {
      const f = mem.f32();
      for (let j = 0; j < n; j++) f[(y >> 2) + j]! += f[(x >> 2) + j]!;
    },

    scale(n, x, s) {
      const f = mem.f32();
      for (let j = 0; j < n; j++) f[(x >> 2) + j]! *= s;
    },

    sumSquares(n, x, out) {
      const f = mem.f32();
      let s = 0;
      for (let j = 0; j < n; j++) s += f[(x >> 2) + j]! ** 2;
      new Float64Array(mem.memory.buffer, out, 1)[0] = s;
    },

    dropoutMask(n, mask, p, seed) {
      const f = mem.f32();
      const keep = Math.fround(1 / (1 - p));
      const threshold = Math.floor(Math.fround(p) * 4294967296);
      for (let i = 0; i < n; i++) f[(mask >> 2) + i] = hash(i, seed >>> 0) >= threshold ? keep : 0;
    },

    softmaxCE(M, V, logits, labels, gradScale, out) {
      const f = mem.f32(),
        ix = mem.i32();
      let total = 0;
      for (let i = 0; i < M; i++) {
        const row = (logits >> 2) + i * V;
        const y = ix[(labels >> 2) + i]!;
        if (y < 0) {
          f.fill(0, row, row + V);
          continue;
        }
        let mx = -Infinity;
        for (let j = 0; j < V; j++) mx = Math.max(mx, f[row + j]!);
        let sum = 0;
        for (let j = 0; j < V; j++) {
          const e = Math.exp(f[row + j]! - mx);
          f[row + j] = e;
          sum += f[row + j]!;
        }
        total += Math.log(sum) - Math.log(f[row + y]!);
        for (let j = 0; j < V; j++) f[row + j] = (f[row + j]! / sum) * gradScale;
        f[row + y]! -= gradScale;
      }
      new Float64Array(mem.memory.buffer, out, 1)[0] = total;
    },

    adam(n, p, g, m, v, lr, b1, c1, b2, c2, eps, bc1, bc2) {
      const f = mem.f32();
      const rb2 = 1 / Math.sqrt(bc2);
      for (let j = 0; j < n; j++) {
        const gv = f[(g >> 2) + j]!;
        const mv = (f[(m >> 2) + j] = b1 * f[(m >> 2) + j]! + c1 * gv);
        const vv = (f[(v >> 2) + j] = b2 * f[(v >> 2) + j]! + c2 * gv * gv);
        f[(p >> 2) + j]! -= ((lr / bc1) * Math.fround(mv)) / (Math.sqrt(Math.fround(vv)) * rb2 + eps);
      }
    },

    sgd(n, p, g, b, lr, momentum) {
      const f = mem.f32();
      for (let j = 0; j < n; j++) {
        let d = f[(g >> 2) + j]!;
        if (momentum !== 0) {
          d += momentum * f[(b >> 2) + j]!;
          f[(b >> 2) + j] = d;
        }
        f[(p >> 2) + j]! -= lr * d;
      }
    },

    adagrad(n, p, g, s, lr, eps) {
      const f = mem.f32();
      for (let j = 0; j < n; j++) {
        const gv = f[(g >> 2) + j]!;
        const sv = (f[(s >> 2) + j] = f[(s >> 2) + j]! + gv * gv);
        f[(p >> 2) + j]! -= (lr * gv) / (Math.sqrt(Math.fround(sv)) + eps);
      }
    },

    rmsprop(n, p, g, s, lr, rho, c, eps) {
      const f = mem.f32();
      for (let j = 0; j < n; j++) {
        const gv = f[(g >> 2) + j]!;
        const sv = (f[(s >> 2) + j] = rho * f[(s >> 2) + j]! + c * gv * gv);
        f[(p >> 2) + j]! -= (lr * gv) / (Math.sqrt(Math.fround(sv)) + eps);
      }
    },
  };
  return k;
}
