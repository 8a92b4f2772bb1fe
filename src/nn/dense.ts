/**
 * A fully connected layer over the last axis: Y = X W + b, applied to every row (every time step
 * of every sequence when X is [batchSize, numSteps, numInputs]) — the output layer y_t = W_hy h_t + b_y
 * of 002 §1.3.2 / 004 §3.1, in row form.
 */
import { Rng } from '../tensor';
import { DType, Tensor } from '../tensor';
import { gemm } from '../tensor';
import { glorotUniform } from '../tensor';
import { addBias, sumRows } from './sequence';

export interface DenseParams {
  W: Tensor;
  b: Tensor;
}

/** W [numInputs, numOutputs] Glorot-uniform, b zeros. */
export function initDense(
  numInputs: number,
  numOutputs: number,
  rng: Rng,
  dtype: DType = 'float32',
): DenseParams {
  return { W: glorotUniform([numInputs, numOutputs], rng, dtype), b: Tensor.zeros([numOutputs], dtype) };
}

function rowsOf(X: Tensor, numInputs: number, what: string): number {
  if (X.shape[X.shape.length - 1] !== numInputs)
    throw new Error(`${what}: last dimension of X must be ${numInputs}, got shape [${X.shape.join(', ')}]`);
  return X.size / numInputs;
}

/** Y = X W + b over the last axis. */
export function denseForward(W: Tensor, b: Tensor, X: Tensor): Tensor {
  const [numInputs, numOutputs] = W.shape as [number, number];
  const rows = rowsOf(X, numInputs, 'denseForward');
  const Y = Tensor.zeros([...X.shape.slice(0, -1), numOutputs], X.dtype);
  gemm(X.data, W.data, Y.data, rows, numOutputs, numInputs); // [rows, numOutputs]
  addBias(Y.data, b.data, rows, numOutputs);
  return Y;
}

/** Given dY: dW = Xᵀ dY, db = Σ_rows dY, dX = dY Wᵀ. */
export function denseBackward(W: Tensor, X: Tensor, dY: Tensor): { dW: Tensor; db: Tensor; dX: Tensor } {
  const [numInputs, numOutputs] = W.shape as [number, number];
  const rows = rowsOf(X, numInputs, 'denseBackward');
  const dW = Tensor.zeros(W.shape, X.dtype);
  const db = Tensor.zeros([numOutputs], X.dtype);
  const dX = Tensor.zeros(X.shape, X.dtype);
  gemm(X.data, dY.data, dW.data, numInputs, numOutputs, rows, { transA: true }); // [numInputs, numOutputs]
  sumRows(dY.data, db.data, rows, numOutputs);
  gemm(dY.data, W.data, dX.data, rows, numInputs, numOutputs, { transB: true }); // [rows, numInputs]
  return { dW, db, dX };
}
