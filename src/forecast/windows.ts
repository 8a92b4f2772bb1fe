/**
 * A series as supervised windows. A window is named by its origin t, the index of the last observed
 * value: the inputs are the look-back y_{t−L+1} … y_t and the targets the next H values y_{t+1} … y_{t+H}.
 *
 *   inputs(t)  = [y_{t−L+1}, …, y_t]            (L values)
 *   targets(t) = [y_{t+1}, …, y_{t+H}]          (H values)
 *
 * The split is chronological on the time axis: [0, trainEnd) trains, [trainEnd, validationEnd)
 * validates, [validationEnd, n) tests. A window belongs to the part that holds its targets; its
 * inputs may reach back into an earlier part (that is the past, known at forecast time), never forward.
 */
import { Rng } from '../tensor';

/** Where the three chronological parts of a series of length n start and end. */
export interface SplitPoints {
  n: number;
  /** First index of the validation part. */
  trainEnd: number;
  /** First index of the test part. */
  validationEnd: number;
}

/**
 * Cuts [0, n) into train, validation and test parts in time order: the last `testFraction` of the
 * indices test, the `validationFraction` before them validate (each rounded down, at least one).
 */
export function chronologicalSplit(n: number, validationFraction: number, testFraction: number): SplitPoints {
  for (const [k, v] of [
    ['validationFraction', validationFraction],
    ['testFraction', testFraction],
  ] as const) {
    if (!(v > 0 && v < 1)) throw new Error(`chronologicalSplit: ${k} must be in (0, 1), got ${v}`);
  }
  if (!(validationFraction + testFraction < 1)) {
    throw new Error(
      `chronologicalSplit: validation ${validationFraction} + test ${testFraction} leave no training part`,
    );
  }
  const nTest = Math.max(1, Math.floor(n * testFraction));
  const nValidation = Math.max(1, Math.floor(n * validationFraction));
  const trainEnd = n - nTest - nValidation;
  if (trainEnd < 1) throw new Error(`chronologicalSplit: a series of ${n} values is too short to split`);
  return { n, trainEnd, validationEnd: n - nTest };
}

/**
 * The origins t whose whole window lies in [from, to) on the target side and whose look-back of
 * `lookback` values (plus `extra` older ones, e.g. one for a difference, m for a seasonal reference)
 * starts at index ≥ 0: t − lookback + 1 − extra ≥ 0, t + horizon < to, and t + 1 ≥ from.
 */
export function windowOrigins(
  from: number,
  to: number,
  lookback: number,
  horizon: number,
  extra = 0,
): number[] {
  for (const [k, v] of [
    ['lookback', lookback],
    ['horizon', horizon],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`windowOrigins: ${k} must be a positive integer, got ${v}`);
  }
  const first = Math.max(from - 1, lookback - 1 + extra);
  const out: number[] = [];
  for (let t = first; t + horizon < to; t++) out.push(t);
  return out;
}

/** The look-back of origin t: [y_{t−L+1}, …, y_t]. */
export function windowInputs(y: ArrayLike<number>, t: number, lookback: number): Float64Array {
  if (t - lookback + 1 < 0 || t >= y.length)
    throw new Error(`windowInputs: origin ${t} with look-back ${lookback} is outside [0, ${y.length})`);
  return Float64Array.from({ length: lookback }, (_, i) => y[t - lookback + 1 + i]!);
}

/** The targets of origin t: [y_{t+1}, …, y_{t+H}]. */
export function windowTargets(y: ArrayLike<number>, t: number, horizon: number): Float64Array {
  if (t < 0 || t + horizon >= y.length)
    throw new Error(`windowTargets: origin ${t} with horizon ${horizon} is outside [0, ${y.length})`);
  return Float64Array.from({ length: horizon }, (_, k) => y[t + 1 + k]!);
}

/** Train, validation and test origins. */
export interface OriginSplit {
  train: number[];
  validation: number[];
  test: number[];
}

/** The origins of each chronological part (windows whose targets lie inside the part). */
export function chronologicalOrigins(
  split: SplitPoints,
  lookback: number,
  horizon: number,
  extra = 0,
): OriginSplit {
  return {
    train: windowOrigins(0, split.trainEnd, lookback, horizon, extra),
    validation: windowOrigins(split.trainEnd, split.validationEnd, lookback, horizon, extra),
    test: windowOrigins(split.validationEnd, split.n, lookback, horizon, extra),
  };
}

/**
 * THE LEAKAGE TRAP, for the notebook to measure: all origins of the series shuffled and dealt into
 * parts of the same sizes as `chronological`. A test window then sits between training windows that
 * overlap it — the model has seen its inputs and its targets during training.
 */
export function randomOrigins(chronological: OriginSplit, rng: Rng): OriginSplit {
  const all = [...chronological.train, ...chronological.validation, ...chronological.test];
  const shuffled = rng.shuffle(all);
  const a = chronological.train.length,
    b = a + chronological.validation.length;
  const sorted = (xs: number[]): number[] => xs.sort((p, q) => p - q);
  return {
    train: sorted(shuffled.slice(0, a)),
    validation: sorted(shuffled.slice(a, b)),
    test: sorted(shuffled.slice(b)),
  };
}
