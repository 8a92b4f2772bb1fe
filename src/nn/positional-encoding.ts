/**
 * Positional encodings (Vaswani et al. 2017 §3.5). Attention by itself is blind to order — permute the
 * positions of the keys and values and each output is the same weighted sum — so the position is added
 * to every input vector: X_t ← X_t + P_t.
 *
 * Sinusoidal (fixed):  P[t, 2i] = sin(t / 10000^{2i/d}),   P[t, 2i+1] = cos(t / 10000^{2i/d})
 *   — each pair of features a rotation at its own frequency, so P_{t+k} is a linear function of P_t
 *   and any length can be encoded.
 * Learned: P [maxLen, d] a parameter like an embedding (GPT's choice); ∂E/∂P_t = Σ_b ∂E/∂X_{b,t};
 *   positions ≥ maxLen have no vector.
 */
import { DType, Tensor } from '../tensor/tensor';
import { seqDims } from './sequence';

/** P [numSteps, d] with P[t, 2i] = sin(t/10000^{2i/d}), P[t, 2i+1] = cos(t/10000^{2i/d}). */
export function sinusoidalPositions(numSteps: number, d: number, dtype: DType = 'float32',
  start = 0): Tensor {
  const P = Tensor.zeros([numSteps, d], dtype);
  for (let t = 0; t < numSteps; t++) {
    for (let j = 0; j < d; j++) {
      const i2 = j - (j % 2); //                                  2i: the even index of the pair
      const angle = (start + t) / Math.pow(10000, i2 / d);
      P.data[t * d + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return P;
}

/** X_{b,t} + P_t for X [batchSize, numSteps, d] and P [≥ numSteps, d] (a new tensor). */
export function addPositions(X: Tensor, P: Tensor): Tensor {
  const { batchSize: B, numSteps: T, n: d } = seqDims(X, 'addPositions input X');
  if (P.shape.length !== 2 || P.shape[1] !== d) {
    throw new Error(`addPositions: P must be [numPositions, ${d}], got [${P.shape.join(', ')}]`);
  }
  if (P.shape[0]! < T) {
    throw new Error(
      `addPositions: ${T} steps but positions only up to ${P.shape[0]! - 1} (maxLen ${P.shape[0]})`,
    );
  }
  const Y = X.clone();
  for (let b = 0; b < B; b++) for (let k = 0; k < T * d; k++) Y.data[b * T * d + k]! += P.data[k]!;
  return Y;
}

/** ∂E/∂P for learned positions: ∂E/∂P_t = Σ_b ∂E/∂Y_{b,t} (rows t ≥ numSteps get 0). ∂E/∂X = ∂E/∂Y. */
export function addPositionsBackward(dY: Tensor, maxLen: number): Tensor {
  const { batchSize: B, numSteps: T, n: d } = seqDims(dY, 'addPositionsBackward dY');
  const dP = Tensor.zeros([maxLen, d], dY.dtype);
  for (let b = 0; b < B; b++) for (let k = 0; k < T * d; k++) dP.data[k]! += dY.data[b * T * d + k]!;
  return dP;
}
