/**
 * Activation functions and their derivatives. Each derivative is written in terms of the
 * activation's *output* where that is the usual form (σ' = σ(1−σ), tanh' = 1−tanh²), because the
 * backward passes keep the outputs, not the pre-activations.
 */
import { Float, Tensor } from '../tensor';

export type Activation = 'identity' | 'sigmoid' | 'tanh' | 'relu';

/** σ(z) = 1 / (1 + e^(−z)), computed without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** f(z) for the named activation. */
export function activate(name: Activation, z: number): number {
  switch (name) {
    case 'identity':
      return z;
    case 'sigmoid':
      return sigmoid(z);
    case 'tanh':
      return Math.tanh(z);
    case 'relu':
      return z > 0 ? z : 0;
  }
}

/** f'(z) expressed through a = f(z): σ' = a(1−a), tanh' = 1−a², relu' = [a > 0], identity' = 1. */
export function derivativeFromOutput(name: Activation, a: number): number {
  switch (name) {
    case 'identity':
      return 1;
    case 'sigmoid':
      return a * (1 - a);
    case 'tanh':
      return 1 - a * a;
    case 'relu':
      return a > 0 ? 1 : 0;
  }
}

/** Applies f element-wise in place. */
export function activateInPlace(name: Activation, x: Float): void {
  for (let i = 0; i < x.length; i++) x[i] = activate(name, x[i]!);
}

/**
 * Row-wise softmax in place over `rows` rows of `cols`: softmax(z)_j = e^(z_j − m) / Σ_k e^(z_k − m),
 * m = max_k z_k (subtracting m changes nothing mathematically and prevents overflow).
 */
export function softmaxRows(x: Float, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[o + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) {
      const e = Math.exp(x[o + j]! - m);
      x[o + j] = e;
      s += e;
    }
    for (let j = 0; j < cols; j++) x[o + j]! /= s;
  }
}

/** Row-wise log-softmax in place: z_j − m − log Σ_k e^(z_k − m). */
export function logSoftmaxRows(x: Float, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let j = 0; j < cols; j++) m = Math.max(m, x[o + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[o + j]! - m);
    const lse = m + Math.log(s);
    for (let j = 0; j < cols; j++) x[o + j]! -= lse;
  }
}

/**
 * Backward pass of a row-wise softmax y = softmax(z), given y and dy = ∂E/∂y (in place into dz):
 *   ∂E/∂z_j = y_j (dy_j − Σ_k dy_k y_k)      (the Jacobian is diag(y) − y yᵀ)
 */
export function softmaxBackwardRows(y: Float, dy: Float, dz: Float, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s = 0;
    for (let k = 0; k < cols; k++) s += dy[o + k]! * y[o + k]!;
    for (let j = 0; j < cols; j++) dz[o + j] = y[o + j]! * (dy[o + j]! - s);
  }
}

/**
 * Backward pass of a row-wise log-softmax ℓ = log softmax(z), given ℓ and dℓ = ∂E/∂ℓ (into dz):
 *   ∂E/∂z_j = dℓ_j − softmax(z)_j Σ_k dℓ_k,   softmax(z)_j = e^(ℓ_j)
 */
export function logSoftmaxBackwardRows(
  logY: Float,
  dLogY: Float,
  dz: Float,
  rows: number,
  cols: number,
): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s = 0;
    for (let k = 0; k < cols; k++) s += dLogY[o + k]!;
    for (let j = 0; j < cols; j++) dz[o + j] = dLogY[o + j]! - Math.exp(logY[o + j]!) * s;
  }
}

/** rows × cols of a tensor read as rows of its last axis. */
function lastAxis(Z: Tensor, what: string): [number, number] {
  const cols = Z.shape[Z.shape.length - 1];
  if (cols === undefined || cols === 0)
    throw new Error(`${what}: needs a last axis of size ≥ 1, got shape [${Z.shape.join(', ')}]`);
  return [Z.size / cols, cols];
}

/** f(Z) element-wise, as a new tensor. */
export function activation(name: Activation, Z: Tensor): Tensor {
  const Y = Z.clone();
  activateInPlace(name, Y.data);
  return Y;
}

/** softmax over the last axis, as a new tensor. */
export function softmax(Z: Tensor): Tensor {
  const Y = Z.clone();
  softmaxRows(Y.data, ...lastAxis(Z, 'softmax'));
  return Y;
}

/** log-softmax over the last axis, as a new tensor. */
export function logSoftmax(Z: Tensor): Tensor {
  const Y = Z.clone();
  logSoftmaxRows(Y.data, ...lastAxis(Z, 'logSoftmax'));
  return Y;
}

/** ∂E/∂Z from Y = softmax(Z) and dY = ∂E/∂Y (last axis). */
export function softmaxBackward(Y: Tensor, dY: Tensor): Tensor {
  const dZ = Tensor.zeros(Y.shape, Y.dtype);
  softmaxBackwardRows(Y.data, dY.data, dZ.data, ...lastAxis(Y, 'softmaxBackward'));
  return dZ;
}

/** ∂E/∂Z from L = logSoftmax(Z) and dL = ∂E/∂L (last axis). */
export function logSoftmaxBackward(L: Tensor, dL: Tensor): Tensor {
  const dZ = Tensor.zeros(L.shape, L.dtype);
  logSoftmaxBackwardRows(L.data, dL.data, dZ.data, ...lastAxis(L, 'logSoftmaxBackward'));
  return dZ;
}
