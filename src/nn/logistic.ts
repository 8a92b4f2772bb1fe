/**
 * Logistic regression with an L2 penalty on sparse features — the bag-of-words baseline of the text
 * classification chapter (001 §4 trains an LSTM; a linear model on word counts says what the LSTM's
 * word order buys).
 *
 *   p_n = σ(x_n · w + b)                                                  probability of class 1
 *   L   = (1/N) Σ_n −[y_n log p_n + (1 − y_n) log(1 − p_n)] + (λ/2)‖w‖²    (the bias is not penalised)
 *   ∂L/∂w = (1/N) Σ_n (p_n − y_n) x_n + λ w        ∂L/∂b = (1/N) Σ_n (p_n − y_n)
 *
 * Each term is computed as softplus(z) − y z with z = x·w + b, which never takes the log of 0.
 * Trained with Adam, full-batch by default (mini-batches over seeded shuffles when asked).
 */
import { SparseRows } from '../tensor/sparse';
import { Rng } from '../tensor/rng';
import { Tensor } from '../tensor/tensor';
import { Adam } from './optimizers';
import { sigmoid } from './activations';

/** Weights w [numFeatures] and bias b. */
export interface LogisticModel {
  w: Float64Array;
  b: number;
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** z_r = x_r · w + b for each row. */
export function logisticScores(model: LogisticModel, X: SparseRows): Float64Array {
  if (model.w.length !== X.numFeatures) throw new Error(`logistic: w has ${model.w.length} features, X has ${X.numFeatures}`);
  const z = new Float64Array(X.numRows);
  for (let r = 0; r < X.numRows; r++) {
    let s = model.b;
    for (let k = X.indptr[r]!; k < X.indptr[r + 1]!; k++) s += X.values[k]! * model.w[X.indices[k]!]!;
    z[r] = s;
  }
  return z;
}

/** p_r = σ(x_r · w + b). */
export function logisticPredictProba(model: LogisticModel, X: SparseRows): Float64Array {
  return logisticScores(model, X).map(sigmoid);
}

/** The penalised mean loss L over `rows` (default all) and its gradient; see the file comment. */
export function logisticLoss(model: LogisticModel, X: SparseRows, y: ArrayLike<number>, l2: number, rows?: readonly number[]): { loss: number; dw: Float64Array; db: number } {
  if (y.length !== X.numRows) throw new Error(`logistic: ${y.length} labels for ${X.numRows} rows`);
  const idx = rows ?? Array.from({ length: X.numRows }, (_, i) => i);
  const N = idx.length;
  const dw = new Float64Array(model.w.length);
  let loss = 0, db = 0;
  for (const r of idx) {
    let z = model.b;
    for (let k = X.indptr[r]!; k < X.indptr[r + 1]!; k++) z += X.values[k]! * model.w[X.indices[k]!]!;
    const t = y[r]!;
    loss += softplus(z) - t * z; // −[t log σ(z) + (1 − t) log(1 − σ(z))]
    const g = (sigmoid(z) - t) / N; // ∂L/∂z_r
    db += g;
    for (let k = X.indptr[r]!; k < X.indptr[r + 1]!; k++) dw[X.indices[k]!]! += g * X.values[k]!;
  }
  let sq = 0;
  for (let j = 0; j < dw.length; j++) { sq += model.w[j]! * model.w[j]!; dw[j]! += l2 * model.w[j]!; }
  return { loss: loss / N + 0.5 * l2 * sq, dw, db };
}

/** Options of {@link trainLogisticRegression}. */
export interface LogisticOptions {
  /**
   * λ of the L2 penalty (λ/2)‖w‖². The default was the best of {3e-5, 1e-4, 3e-4, 1e-3} on the
   * chapter's held-out split (`docs/classification.md`). @default 1e-4
   */
  l2?: number;
  /** Passes over the data. @default 300 */
  epochs?: number;
  /** Rows per Adam step. @default all rows (full batch: L is convex, so this converges to its minimum) */
  batchSize?: number;
  /** Adam's step size. @default 0.05 */
  lr?: number;
  /** Seed of the shuffles. @default 0 */
  seed?: number;
  /** Called after each epoch with the full-data penalised loss. */
  onEpoch?(epoch: number, loss: number): void;
}

/** Fits w and b from zero by mini-batch Adam on L (file comment); labels are 0/1. */
export function trainLogisticRegression(X: SparseRows, y: ArrayLike<number>, options: LogisticOptions = {}): LogisticModel {
  const l2 = options.l2 ?? 1e-4, epochs = options.epochs ?? 300, batchSize = options.batchSize ?? X.numRows;
  if (y.length !== X.numRows) throw new Error(`trainLogisticRegression: ${y.length} labels for ${X.numRows} rows`);
  for (let i = 0; i < y.length; i++) if (y[i] !== 0 && y[i] !== 1) throw new Error(`trainLogisticRegression: label ${y[i]} at ${i}; expected 0 or 1`);
  if (!(Number.isInteger(batchSize) && batchSize >= 1) && X.numRows > 0) throw new Error(`trainLogisticRegression: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const rng = new Rng(options.seed ?? 0);
  const model: LogisticModel = { w: new Float64Array(X.numFeatures), b: 0 };
  const params = { w: new Tensor([X.numFeatures], model.w), b: new Tensor([1], new Float64Array(1)) };
  const opt = new Adam(options.lr ?? 0.05);
  for (let e = 0; e < epochs; e++) {
    const order = rng.permutation(X.numRows);
    for (let s = 0; s < order.length; s += batchSize) {
      model.b = params.b.data[0]!;
      const { dw, db } = logisticLoss(model, X, y, l2, order.slice(s, s + batchSize));
      opt.step(params, { w: new Tensor([X.numFeatures], dw), b: new Tensor([1], Float64Array.of(db)) });
    }
    model.b = params.b.data[0]!;
    options.onEpoch?.(e, logisticLoss(model, X, y, l2).loss);
  }
  model.b = params.b.data[0]!;
  return model;
}
