/**
 * The kernel ABI: every routine the host calls, with byte addresses into the engine memory and counts
 * in elements. Two implementations satisfy it with the same memory layouts and the same results up to
 * float rounding: the AssemblyScript SIMD module (src/engine/assembly/, built into
 * build/wasm/engine.wasm) and the TypeScript fallback (src/engine/kernelsTs.ts).
 *
 * Conventions. Matrices are row-major f32. A strided operand names element (i, k) by
 * `A + 4·(i·rsA + k·csA)`, so one GEMM serves A·B, Aᵀ·B and A·Bᵀ. `beta` is 0 (overwrite C) or 1
 * (accumulate into C). A "packed B" is op(B) [K, N] copied into panels [⌈N/NR⌉][K][NR] (zero padded)
 * by `packB(K, N, …)`; `scratch` is a per-thread work area of {@link GEMM_SCRATCH_FLOATS} floats.
 */

/** Rows of the register block of C. */
export const MR = 4;
/** Columns of the register block of C (two f32x4 vectors). */
export const NR = 8;
/** Depth of one block of K. */
export const KC = 256;
/** Rows of A packed at once. */
export const MC = 128;
/** Columns of B packed at once by the general GEMM. */
export const NC = 1024;
/** Floats of per-thread scratch the GEMMs need (packed A block, packed B block, one edge tile). */
export const GEMM_SCRATCH_FLOATS = MC * KC + KC * NC + MR * NR;

/** Floats a packed copy of op(B) [K, N] occupies. */
export function packedFloats(K: number, N: number): number {
  return Math.ceil(N / NR) * NR * K;
}

/** The routines of the kernel ABI (see the file comment for the conventions). */
export interface Kernels {
  /** C = beta·C + op(A)·op(B), [M, K]·[K, N]. */
  gemm(M: number, N: number, K: number, A: number, rsA: number, csA: number, B: number, rsB: number, csB: number, C: number, ldc: number, beta: number, scratch: number): void;
  /** C = beta·C + op(A)·B̂ with B̂ = op(B) packed by `packB(K, N, …)`. */
  gemmPacked(M: number, N: number, K: number, A: number, rsA: number, csA: number, Bp: number, C: number, ldc: number, beta: number, scratch: number): void;
  /** Packs op(B) [kc, n] into panels [⌈n/NR⌉][kc][NR]. */
  packB(kc: number, n: number, B: number, rsB: number, csB: number, dst: number): void;
}

/** Names of the {@link Kernels} routines, in a fixed order (worker threads call them by index). */
export const KERNEL_NAMES = ['gemm', 'gemmPacked', 'packB'] as const satisfies readonly (keyof Kernels)[];
export type KernelName = (typeof KERNEL_NAMES)[number];
