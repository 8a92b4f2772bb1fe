/**
 * Corpus BLEU per bucket of source-sentence length, for one translator or several on the same test
 * sentences — the measurement behind 003 §6's claim that attention copes with long sequences better
 * than an LSTM: does attention's advantage grow with the length of the sentence?
 *
 * Buckets are given by their inclusive upper ends: `[4, 5, 6, 7, 10]` means lengths 1–4, 5, 6, 7 and
 * 8–10. Each bucket's BLEU is corpus BLEU over its own sentences (their clipped n-gram counts and
 * lengths summed, bleu.ts), so the buckets' scores do not average to the whole test set's. The
 * difference between two systems in a bucket comes with a paired-bootstrap interval
 * ({@link pairedBleuBootstrap}): the bucket's sentences resampled, both corpus scores recomputed.
 */
import { BleuOptions, BleuResult, bleuFromStatistics, corpusBleu } from './bleu';
import { pairedBootstrapStatistic } from './bootstrap';
import type { BootstrapInterval, BootstrapOptions } from './rouge';

type Sentences = readonly (readonly string[])[];

/** The sentences of one length bucket. */
export interface LengthBucket {
  /** Shortest and longest source length of the bucket (inclusive). */
  min: number;
  max: number;
  /** Indices of the sentences whose source length lies in [min, max]. */
  indices: number[];
}

/**
 * Groups sentence indices by source length into buckets with the given inclusive upper ends, which
 * must be increasing positive integers; a length above the last upper end (or below 1) is an error.
 */
export function lengthBuckets(lengths: readonly number[], upperEnds: readonly number[]): LengthBucket[] {
  if (upperEnds.length === 0) throw new Error('lengthBuckets: no bucket upper ends');
  upperEnds.forEach((u, k) => {
    if (!Number.isInteger(u) || u < 1 || (k > 0 && u <= upperEnds[k - 1]!))
      throw new Error(
        `lengthBuckets: upper ends must be increasing positive integers, got [${upperEnds.join(', ')}]`,
      );
  });
  const buckets = upperEnds.map((max, k) => ({
    min: k === 0 ? 1 : upperEnds[k - 1]! + 1,
    max,
    indices: [] as number[],
  }));
  lengths.forEach((len, i) => {
    const b = buckets.find((x) => len >= x.min && len <= x.max);
    if (b === undefined)
      throw new Error(
        `lengthBuckets: sentence ${i} has length ${len}, outside the buckets 1–${upperEnds[upperEnds.length - 1]}`,
      );
    b.indices.push(i);
  });
  return buckets;
}

/** Corpus BLEU of one bucket, for each system. */
export interface BucketScores extends LengthBucket {
  /** Sentences in the bucket. */
  n: number;
  /** Each system's corpus BLEU over the bucket's sentences; null where the bucket is empty. */
  bleu: (BleuResult | null)[];
  /** With two systems: BLEU(system 0) − BLEU(system 1) with its paired-bootstrap interval; null if empty. */
  difference?: BootstrapInterval | null;
}

/** Options of {@link bleuByLength}. */
export interface BleuByLengthOptions {
  /** Options of the BLEU computation. @default corpusBleu's */
  bleu?: BleuOptions;
  /** With two systems: the paired bootstrap of their difference per bucket; false: none. @default {} */
  bootstrap?: BootstrapOptions | false;
}

/**
 * Corpus BLEU per source-length bucket for each system: `systems[s][i]` is system s's translation of
 * sentence i, `references[i]` its reference and `sourceLengths[i]` the length of its source.
 */
export function bleuByLength(
  systems: readonly Sentences[],
  references: Sentences,
  sourceLengths: readonly number[],
  upperEnds: readonly number[],
  o: BleuByLengthOptions = {},
): BucketScores[] {
  if (systems.length === 0) throw new Error('bleuByLength: no systems');
  systems.forEach((s, k) => {
    if (s.length !== references.length)
      throw new Error(
        `bleuByLength: system ${k} has ${s.length} translations for ${references.length} references`,
      );
  });
  if (sourceLengths.length !== references.length)
    throw new Error(
      `bleuByLength: ${sourceLengths.length} source lengths for ${references.length} references`,
    );
  return lengthBuckets(sourceLengths, upperEnds).map((b) => {
    const refs = b.indices.map((i) => references[i]!);
    const n = b.indices.length;
    const bleu = systems.map((s) =>
      n === 0
        ? null
        : corpusBleu(
            b.indices.map((i) => s[i]!),
            refs,
            o.bleu,
          ),
    );
    const out: BucketScores = { ...b, n, bleu };
    if (systems.length === 2 && o.bootstrap !== false) {
      out.difference =
        n === 0
          ? null
          : pairedBleuBootstrap(
              b.indices.map((i) => systems[0]![i]!),
              b.indices.map((i) => systems[1]![i]!),
              refs,
              o.bootstrap ?? {},
              o.bleu,
            );
    }
    return out;
  });
}

/**
 * Paired bootstrap of corpus BLEU(a) − BLEU(b) on the same sentences (Koehn 2004): each resample's
 * scores are recomputed from the summed per-sentence statistics (clipped matches, totals, lengths).
 */
export function pairedBleuBootstrap(
  a: Sentences,
  b: Sentences,
  references: Sentences,
  o: BootstrapOptions = {},
  bleuOptions: BleuOptions = {},
): BootstrapInterval {
  if (a.length !== references.length || b.length !== references.length)
    throw new Error(
      `pairedBleuBootstrap: ${a.length} and ${b.length} translations for ${references.length} references`,
    );
  const stats = (hyps: Sentences) =>
    hyps.map((h, i) => corpusBleu([h], [references[i]!], { ...bleuOptions, smoothing: 'none' }));
  const sa = stats(a),
    sb = stats(b);
  const order = bleuOptions.maxOrder ?? 4;
  const score = (s: BleuResult[], indices: Int32Array): number => {
    const matches = new Array<number>(order).fill(0),
      totals = new Array<number>(order).fill(0);
    let hypLen = 0,
      refLen = 0;
    for (const i of indices) {
      const x = s[i]!;
      for (let k = 0; k < order; k++) {
        matches[k]! += x.matches[k]!;
        totals[k]! += x.totals[k]!;
      }
      hypLen += x.hypLen;
      refLen += x.refLen;
    }
    return bleuFromStatistics(matches, totals, hypLen, refLen, bleuOptions).score;
  };
  return pairedBootstrapStatistic(references.length, (idx) => score(sa, idx) - score(sb, idx), o);
}
