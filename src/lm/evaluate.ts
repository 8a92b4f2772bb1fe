/**
 * Validation loss of a language model, as the headline protocol defines it: the mean cross-entropy
 * over every complete, non-overlapping window of `window` tokens of the validation text, the state
 * starting from zero in each window (so the figure does not depend on how windows are batched).
 */
import { nonOverlappingWindows } from '../data';
import { LanguageModel } from './model';

/** Mean cross-entropy (nats per token) over all non-overlapping windows of `ids`, `batch` windows at a time. */
export function validationLoss(model: LanguageModel, ids: Int32Array, window = 256, batch = 32): number {
  if (!Number.isInteger(window) || window < 1)
    throw new Error(`validationLoss: window must be a positive integer, got ${window}`);
  if (!Number.isInteger(batch) || batch < 1)
    throw new Error(`validationLoss: batch must be a positive integer, got ${batch}`);
  const starts = nonOverlappingWindows(ids.length, window);
  if (starts.length === 0)
    throw new Error(
      `validationLoss: a validation text of ${ids.length} tokens holds no window of ${window} (needs ${window + 1})`,
    );
  let sum = 0;
  for (let i = 0; i < starts.length; i += batch) {
    const group = starts.slice(i, i + batch);
    const X = new Int32Array(group.length * window),
      Y = new Int32Array(group.length * window);
    group.forEach((s, b) => {
      X.set(ids.subarray(s, s + window), b * window); //          X[b, :] = ids[s : s + window]
      Y.set(ids.subarray(s + 1, s + window + 1), b * window); // Y[b, :] = ids[s + 1 : s + window + 1]
    });
    sum += model.evaluate(X, Y, group.length, window).loss * group.length;
  }
  return sum / starts.length;
}
