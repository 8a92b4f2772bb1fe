/**
 * BLEU (Papineni et al. 2002): how many of a translation's n-grams (n = 1…4) occur in a reference,
 * each n-gram credited at most as often as the reference has it ("clipped"), with a penalty for
 * translations shorter than the references. Two versions:
 *
 * - {@link corpusBleu}: corpus-level BLEU-4 as sacrebleu computes it (0–100). The clipped counts and
 *   the lengths are summed over the whole corpus first, then
 *
 *       p_n = Σ_sentences matches_n / Σ_sentences hypothesis n-grams
 *       BP  = 1 if c ≥ r, else exp(1 − r/c)         c = hypothesis tokens, r = reference tokens
 *       BLEU = 100 · BP · exp((1/4) Σ_{n=1..4} log p_n)
 *
 *   With several references per sentence, an n-gram is clipped at its largest count in any one of them
 *   and r takes, per sentence, the reference length closest to the hypothesis's (shorter on ties).
 *   Input is already tokenized (sacrebleu's `tokenize='none'`): arrays of tokens.
 *
 * - {@link sentenceBleu}: d2l's `bleu(pred_seq, label_seq, k)` for one sentence (0–1):
 *
 *       exp(min(0, 1 − len_label / len_pred)) · Π_{n=1..k} p_n^(1/2^n)
 *
 *   whose weights 1/2^n favour long matching n-grams less than the geometric mean does, and whose
 *   precisions are not smoothed: one order without a match gives 0.
 *
 * 000's §6.2 asks for translations that are "stable and reliable" but names no measure; BLEU is the
 * one the field reports.
 */

/** Smoothing of n-gram precisions that have no match (sacrebleu's `smooth_method`). */
export type BleuSmoothing = 'exp' | 'none' | 'floor' | 'add-k';

/** Options of {@link corpusBleu}. */
export interface BleuOptions {
  /** Longest n-gram. @default 4 */
  maxOrder?: number;
  /**
   * sacrebleu's smoothing, applied only to an order with zero matches (at corpus level that almost
   * never happens, so 'exp' and 'none' then agree):
   * - 'exp' (sacrebleu's default; NIST's mteval): the k-th such order gets precision 1/(2^k · total_n);
   * - 'none': precision 0, and so BLEU 0;
   * - 'floor': precision `smoothValue`/total_n (default 0.1);
   * - 'add-k': adds `smoothValue` (default 1) to matches and totals of every order n ≥ 2.
   * @default 'exp'
   */
  smoothing?: BleuSmoothing;
  /** The value of 'floor' (0.1) and 'add-k' (1). @default as listed */
  smoothValue?: number;
}

/** The score and its sufficient statistics. */
export interface BleuResult {
  /** BLEU on a 0–100 scale. */
  score: number;
  /** Clipped n-gram matches, by order (index 0 = unigrams). */
  matches: number[];
  /** Hypothesis n-grams, by order. */
  totals: number[];
  /** n-gram precisions in percent, after smoothing. */
  precisions: number[];
  /** Brevity penalty. */
  bp: number;
  /** Hypothesis tokens c. */
  hypLen: number;
  /** Effective reference tokens r. */
  refLen: number;
}

