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
  A: Float,
  B: Float,
  C: Float,
  M: number,
  N: number,
  K: number,
  options: { transA?: boolean; transB?: boolean; accumulate?: boolean } = {},
): void {
  const { transA = false, transB = false, accumulate = false } = options;
  if (A.length < M * K || B.length < K * N || C.length < M * N) {
    throw new Error(
      `gemm: arrays too small for M=${M}, N=${N}, K=${K} (A ${A.length}, B ${B.length}, C ${C.length})`,
    );
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

/** A·B for A [M, K] and B [K, N] → [M, N], checking the inner dimensions. */
export function matmul(A: Tensor, B: Tensor): Tensor {
  return product(A, B, false, false, 'matmul');
}

function product(A: Tensor, B: Tensor, transA: boolean, transB: boolean, what: string): Tensor {
  if (A.shape.length !== 2 || B.shape.length !== 2) {
    throw new Error(`${what}: needs 2-D operands, got [${A.shape.join(', ')}] and [${B.shape.join(', ')}]`);
  }
  const [ar, ac] = A.shape as [number, number];
  const [br, bc] = B.shape as [number, number];
  const [M, K] = transA ? [ac, ar] : [ar, ac];
  const [K2, N] = transB ? [bc, br] : [br, bc];
  if (K !== K2)
    throw new Error(
      `${what}: cannot multiply [${A.shape.join(', ')}] by [${B.shape.join(', ')}]: inner dimensions ${K} and ${K2} differ`,
    );
  const C = Tensor.zeros([M, N], A.dtype === 'float64' || B.dtype === 'float64' ? 'float64' : 'float32');
  gemm(A.data, B.data, C.data, M, N, K, { transA, transB });
  return C;
}

/** Aᵀ·B for A [K, M] and B [K, N] → [M, N]: the weight-gradient form, dW = Xᵀ dY. */
export function matmulTransA(A: Tensor, B: Tensor): Tensor {
  return product(A, B, true, false, 'matmulTransA (Aᵀ·B)');
}

/** A·Bᵀ for A [M, K] and B [N, K] → [M, N]: the input-gradient form, dX = dY Wᵀ. */
export function matmulTransB(A: Tensor, B: Tensor): Tensor {
  return product(A, B, false, true, 'matmulTransB (A·Bᵀ)');
}

/** The transpose of a 2-D tensor. */
export function transpose(A: Tensor): Tensor {
  if (A.shape.length !== 2)
    throw new Error(`transpose: needs a 2-D tensor, got shape [${A.shape.join(', ')}]`);
  const [r, c] = A.shape as [number, number];
  const T = Tensor.zeros([c, r], A.dtype);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) T.data[j * r + i] = A.data[i * c + j]!;
  return T;
}
