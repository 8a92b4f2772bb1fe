/**
 * Losses with their gradients with respect to the network's output.
 *
 * Mean squared error as 000 §3.5.1 writes it, J(θ) = 1/(2m) Σ_i Σ_j (h_i^(j) − y_i^(j))², and
 * softmax cross-entropy over logits, L = −(1/m) Σ_i log softmax(z_i)_{y_i}, whose gradient has the
 * famous simple form ∂L/∂z_i = (softmax(z_i) − onehot(y_i)) / m.
 */
import { Float, alloc } from '../tensor';
import { logSoftmaxRows } from './activations';

/** J = 1/(2m) Σ (h − y)², and ∂J/∂h = (h − y)/m; `m` rows of `k` outputs. */
export function mseLoss(h: Float, y: Float, m: number): { loss: number; grad: Float } {
  if (h.length !== y.length)
    throw new Error(`mseLoss: prediction has ${h.length} values, target ${y.length}`);
  const grad = alloc(h.length, h instanceof Float64Array ? 'float64' : 'float32');
  let s = 0;
  for (let i = 0; i < h.length; i++) {
    const d = h[i]! - y[i]!;
    s += d * d;
    grad[i] = d / m;
  }
  return { loss: s / (2 * m), grad };
}

/**
 * Mean softmax cross-entropy of `rows` logit rows against integer labels, and ∂L/∂logits.
 * Labels < 0 are ignored (padding): they add nothing to the loss or the count.
 */
export function softmaxCrossEntropy(
  logits: Float,
  labels: ArrayLike<number>,
  rows: number,
  cols: number,
): { loss: number; grad: Float; count: number } {
  if (logits.length !== rows * cols)
    throw new Error(`softmaxCrossEntropy: logits have ${logits.length} values, expected ${rows}×${cols}`);
  if (labels.length !== rows)
    throw new Error(`softmaxCrossEntropy: ${labels.length} labels for ${rows} rows`);
  const logp = alloc(logits.length, logits instanceof Float64Array ? 'float64' : 'float32');
  logp.set(logits);
  logSoftmaxRows(logp, rows, cols);
  let count = 0;
  for (let r = 0; r < rows; r++) if (labels[r]! >= 0) count++;
  const grad = alloc(logits.length, logits instanceof Float64Array ? 'float64' : 'float32');
  let loss = 0;
  for (let r = 0; r < rows; r++) {
    const y = labels[r]!;
    if (y < 0) continue;
    if (!Number.isInteger(y) || y >= cols)
      throw new Error(`softmaxCrossEntropy: label ${y} at row ${r} is not a class in 0..${cols - 1}`);
    loss -= logp[r * cols + y]!;
    for (let j = 0; j < cols; j++)
      grad[r * cols + j] = (Math.exp(logp[r * cols + j]!) - (j === y ? 1 : 0)) / count;
  }
  return { loss: count > 0 ? loss / count : 0, grad, count };
}
