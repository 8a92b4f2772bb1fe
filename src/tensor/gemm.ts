/**
 * Matrix products in the three forms backpropagation needs, over row-major typed arrays, in plain
 * TypeScript (readable, not fast: the fast kernels are in src/engine):
 *   C = A·B     forward        A [M, K], B [K, N]
 *   C = Aᵀ·B    weight grads   A [K, M], B [K, N]   (dW = Xᵀ dY)
 *   C = A·Bᵀ    input grads    A [M, K], B [N, K]   (dX = dY Wᵀ)
 * With `accumulate`, C += … instead of C = … (gradients summed over time steps).
 */
import { Float, Tensor } from './tensor';

/** C[M,N] (+)= op(A) op(B). */
export function gemm(
  A: Float, B: Float, C: Float, M: number, N: number, K: number,
  options: { transA?: boolean; transB?: boolean; accumulate?: boolean } = {},
): void {
  const { transA = false, transB = false, accumulate = false } = options;
  if (A.length < M * K || B.length < K * N || C.length < M * N) {
    throw new Error(`gemm: arrays too small for M=${M}, N=${N}, K=${K} (A ${A.length}, B ${B.length}, C ${C.length})`);
  }
  if (!accumulate) C.fill(0, 0, M * N);
  for (let i = 0; i < M; i++) {
    for (let k = 0; k < K; k++) {
      const a = transA ? A[k * M + i]! : A[i * K + k]!;
      if (a === 0) continue;
      if (transB) {
        for (let j = 0; j < N; j++) C[i * N + j]! += a * B[j * K + k]!;
      } else {
        const row = k * N;
        for (let j = 0; j < N; j++) C[i * N + j]! += a * B[row + j]!;
      }
    }
  }
}

/** A·B for 2-D tensors, checking the inner dimensions. */
export function matmul(A: Tensor, B: Tensor): Tensor {
  if (A.shape.length !== 2 || B.shape.length !== 2 || A.shape[1] !== B.shape[0]) {
    throw new Error(`matmul: cannot multiply [${A.shape.join(', ')}] by [${B.shape.join(', ')}]`);
  }
  const [M, K] = A.shape as [number, number];
  const N = B.shape[1]!;
  const C = Tensor.zeros([M, N], A.dtype === 'float64' || B.dtype === 'float64' ? 'float64' : 'float32');
  gemm(A.data, B.data, C.data, M, N, K);
  return C;
}
