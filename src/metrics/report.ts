/** Every score of a classifier on one test set, computed from its predictions in one call. */
import { accuracy } from './accuracy';
import { confusionMatrix } from './confusion';
import { scoresFromConfusion } from './f1';

/** Accuracy, the positive class's precision/recall/F1, and the confusion matrix (rows: truth). */
export interface ClassificationReport {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  confusion: number[][];
}

/** The report of `predicted` against `labels`; `positive` is the class whose P/R/F1 are given. */
export function classificationReport(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses = 2,
  positive = 1,
): ClassificationReport {
  const confusion = confusionMatrix(predicted, labels, numClasses);
  const { precision, recall, f1 } = scoresFromConfusion(confusion, positive);
  return { accuracy: accuracy(predicted, labels), precision, recall, f1, confusion };
}

/** Class 1 where p > threshold, else 0. */
export function threshold(p: ArrayLike<number>, at = 0.5): Int32Array {
  return Int32Array.from(p as ArrayLike<number>, (v) => (v > at ? 1 : 0));
}
