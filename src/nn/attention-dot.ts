/**
 * Dot-product attention scores (Luong et al. 2015; scaled as in Vaswani et al. 2017):
 *
 *   e_ij = s_i · h_j            (dot)
 *   e_ij = s_i · h_j / √d       (scaled dot, d = length of the vectors)
 *
 * for queries Q [batchSize, numQueries, d] (rows s_i) and keys K [batchSize, numKeys, d] (rows h_j) —
 * in a translator, the decoder states s_i and the encoder outputs h_j. No parameters: the query and the key must live in the
 * same space, which is why the scaled version divides by √d (the dot product of two random unit-variance
 * vectors has variance d, and a softmax over large scores saturates to one-hot weights with tiny gradients).
 * 003 §3.3 writes its scores with this dot product, s_i^T · v_j.
 */
import { Tensor } from '../tensor';
import { seqDims } from './sequence';

/** Key positions j ≥ validLens[b] are not scored (left at −∞, so the masked softmax gives them weight 0). */
export function checkValidLens(
  validLens: ArrayLike<number> | undefined,
  batchSize: number,
  numKeys: number,
): Int32Array {
  const out = new Int32Array(batchSize).fill(numKeys);
  if (validLens === undefined) return out;
  if (validLens.length !== batchSize)
    throw new Error(`expected ${batchSize} valid lengths (one per batch row), got ${validLens.length}`);
  for (let b = 0; b < batchSize; b++) {
    const n = validLens[b]!;
    if (!Number.isInteger(n) || n < 1 || n > numKeys)
      throw new Error(`valid length ${n} of batch row ${b} must be an integer in [1, ${numKeys}]`);
    out[b] = n;
  }
  return out;
}

/** E [batchSize, numQueries, numKeys] with e_ij = q_i·k_j (/√d when `scaled`); masked keys get −∞. */
export function dotScores(
  Q: Tensor,
  K: Tensor,
  options: { scaled?: boolean; validLens?: ArrayLike<number> } = {},
): Tensor {
  const { batchSize: B, numSteps: Tq, n: d } = seqDims(Q, 'dot attention queries Q');
  const { batchSize: B2, numSteps: Tk, n: d2 } = seqDims(K, 'dot attention keys K');
  if (B2 !== B || d2 !== d)
    throw new Error(`dot attention needs keys of shape [${B}, numKeys, ${d}], got [${K.shape.join(', ')}]`);
  const lens = checkValidLens(options.validLens, B, Tk);
  const c = options.scaled ? 1 / Math.sqrt(d) : 1;
  const E = Tensor.zeros([B, Tq, Tk], Q.dtype === 'float64' || K.dtype === 'float64' ? 'float64' : 'float32');
  const q = Q.data,
    k = K.data,
    e = E.data;
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < Tq; i++) {
      const qo = (b * Tq + i) * d,
        eo = (b * Tq + i) * Tk;
      for (let j = 0; j < Tk; j++) {
        if (j >= lens[b]!) {
          e[eo + j] = -Infinity;
          continue;
        }
        const ko = (b * Tk + j) * d;
        let acc = 0;
        for (let m = 0; m < d; m++) acc += q[qo + m]! * k[ko + m]!;
        e[eo + j] = c * acc; //                                                   e_ij = q_i·k_j (/√d)
      }
    }
  }
  return E;
}

/** ∂L/∂Q = dE K (/√d), ∂L/∂K = dEᵀ Q (/√d), per batch row; masked scores carry no gradient. */
export function dotScoresBackward(
  Q: Tensor,
  K: Tensor,
  dE: Tensor,
  options: { scaled?: boolean; validLens?: ArrayLike<number> } = {},
): { dQ: Tensor; dK: Tensor } {
  const { batchSize: B, numSteps: Tq, n: d } = seqDims(Q, 'dot attention queries Q');
  const Tk = K.shape[1]!;
  if (dE.shape.length !== 3 || dE.shape[0] !== B || dE.shape[1] !== Tq || dE.shape[2] !== Tk)
    throw new Error(`expected dE of shape [${B}, ${Tq}, ${Tk}], got [${dE.shape.join(', ')}]`);
  const lens = checkValidLens(options.validLens, B, Tk);
  const c = options.scaled ? 1 / Math.sqrt(d) : 1;
  const dQ = Tensor.zeros(Q.shape, Q.dtype),
    dK = Tensor.zeros(K.shape, K.dtype);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < Tq; i++) {
      const qo = (b * Tq + i) * d,
        eo = (b * Tq + i) * Tk;
      for (let j = 0; j < lens[b]!; j++) {
        const g = c * dE.data[eo + j]!;
        if (g === 0) continue;
        const ko = (b * Tk + j) * d;
        for (let m = 0; m < d; m++) {
          dQ.data[qo + m]! += g * K.data[ko + m]!;
          dK.data[ko + m]! += g * Q.data[qo + m]!;
        }
      }
    }
  }
  return { dQ, dK };
}
