/**
 * GEMM in the three forms backpropagation needs, on the WebAssembly SIMD kernels or, where SIMD is
 * missing (or RNNLAB_SIMD=0), on the plain-TypeScript loops of src/tensor/gemm — same results up to
 * float rounding. Operands are arena blocks; shapes are checked against their lengths.
 */
import { gemm as tsGemm } from '../tensor/gemm';
import { Block, WasmKernels, simdSupported } from './kernels';

export type GemmForm = 'nn' | 'tn' | 'nt';

/** C[M,N] (+)= op(A) op(B), with op = transpose for the marked operand of the form. */
export interface GemmEngine {
  readonly simd: boolean;
  readonly kernels: WasmKernels;
  gemm(form: GemmForm, A: Block, B: Block, C: Block, M: number, N: number, K: number, accumulate?: boolean): void;
}

function checkSizes(form: GemmForm, A: Block, B: Block, C: Block, M: number, N: number, K: number): void {
  const bad = (what: string, block: Block, shape: string, n: number): never => {
    throw new Error(`gemm_${form}: ${what} has ${block.length} floats, needs ${shape} = ${n}`);
  };
  if (A.length < M * K) bad('A', A, form === 'tn' ? `[K=${K}, M=${M}]` : `[M=${M}, K=${K}]`, M * K);
  if (B.length < K * N) bad('B', B, form === 'nt' ? `[N=${N}, K=${K}]` : `[K=${K}, N=${N}]`, K * N);
  if (C.length < M * N) bad('C', C, `[M=${M}, N=${N}]`, M * N);
}

/**
 * A GEMM engine. `simd` defaults to true where WebAssembly SIMD works, unless RNNLAB_SIMD=0; the
 * arena lives in WebAssembly memory either way, so the two paths are interchangeable.
 */
export function createGemmEngine(options: { simd?: boolean } = {}): GemmEngine {
  const kernels = WasmKernels.load();
  const wanted = options.simd ?? process.env.RNNLAB_SIMD !== '0';
  const simd = wanted && simdSupported();
  return {
    simd,
    kernels,
    gemm(form, A, B, C, M, N, K, accumulate = false) {
      checkSizes(form, A, B, C, M, N, K);
      if (simd) {
        const acc = accumulate ? 1 : 0;
        if (form === 'nn') kernels.exports.gemm_nn(A.ptr, B.ptr, C.ptr, M, N, K, acc);
        else if (form === 'tn') kernels.exports.gemm_tn(A.ptr, B.ptr, C.ptr, M, N, K, acc);
        else {
          const mark = kernels.mark();
          const scratch = kernels.alloc(N * K);
          kernels.exports.gemm_nt(A.ptr, B.ptr, C.ptr, M, N, K, acc, scratch.ptr);
          kernels.release(mark);
        }
        return;
      }
      tsGemm(kernels.view(A), kernels.view(B), kernels.view(C), M, N, K, { transA: form === 'tn', transB: form === 'nt', accumulate });
    },
  };
}
