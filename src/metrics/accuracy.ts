/** Classification accuracy and the arg-max that turns scores into predicted classes. */
import { Float } from '../tensor';

/** Index of the largest value in each row of a row-major [rows, cols] array. */
export function argmaxRows(scores: Float | ArrayLike<number>, rows: number, cols: number): Int32Array {
  if (scores.length !== rows * cols)
    throw new Error(`argmaxRows: ${scores.length} values for ${rows}×${cols}`);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < cols; j++) if (scores[r * cols + j]! > scores[r * cols + best]!) best = j;
    out[r] = best;
  }
  return out;
}

/** Fraction of positions where `predicted` equals `labels`. */
export function accuracy(predicted: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predicted.length !== labels.length)
    throw new Error(`accuracy: ${predicted.length} predictions for ${labels.length} labels`);
  if (predicted.length === 0) throw new Error('accuracy: no predictions');
  let hit = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) hit++;
  return hit / labels.length;
}