/** Counts of every n-gram of `tokens` with minOrder ≤ n ≤ maxOrder, keyed by the tokens joined with U+0001. */
export function ngramCounts(tokens: readonly string[], maxOrder: number, minOrder = 1): Map<string, number> {
  const out = new Map<string, number>();
  for (let n = minOrder; n <= maxOrder; n++) {
    for (let i = 0; i + n <= tokens.length; i++) {
      const key = tokens.slice(i, i + n).join('\u0001');
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

function checkTokens(x: unknown, what: string): readonly string[] {
  if (!Array.isArray(x) || x.some((t) => typeof t !== 'string'))
    throw new Error(`${what} must be an array of tokens (strings), got ${JSON.stringify(x)?.slice(0, 80)}`);
  return x as string[];
}

/**
 * Corpus BLEU, sacrebleu's algorithm on pre-tokenized input.
 * @param hypotheses one token array per sentence
 * @param references one reference per sentence (token arrays), or several: `references[s]` a list of token arrays
 */
export function corpusBleu(
  hypotheses: readonly (readonly string[])[],
  references: readonly (readonly string[])[] | readonly (readonly (readonly string[])[])[],
  options: BleuOptions = {},
): BleuResult {
  const maxOrder = options.maxOrder ?? 4;
  const smoothing = options.smoothing ?? 'exp';
  if (!Number.isInteger(maxOrder) || maxOrder < 1)
    throw new Error(`corpusBleu: maxOrder must be a positive integer, got ${maxOrder}`);
  if (!['exp', 'none', 'floor', 'add-k'].includes(smoothing))
    throw new Error(`corpusBleu: smoothing must be exp, none, floor or add-k, got '${smoothing}'`);
  if (hypotheses.length !== references.length)
    throw new Error(`corpusBleu: ${hypotheses.length} hypotheses but ${references.length} references`);
  const matches = new Array<number>(maxOrder).fill(0);
  const totals = new Array<number>(maxOrder).fill(0);
  let hypLen = 0,
    refLen = 0;
  hypotheses.forEach((hyp, s) => {
    checkTokens(hyp, `hypothesis ${s}`);
    const r = references[s]!;
    const refs = (r.length > 0 && Array.isArray(r[0]) ? r : [r]) as readonly (readonly string[])[];
    refs.forEach((ref, k) => checkTokens(ref, `reference ${s}${refs.length > 1 ? `.${k}` : ''}`));
    // The closest reference length; the shorter one on ties.
    let closest = refs[0]!.length;
    for (const ref of refs) {
      const d = Math.abs(ref.length - hyp.length),
        best = Math.abs(closest - hyp.length);
      if (d < best || (d === best && ref.length < closest)) closest = ref.length;
    }
    hypLen += hyp.length;
    refLen += closest;
    // Clip each n-gram at its largest count in any one reference.
    const refMax = new Map<string, number>();
    for (const ref of refs)
      for (const [g, c] of ngramCounts(ref, maxOrder)) refMax.set(g, Math.max(refMax.get(g) ?? 0, c));
    for (const [g, c] of ngramCounts(hyp, maxOrder)) {
      const n = g.split('\u0001').length;
      matches[n - 1]! += Math.min(c, refMax.get(g) ?? 0);
      totals[n - 1]! += c;
    }
  });
  return bleuFromStatistics(matches, totals, hypLen, refLen, { smoothing, smoothValue: options.smoothValue });
}

/**
 * BLEU from its sufficient statistics (sacrebleu's `compute_bleu` with `use_effective_order=False`):
 * exported so that statistics gathered elsewhere (or summed over shards) give the same score.
 */
export function bleuFromStatistics(
  matches: readonly number[],
  totals: readonly number[],
  hypLen: number,
  refLen: number,
  options: { smoothing?: BleuSmoothing; smoothValue?: number } = {},
): BleuResult {
  const smoothing = options.smoothing ?? 'exp';
  const order = matches.length;
  if (totals.length !== order)
    throw new Error(`bleuFromStatistics: ${order} match counts but ${totals.length} totals`);
  const value = options.smoothValue ?? (smoothing === 'floor' ? 0.1 : 1);
  const m = [...matches],
    t = [...totals];
  const precisions = new Array<number>(order).fill(0);
  let expFactor = 1;
  for (let n = 0; n < order; n++) {
    if (smoothing === 'add-k' && n > 0) {
      m[n]! += value;
      t[n]! += value;
    }
    if (t[n] === 0) break; // no n-grams of this order at all: the precision stays 0
    if (m[n] === 0) {
      if (smoothing === 'exp') {
        expFactor *= 2;
        precisions[n] = 100 / (expFactor * t[n]!);
      } else if (smoothing === 'floor') precisions[n] = (100 * value) / t[n]!;
    } else precisions[n] = (100 * m[n]!) / t[n]!;
  }
  const bp = hypLen < refLen ? (hypLen > 0 ? Math.exp(1 - refLen / hypLen) : 0) : 1;
  // log 0 → score 0 (sacrebleu substitutes −9999999999 for log 0).
  const meanLog = precisions.reduce((s, p) => s + (p > 0 ? Math.log(p) : -Infinity), 0) / order;
  const score = bp * Math.exp(meanLog);
  return { score, matches: m, totals: t, precisions, bp, hypLen, refLen };
}

/**
 * d2l's sentence BLEU, `bleu(pred_seq, label_seq, k)` (0–1):
 * exp(min(0, 1 − len_label/len_pred)) · Π_{n=1..min(k, len_pred)} p_n^(0.5^n),
 * with p_n the clipped n-gram precision. An empty prediction scores 0 (d2l divides by zero there).
 */
export function sentenceBleu(pred: readonly string[], label: readonly string[], k = 4): number {
  checkTokens(pred, 'prediction');
  checkTokens(label, 'label');
  if (!Number.isInteger(k) || k < 1) throw new Error(`sentenceBleu: k must be a positive integer, got ${k}`);
  const lenPred = pred.length,
    lenLabel = label.length;
  if (lenPred === 0) return 0;
  let score = Math.exp(Math.min(0, 1 - lenLabel / lenPred));
  for (let n = 1; n <= Math.min(k, lenPred); n++) {
    const labelSubs = ngramCounts(label, n, n);
    let numMatches = 0;
    for (let i = 0; i + n <= lenPred; i++) {
      const g = pred.slice(i, i + n).join('\u0001');
      const left = labelSubs.get(g) ?? 0;
      if (left > 0) {
        numMatches++;
        labelSubs.set(g, left - 1);
      }
    }
    score *= Math.pow(numMatches / (lenPred - n + 1), Math.pow(0.5, n));
  }
  return score;
}
