/** Weight initialisers, seeded. */
import { DType, Tensor } from './tensor';
import { Rng } from './rng';

/**
 * Glorot (Xavier) uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)), keeping the variance of
 * activations and gradients roughly constant across layers (Glorot & Bengio 2010). tfjs's default.
 */
export function glorotUniform(shape: readonly [number, number], rng: Rng, dtype: DType = 'float32'): Tensor {
  const [fanIn, fanOut] = shape;
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.range(-a, a);
  return t;
}

/** Normal with the given standard deviation. */
export function normalInit(
  shape: readonly number[],
  std: number,
  rng: Rng,
  dtype: DType = 'float32',
): Tensor {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal(0, std);
  return t;
}

/** Uniform in [low, high). */
export function uniformInit(
  shape: readonly number[],
  low: number,
  high: number,
  rng: Rng,
  dtype: DType = 'float32',
): Tensor {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.range(low, high);
  return t;
}

/**
 * Orthogonal (Saxe, McClelland & Ganguli 2014; tfjs's default for recurrent kernels): a random matrix
 * with orthonormal columns (rows, when rows < cols), times `gain`. Every singular value is `gain`, so
 * H_{t-1} W_hh neither grows nor shrinks the state at the start of training. Built by modified
 * Gram–Schmidt on the columns of an N(0, 1) matrix (in float64, then stored in `dtype`).
 */
export function orthogonalInit(
  shape: readonly [number, number],
  rng: Rng,
  dtype: DType = 'float32',
  gain = 1,
): Tensor {
  const [rows, cols] = shape;
  const tall = rows >= cols;
  const n = tall ? rows : cols; // length of each vector made orthonormal
  const m = tall ? cols : rows; // how many of them
  const Q = Array.from({ length: m }, () => Float64Array.from({ length: n }, () => rng.normal()));
  for (let j = 0; j < m; j++) {
    const q = Q[j]!;
    for (let k = 0; k < j; k++) {
      const p = Q[k]!;
      let d = 0;
      for (let i = 0; i < n; i++) d += p[i]! * q[i]!;
      for (let i = 0; i < n; i++) q[i]! -= d * p[i]!; //   q ← q − (pᵀq) p
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[i]! * q[i]!;
    norm = Math.sqrt(norm);
    if (norm < 1e-12) throw new Error(`orthogonalInit: degenerate random draw for shape [${rows}, ${cols}]`);
    for (let i = 0; i < n; i++) q[i]! /= norm; //             q ← q / ‖q‖
  }
  const W = Tensor.zeros(shape, dtype);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) {
      // Tall: vector j is column j of W. Wide: vector j is row j of W.
      W.data[tall ? i * cols + j : j * cols + i] = gain * Q[j]![i]!;
    }
  }
  return W;
}
