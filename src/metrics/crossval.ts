/**
 * k-fold cross-validation: train on k−1 folds, score on the held-out one, k times; the mean estimates
 * how a setting (a hidden size, a model kind) does on unseen data and the spread says how much to trust
 * the difference between two settings. 001 §6's FAQ recommends it for choosing the number of hidden
 * units.
 */
import { kFold, Split } from '../data';

/** Options of {@link crossValidate}. */
export interface CrossValidateOptions {
  /** Number of folds. @default 10 */
  k?: number;
  /** Seed of the fold assignment. @default 0 */
  seed?: number;
  /** Labels for stratified folds (each fold keeps the class shares). @default undefined (plain folds) */
  labels?: ArrayLike<number>;
  /** Called after each fold with its score. */
  onFold?(fold: number, score: number): void;
}

/** The per-fold scores with their mean and (sample) standard deviation. */
export interface CrossValidation {
  scores: number[];
  mean: number;
  std: number;
}

/** Mean and sample standard deviation (n − 1 in the denominator; 0 for a single value). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) throw new Error('meanStd: no values');
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return { mean, std: values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0 };
}

/**
 * Runs `evaluate(split, fold)` on each of k seeded folds of `n` items and summarises the scores.
 * `evaluate` trains on `split.train` and returns its score on `split.test`; it may be async.
 */
export async function crossValidate(
  n: number,
  evaluate: (split: Split, fold: number) => number | Promise<number>,
  options: CrossValidateOptions = {},
): Promise<CrossValidation> {
  const folds = kFold(n, options.k ?? 10, options.seed ?? 0, options.labels);
  const scores: number[] = [];
  for (let f = 0; f < folds.length; f++) {
    const s = await evaluate(folds[f]!, f);
    if (!Number.isFinite(s)) throw new Error(`crossValidate: fold ${f} scored ${s}`);
    scores.push(s);
    options.onFold?.(f, s);
  }
  return { scores, ...meanStd(scores) };
}
