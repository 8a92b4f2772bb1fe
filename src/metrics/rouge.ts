/**
 * ROUGE (Lin 2004, "ROUGE: A Package for Automatic Evaluation of Summaries"): how much of a reference
 * summary a system summary recovers, by overlapping n-grams (ROUGE-N) or by the longest common
 * subsequence (ROUGE-L). For a hypothesis h and a reference r, as token lists:
 *
 *   ROUGE-N   m = Σ_g min(count_h(g), count_r(g))   over the n-grams g (clipped matches)
 *             P = m / (|h| − n + 1),  R = m / (|r| − n + 1)
 *   ROUGE-L   m = LCS(h, r)  (longest common subsequence, not necessarily contiguous)
 *             P = m / |h|,  R = m / |r|
 *   both      F1 = 2PR / (P + R)     (0 when P + R = 0; Lin's F_β with β = 1)
 *
 * Tokens as Google's `rouge-score` makes them without stemming: lower case, every run of characters
 * other than a–z and 0–9 is a separator (so `libfoo-dev` → `libfoo`, `dev`). A corpus score is the
 * mean over pairs of each pair's P, R and F1, on a 0–100 scale (rouge-score's averaging).
 *
 * {@link pairedBootstrap}: how sure a difference between two systems on the same test pairs is. Draw
 * the test pairs with replacement B times; the 2.5 and 97.5 percentiles of the resampled mean
 * differences are a 95% interval (Koehn 2004, "Statistical significance tests for machine translation
 * evaluation"; Efron & Tibshirani 1993 §13). The interval excludes 0 ⇔ the difference is significant
 * at 5% in this test.
 */
import { pairedBootstrapStatistic } from './bootstrap';

/** rouge-score's tokens: lower case, runs of [a-z0-9]. Accepts text or already-split tokens. */
export function rougeTokens(text: string | readonly string[]): string[] {
  const s = typeof text === 'string' ? text : text.join(' ');
  return s
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** Precision, recall and F1 (each 0–1 for one pair, 0–100 for a corpus). */
export interface PRF {
  precision: number;
  recall: number;
  f1: number;
}

/** F1 = 2PR/(P+R) from matches and the two lengths. */
function prf(matches: number, hypCount: number, refCount: number): PRF {
  const precision = hypCount > 0 ? matches / hypCount : 0,
    recall = refCount > 0 ? matches / refCount : 0;
  return {
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

/** Counts of the n-grams of `tokens`, keyed by the tokens joined with a space. */
function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const g = tokens.slice(i, i + n).join(' ');
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** ROUGE-N of one pair (tokens already through {@link rougeTokens}). */
export function rougeN(hyp: readonly string[], ref: readonly string[], n: number): PRF {
  if (!Number.isInteger(n) || n < 1) throw new Error(`rougeN: n must be a positive integer, got ${n}`);
  const h = ngramCounts(hyp, n),
    r = ngramCounts(ref, n);
  let m = 0;
  for (const [g, c] of h) m += Math.min(c, r.get(g) ?? 0);
  return prf(m, Math.max(0, hyp.length - n + 1), Math.max(0, ref.length - n + 1));
}

/** Length of the longest common subsequence (dynamic programming, O(|a|·|b|) time, O(|b|) memory). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  let prev = new Int32Array(b.length + 1),
    cur = new Int32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      // L[i][j] = L[i−1][j−1] + 1 if a_i = b_j, else max(L[i−1][j], L[i][j−1])
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** ROUGE-L of one pair (tokens already through {@link rougeTokens}). */
export function rougeL(hyp: readonly string[], ref: readonly string[]): PRF {
  return prf(lcsLength(hyp, ref), hyp.length, ref.length);
}

/** ROUGE-1, ROUGE-2 and ROUGE-L of one pair. */
export interface RougeScores {
  rouge1: PRF;
  rouge2: PRF;
  rougeL: PRF;
}

/** ROUGE-1/2/L of one pair, from text or tokens (both re-tokenised by {@link rougeTokens}). */
export function rouge(
  hypothesis: string | readonly string[],
  reference: string | readonly string[],
): RougeScores {
  const h = rougeTokens(hypothesis),
    r = rougeTokens(reference);
  return { rouge1: rougeN(h, r, 1), rouge2: rougeN(h, r, 2), rougeL: rougeL(h, r) };
}

/** Corpus ROUGE: the mean of each pair's P, R, F1 (0–100), and every pair's scores for bootstrapping. */
export interface CorpusRouge extends RougeScores {
  pairs: RougeScores[];
}

/** ROUGE over a test set: hypotheses[i] against references[i]. */
export function corpusRouge(
  hypotheses: readonly (string | readonly string[])[],
  references: readonly (string | readonly string[])[],
): CorpusRouge {
  if (hypotheses.length !== references.length)
    throw new Error(`corpusRouge: ${hypotheses.length} hypotheses for ${references.length} references`);
  if (hypotheses.length === 0) throw new Error('corpusRouge: no pairs');
  const pairs = hypotheses.map((h, i) => rouge(h, references[i]!));
  const mean = (k: keyof RougeScores): PRF => {
    const s = { precision: 0, recall: 0, f1: 0 };
    for (const p of pairs) {
      s.precision += p[k].precision;
      s.recall += p[k].recall;
      s.f1 += p[k].f1;
    }
    const c = 100 / pairs.length;
    return { precision: s.precision * c, recall: s.recall * c, f1: s.f1 * c };
  };
  return { rouge1: mean('rouge1'), rouge2: mean('rouge2'), rougeL: mean('rougeL'), pairs };
}

/** A paired-bootstrap interval for mean(a) − mean(b). */
export interface BootstrapInterval {
  /** mean(a) − mean(b) on the test set itself. */
  difference: number;
  /** The interval's ends (percentiles of the resampled differences). */
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  samples: number;
  /** Fraction of resamples with difference ≤ 0 (a one-sided p-value for "a is better"). */
  pValue: number;
}

/** Options of {@link pairedBootstrap}. */
export interface BootstrapOptions {
  /** Resamples. @default 1000 */
  samples?: number;
  /** @default 0.95 */
  level?: number;
  /** @default 0 */
  seed?: number;
}

/**
 * The paired bootstrap of the file comment: `a[i]` and `b[i]` are two systems' scores on test pair i
 * (e.g. ROUGE-L F1 ×100). Percentile interval of the mean difference.
 */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  o: BootstrapOptions = {},
): BootstrapInterval {
  if (a.length !== b.length)
    throw new Error(`pairedBootstrap: ${a.length} scores for system a but ${b.length} for system b`);
  const d = a.map((x, i) => x - b[i]!);
  return pairedBootstrapStatistic(
    d.length,
    (indices) => {
      let sum = 0;
      for (const i of indices) sum += d[i]!;
      return sum / indices.length;
    },
    o,
  );
}
