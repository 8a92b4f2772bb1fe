/**
 * The paired bootstrap (Efron & Tibshirani 1993; for translation, Koehn 2004): two systems scored on
 * the same n test items; resample the items with replacement B times, recompute the difference of the
 * two systems' scores on each resample, and read a percentile interval off the B differences. Any
 * statistic works — a mean of per-item scores ({@link pairedBootstrap}, rouge.ts) or a corpus score
 * recomputed from summed counts ({@link pairedBleuBootstrap}, bleu-by-length.ts).
 */
import { Rng } from '../tensor';
import type { BootstrapInterval, BootstrapOptions } from './rouge';

/**
 * Paired bootstrap of any difference statistic: `difference(indices)` scores both systems on the items
 * `indices` (a resample, repeats allowed) and returns score(a) − score(b). The interval is the
 * percentile interval of the resampled differences (nearest rank); `pValue` is the share of resamples
 * whose difference is ≤ 0.
 */
export function pairedBootstrapStatistic(
  n: number,
  difference: (indices: Int32Array) => number,
  o: BootstrapOptions = {},
): BootstrapInterval {
  const samples = o.samples ?? 1000,
    level = o.level ?? 0.95;
  if (!Number.isInteger(n) || n < 1) throw new Error(`pairedBootstrap: no scores (n = ${n})`);
  if (!Number.isInteger(samples) || samples < 1)
    throw new Error(`pairedBootstrap: samples must be a positive integer, got ${samples}`);
  if (!(level > 0 && level < 1)) throw new Error(`pairedBootstrap: level must be in (0, 1), got ${level}`);
  const rng = new Rng(o.seed ?? 0),
    diffs = new Float64Array(samples),
    indices = new Int32Array(n);
  let notBetter = 0;
  for (let s = 0; s < samples; s++) {
    for (let i = 0; i < n; i++) indices[i] = rng.int(n);
    diffs[s] = difference(indices);
    if (diffs[s]! <= 0) notBetter++;
  }
  diffs.sort();
  // percentile by the nearest rank: the ⌈q·B⌉-th smallest
  const at = (q: number): number => diffs[Math.min(samples - 1, Math.max(0, Math.ceil(q * samples) - 1))]!;
  const tail = (1 - level) / 2;
  return {
    difference: difference(Int32Array.from({ length: n }, (_, i) => i)),
    low: at(tail),
    high: at(1 - tail),
    level,
    samples,
    pValue: notBetter / samples,
  };
}
