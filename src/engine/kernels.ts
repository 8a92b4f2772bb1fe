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
  // ---- GEMM (assembly/gemm.ts)
  /** C = beta·C + op(A)·op(B), [M, K]·[K, N]. */
  gemm(
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
    scratch: number,
  ): void;
  /** C = beta·C + op(A)·B̂ with B̂ = op(B) packed by `packB(K, N, …)`. */
  gemmPacked(
    M: number,
    N: number,
    K: number,
    A: number,
    rsA: number,
    csA: number,
    Bp: number,
    C: number,
    ldc: number,
    beta: number,
    scratch: number,
  ): void;
  /** Packs op(B) [kc, n] into panels [⌈n/NR⌉][kc][NR]. */
  packB(kc: number, n: number, B: number, rsB: number, csB: number, dst: number): void;

  // ---- recurrent layers over a whole sequence, for batch rows [r0, r0 + rc) (assembly/lstm.ts, gru.ts, rnn.ts)
  /**
   * G [T,B,4H] pre-activations → activations; Hs, Cs [T+1,B,H] (slot 0 = initial state);
   * TCs [T,B,H] = tanh C.
   * Mh [B,H]: recurrent dropout mask (0 = none), then HMs [T,B,H] receives H_{t−1} ⊙ Mh.
   */
  lstmForward(
    T: number,
    B: number,
    H: number,
    r0: number,
    rc: number,
    G: number,
    Whp: number,
    Hs: number,
    Cs: number,
    TCs: number,
    scratch: number,
    Mh: number,
    HMs: number,
  ): void;
  /**
   * G activations → dZ; dh, dc [B,H]: gradient at the final state in, at the initial state out. dHs 0 = none.
   * Mh: the forward pass's recurrent dropout mask (0 = none).
   */
  lstmBackward(
    T: number,
    B: number,
    H: number,
    r0: number,
    rc: number,
    G: number,
    WhTp: number,
    Cs: number,
    TCs: number,
    dHs: number,
    dh: number,
    dc: number,
    scratch: number,
    Mh: number,
  ): void;
  /** G [T,B,3H] → activations Z, R, H̃; RHs [T,B,H] = R ⊙ H_{t−1}. */
  gruForward(
    T: number,
    B: number,
    H: number,
    r0: number,
    rc: number,
    G: number,
    Wzr: number,
    Whh: number,
    Hs: number,
    RHs: number,
    scratch: number,
  ): void;
  gruBackward(
    T: number,
    B: number,
    H: number,
    r0: number,
    rc: number,
    G: number,
    WzrT: number,
    WhhT: number,
    Hs: number,
    dHs: number,
    dh: number,
    drh: number,
    scratch: number,
  ): void;
  rnnForward(
    T: number,
    B: number,
    H: number,
    r0: number,
    rc: number,
    G: number,
    Whp: number,
    Hs: number,
    scratch: number,
  ): void;
  rnnBackward(
    T: number,
    B: number,
    H: number,
    r0: number,
    rc: number,
    G: number,
    WhTp: number,
    Hs: number,
    dHs: number,
    dh: number,
    scratch: number,
  ): void;

  // ---- rows and elementwise (assembly/ops.ts)
  /** C[i, 0:N] = b. */
  fillRows(M: number, N: number, C: number, ldc: number, b: number): void;
  /** dst = beta·dst + Σ_i A[i, 0:N]. */
  colSum(M: number, N: number, A: number, lda: number, dst: number, beta: number): void;
  /** dst[r] = table[idx[r]] (rows of D floats; idx int32, negative → zeros). */
  gatherRows(n: number, idx: number, table: number, D: number, dst: number): void;
  /** table[idx[r]] += src[r] (negative indices skipped). */
  scatterAddRows(n: number, idx: number, src: number, D: number, table: number): void;
  /** y = a ⊙ b. */
  mulInto(n: number, y: number, a: number, b: number): void;
  /** y += x. */
  addInto(n: number, y: number, x: number): void;
  /** x ← s·x. */
  scale(n: number, x: number, s: number): void;
  /** Writes Σ x² (f64) at out. */
  sumSquares(n: number, x: number, out: number): void;
  /** mask[i] = 1/(1−p) or 0, from a hash of (seed, i). */
  dropoutMask(n: number, mask: number, p: number, seed: number): void;
  /** Σ_rows CE (f64) at out; logits ← gradScale·(softmax − onehot); negative labels ignored. */
  softmaxCE(M: number, V: number, logits: number, labels: number, gradScale: number, out: number): void;

  // ---- optimizers over flat parameter arrays (assembly/optim.ts)
  /** c1 = 1 − b1, c2 = 1 − b2, bc1 = 1 − b1ᵗ, bc2 = 1 − b2ᵗ (from the caller, in float64). */
  adam(
    n: number,
    p: number,
    g: number,
    m: number,
    v: number,
    lr: number,
    b1: number,
    c1: number,
    b2: number,
    c2: number,
    eps: number,
    bc1: number,
    bc2: number,
  ): void;
  sgd(n: number, p: number, g: number, b: number, lr: number, momentum: number): void;
  adagrad(n: number, p: number, g: number, s: number, lr: number, eps: number): void;
  /** c = 1 − rho. */
  rmsprop(n: number, p: number, g: number, s: number, lr: number, rho: number, c: number, eps: number): void;
}

/** Names of the {@link Kernels} routines, in a fixed order (worker threads call them by index). */
export const KERNEL_NAMES = [
  'gemm',
  'gemmPacked',
  'packB',
  'lstmForward',
  'lstmBackward',
  'gruForward',
  'gruBackward',
  'rnnForward',
  'rnnBackward',
  'fillRows',
  'colSum',
  'gatherRows',
  'scatterAddRows',
  'mulInto',
  'addInto',
  'scale',
  'sumSquares',
  'dropoutMask',
  'softmaxCE',
  'adam',
  'sgd',
  'adagrad',
  'rmsprop',
] as const satisfies readonly (keyof Kernels)[];
export type KernelName = (typeof KERNEL_NAMES)[number];
