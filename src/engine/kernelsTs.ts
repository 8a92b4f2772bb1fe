/**
 * The TypeScript fallback of the kernel ABI ({@link Kernels}): the same routines, memory layouts and
 * results (up to float rounding) as the AssemblyScript SIMD module, in plain loops over a Float32Array
 * view of the engine memory. Used when WebAssembly SIMD is missing or `RNNLAB_SIMD=0`; about ten
 * times slower, and single-threaded.
 */
import { EngineMemory } from './memory';
import { Kernels, NR } from './kernels';

/** Builds the fallback kernels over `mem` (views are re-read on every call, so growth is safe). */
export function createTsKernels(mem: EngineMemory): Kernels {
  /** C[i, :] = beta·C[i, :] for every row (beta 0 clears). */
  function scaleRows(f: Float32Array, M: number, N: number, c: number, ldc: number, beta: number): void {
    if (beta !== 0) return;
    for (let i = 0; i < M; i++) f.fill(0, c + i * ldc, c + i * ldc + N);
  }

  return {
    gemm(M, N, K, A, rsA, csA, B, rsB, csB, C, ldc, beta) {
      const f = mem.f32();
      const a = A >> 2, b = B >> 2, c = C >> 2;
      scaleRows(f, M, N, c, ldc, beta);
      const row = new Float32Array(N);
      for (let i = 0; i < M; i++) {
        row.fill(0);
        for (let k = 0; k < K; k++) {
          const aik = f[a + i * rsA + k * csA]!;
          if (aik === 0) continue;
          const bk = b + k * rsB;
          if (csB === 1) for (let j = 0; j < N; j++) row[j]! += aik * f[bk + j]!;
          else for (let j = 0; j < N; j++) row[j]! += aik * f[bk + j * csB]!;
        }
        const ci = c + i * ldc;
        for (let j = 0; j < N; j++) f[ci + j]! += row[j]!;
      }
    },

    gemmPacked(M, N, K, A, rsA, csA, Bp, C, ldc, beta) {
      const f = mem.f32();
      const a = A >> 2, bp = Bp >> 2, c = C >> 2;
      scaleRows(f, M, N, c, ldc, beta);
      const row = new Float32Array(Math.ceil(N / NR) * NR);
      for (let i = 0; i < M; i++) {
        row.fill(0);
        for (let k = 0; k < K; k++) {
          const aik = f[a + i * rsA + k * csA]!;
          if (aik === 0) continue;
          for (let p = 0, j = 0; j < N; p++, j += NR) {
            const src = bp + p * K * NR + k * NR;
            for (let jj = 0; jj < NR; jj++) row[j + jj]! += aik * f[src + jj]!;
          }
        }
        const ci = c + i * ldc;
        for (let j = 0; j < N; j++) f[ci + j]! += row[j]!;
      }
    },

    packB(kc, n, B, rsB, csB, dst) {
      const f = mem.f32();
      const b = B >> 2;
      let d = dst >> 2;
      for (let j = 0; j < n; j += NR) {
        for (let k = 0; k < kc; k++) {
          for (let jj = 0; jj < NR; jj++) f[d + jj] = j + jj < n ? f[b + k * rsB + (j + jj) * csB]! : 0;
          d += NR;
        }
      }
    },
  };
}
