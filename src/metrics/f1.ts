/**
 * Precision, recall and F1 of one class ("positive"), and their macro average over classes:
 *   precision = TP / (TP + FP)     recall = TP / (TP + FN)     F1 = 2·P·R / (P + R) = 2TP / (2TP + FP + FN)
 * A ratio whose denominator is 0 (no positive predictions, or no positive items) is reported as 0, as
 * scikit-learn does with `zero_division=0`.
 */
import { confusionMatrix } from './confusion';

/** The scores of one class. */
export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Number of items whose true class is this one. */
  support: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

/** Scores of class `positive` (default 1) from row-truth / column-prediction counts. */
export function scoresFromConfusion(counts: readonly (readonly number[])[], positive = 1): ClassScores {
  const k = counts.length;
  if (!(positive >= 0 && positive < k))
    throw new Error(`scoresFromConfusion: class ${positive} is outside 0..${k - 1}`);
  const tp = counts[positive]![positive]!;
  let fp = 0,
    fn = 0;
  for (let i = 0; i < k; i++) {
    if (i === positive) continue;
    fp += counts[i]![positive]!;
    fn += counts[positive]![i]!;
  }
  return {
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    support: tp + fn,
  };
}

/** Precision, recall and F1 of class `positive` (default 1). */
export function precisionRecallF1(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  positive = 1,
  numClasses = 2,
): ClassScores {
  return scoresFromConfusion(confusionMatrix(predicted, labels, numClasses), positive);
}

/** The unweighted mean of the per-class F1 scores (macro-F1). */
export function macroF1(predicted: ArrayLike<number>, labels: ArrayLike<number>, numClasses = 2): number {
  const counts = confusionMatrix(predicted, labels, numClasses);
  let sum = 0;
  for (let c = 0; c < numClasses; c++) sum += scoresFromConfusion(counts, c).f1;
  return sum / numClasses;
}
