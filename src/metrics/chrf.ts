/**
 * chrF (Popović 2015, "chrF: character n-gram F-score for automatic MT evaluation"): how many of the
 * character n-grams (n = 1…6) of a translation occur in the reference, as an F-score that weighs recall β
 * times as much as precision. It needs no tokenisation, so it suits a character-level target such as
 * Chinese, where one wrong character in a word costs BLEU a whole n-gram chain but chrF only a few
 * n-grams.
 *
 * White space is removed first (as sacrebleu does). For each order n, over the whole corpus:
 *
 *   chrP_n = Σ matches_n / Σ hypothesis n-grams       chrR_n = Σ matches_n / Σ reference n-grams
 *
 * with each n-gram credited at most as often as the reference has it. Popović's score averages the
 * orders first, then combines:
 *
 *   chrP = (1/N) Σ_n chrP_n     chrR = (1/N) Σ_n chrR_n
 *   chrF_β = (1 + β²) chrP chrR / (β² chrP + chrR)
 *
 * on a 0–100 scale, β = 2, N = 6. An order that has no n-grams on either side (a corpus of sentences
 * shorter than n characters) is left out of the averages. (sacrebleu 2.x instead averages the per-order
 * F-scores; the two agree when every order has the same precision/recall ratio.)
 */
import { ngramCounts } from './bleu';

/** Options of {@link corpusChrF}. */
export interface ChrFOptions {
  /** Longest character n-gram N. @default 6 */
  order?: number;
  /** Recall weighs β times as much as precision. @default 2 */
  beta?: number;
}

/** The score and its parts. */
export interface ChrFResult {
  /** chrF_β, 0–100. */
  score: number;
  /** chrP and chrR, 0–100. */
  precision: number;
  recall: number;
  /** By order (index 0 = single characters): matches, hypothesis and reference n-gram counts. */
  matches: number[];
  hypTotals: number[];
  refTotals: number[];
}

/** Corpus chrF of `hypotheses` against one reference each (strings; white space is ignored). */
export function corpusChrF(
  hypotheses: readonly string[],
  references: readonly string[],
  options: ChrFOptions = {},
): ChrFResult {
  const N = options.order ?? 6, beta = options.beta ?? 2;
  if (!Number.isInteger(N) || N < 1) throw new Error(`corpusChrF: order must be 1, 2, …; got ${N}`);
  if (!(beta > 0)) throw new Error(`corpusChrF: beta must be positive, got ${beta}`);
  if (hypotheses.length !== references.length) {
    throw new Error(`corpusChrF: ${hypotheses.length} hypotheses but ${references.length} references`);
  }
  const matches = new Array<number>(N).fill(0);
  const hypTotals = new Array<number>(N).fill(0), refTotals = new Array<number>(N).fill(0);
  hypotheses.forEach((hyp, s) => {
    const h = Array.from(hyp.replace(/\s+/g, ''));
    const r = Array.from(references[s]!.replace(/\s+/g, ''));
    const refCounts = ngramCounts(r, N);
    for (const [g, c] of ngramCounts(h, N)) {
      const n = g.split('\u0001').length;
      matches[n - 1]! += Math.min(c, refCounts.get(g) ?? 0);
      hypTotals[n - 1]! += c;
    }
    for (const [g, c] of refCounts) refTotals[g.split('\u0001').length - 1]! += c;
  });
  let sumP = 0, sumR = 0, orders = 0;
  for (let n = 0; n < N; n++) {
    if (hypTotals[n] === 0 && refTotals[n] === 0) continue;
    orders++;
    sumP += hypTotals[n]! > 0 ? matches[n]! / hypTotals[n]! : 0;
    sumR += refTotals[n]! > 0 ? matches[n]! / refTotals[n]! : 0;
  }
  const P = orders > 0 ? sumP / orders : 0, R = orders > 0 ? sumR / orders : 0, b2 = beta * beta;
  const score = P + R > 0 ? ((1 + b2) * P * R) / (b2 * P + R) : 0;
  return { score: 100 * score, precision: 100 * P, recall: 100 * R, matches, hypTotals, refTotals };
}
