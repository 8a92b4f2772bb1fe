/**
 * Extractive baselines a summariser must beat, scored on the same pairs as the models:
 *
 * - lead-k: the first k tokens of the input (k chosen on validation by ROUGE-L F1: {@link chooseLeadK});
 * - first sentence: the input up to its first `.` token (the whole input when it has none);
 * - oracle: the contiguous span of the input with the best ROUGE-L F1 against the reference — a
 *   ceiling for any summariser that only cuts a piece out of the input, not a system (it reads the
 *   reference).
 *
 * Tokens are the data's (src/data/debian.ts); ROUGE re-tokenises them (src/metrics/rouge.ts).
 */
import { corpusRouge, rougeTokens } from '../metrics/index';

/** The first k tokens. */
export function leadK(src: readonly string[], k: number): string[] {
  if (!Number.isInteger(k) || k < 1) throw new Error(`leadK: k must be a positive integer, got ${k}`);
  return src.slice(0, k);
}

/** The tokens before the first `.` token (the whole input when there is none). */
export function firstSentence(src: readonly string[]): string[] {
  const end = src.indexOf('.');
  return src.slice(0, end < 0 ? src.length : end);
}

/**
 * The contiguous span src[i … j) with the largest ROUGE-L F1 against `ref` (ties: the earliest, then
 * the shortest), in ROUGE tokens. For each start i the LCS table grows one row per added token, so all
 * spans cost O(n² · m) for n input and m reference tokens.
 */
export function oracleSpan(src: readonly string[], ref: readonly string[]): { tokens: string[]; f1: number } {
  const s = rougeTokens(src),
    r = rougeTokens(ref),
    m = r.length;
  let best = { i: 0, j: 0, f1: 0 };
  for (let i = 0; i < s.length; i++) {
    let prev = new Int32Array(m + 1),
      cur = new Int32Array(m + 1);
    for (let j = i; j < s.length; j++) {
      for (let k = 1; k <= m; k++)
        cur[k] = s[j] === r[k - 1] ? prev[k - 1]! + 1 : Math.max(prev[k]!, cur[k - 1]!);
      [prev, cur] = [cur, prev];
      const lcs = prev[m]!,
        P = lcs / (j - i + 1),
        R = m > 0 ? lcs / m : 0;
      const f1 = P + R > 0 ? (2 * P * R) / (P + R) : 0;
      if (f1 > best.f1) best = { i, j: j + 1, f1 };
    }
  }
  return { tokens: s.slice(best.i, best.j), f1: best.f1 };
}

/** A pair as the baselines see it. */
export interface TokenPair {
  src: readonly string[];
  tgt: readonly string[];
}

/** The k of lead-k with the best mean ROUGE-L F1 on `pairs` (ties: the smallest k), and every k's score. */
export function chooseLeadK(
  pairs: readonly TokenPair[],
  ks: readonly number[] = Array.from({ length: 30 }, (_, i) => i + 1),
): { k: number; scores: Map<number, number> } {
  const scores = new Map<number, number>();
  let bestK = ks[0]!;
  for (const k of ks) {
    const f = corpusRouge(
      pairs.map((p) => leadK(p.src, k)),
      pairs.map((p) => p.tgt),
    ).rougeL.f1;
    scores.set(k, f);
    if (f > scores.get(bestK)!) bestK = k;
  }
  return { k: bestK, scores };
}
