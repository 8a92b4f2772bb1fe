/**
 * Reading a transcription off the per-frame CTC posteriors y_t(k) (log-probabilities in, [T, K]), and
 * scoring it.
 *
 * - Best path (greedy): π*_t = argmax_k y_t(k), then B(π*). The most probable alignment — not always
 *   the most probable labelling, which sums over all alignments of the same labels.
 * - Prefix beam search (Graves 2012 ch. 7; Hannun et al. 2014): keep the `beamWidth` most probable
 *   label prefixes; for each, two probabilities, p_b (its alignments so far end in a blank) and p_nb
 *   (they end in its last label). Going from frame t−1 to t, for a prefix ℓ with last label e:
 *     ℓ stays ℓ:       p_b ← (p_b + p_nb)·y_t(b),   p_nb ← p_nb·y_t(e)              (blank, or e repeated)
 *     ℓ becomes ℓ+k:   p_nb(ℓ+k) += (k ≠ e ? p_b + p_nb : p_b)·y_t(k)               (e again needs a blank
  *   between)
 *   and rank prefixes by p_b + p_nb. With a beam as wide as all prefixes it is exact.
 * - Error rate by edit distance: (substitutions + deletions + insertions) / reference length, summed over
 *   utterances (Levenshtein 1966) — the digit error rate here, the word error rate in speech generally.
 */
import { collapse, logAddExp } from './ctc';

/** B(argmax_k y_t(k)) over the T frames of logProbs [T, K]. */
export function bestPathDecode(logProbs: ArrayLike<number>, T: number, K: number, blank = 0): number[] {
  const path = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (logProbs[t * K + k]! > logProbs[t * K + best]!) best = k;
    path[t] = best;
  }
  return collapse(path, blank);
}

/** A hypothesis of {@link prefixBeamSearch}: labels and log p(labels | x) over the alignments kept. */
export interface BeamHypothesis {
  labels: number[];
  logProb: number;
}

/** Prefix beam search (see the file comment); hypotheses best first. */
export function prefixBeamSearch(
  logProbs: ArrayLike<number>,
  T: number,
  K: number,
  beamWidth: number,
  blank = 0,
): BeamHypothesis[] {
  if (!Number.isInteger(beamWidth) || beamWidth < 1)
    throw new Error(`prefixBeamSearch: beamWidth must be a positive integer; got ${beamWidth}`);
  interface Entry {
    labels: number[];
    b: number;
    nb: number;
  }
  let beam = new Map<string, Entry>([['', { labels: [], b: 0, nb: -Infinity }]]);
  for (let t = 0; t < T; t++) {
    const next = new Map<string, Entry>();
    const at = (labels: number[]): Entry => {
      const key = labels.join(',');
      let e = next.get(key);
      if (e === undefined) next.set(key, (e = { labels, b: -Infinity, nb: -Infinity }));
      return e;
    };
    const y = (k: number): number => logProbs[t * K + k]!;
    for (const { labels, b, nb } of beam.values()) {
      const total = logAddExp(b, nb),
        last = labels.length > 0 ? labels[labels.length - 1]! : -1;
      const same = at(labels);
      same.b = logAddExp(same.b, total + y(blank));
      if (last >= 0) same.nb = logAddExp(same.nb, nb + y(last));
      for (let k = 0; k < K; k++) {
        if (k === blank) continue;
        const ext = at([...labels, k]);
        ext.nb = logAddExp(ext.nb, (k === last ? b : total) + y(k));
      }
    }
    beam = new Map(
      [...next.entries()]
        .sort((p, q) => logAddExp(q[1].b, q[1].nb) - logAddExp(p[1].b, p[1].nb))
        .slice(0, beamWidth),
    );
  }
  return [...beam.values()].map((e) => ({ labels: e.labels, logProb: logAddExp(e.b, e.nb) }));
}

/** The edit distance between two sequences: fewest substitutions, deletions and insertions. */
export function levenshtein(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** Σ edit distance / Σ reference length over the utterances. */
export function errorRate(hypotheses: ArrayLike<number>[], references: ArrayLike<number>[]): number {
  if (hypotheses.length !== references.length)
    throw new Error(`errorRate: ${hypotheses.length} hypotheses for ${references.length} references`);
  let errors = 0,
    total = 0;
  hypotheses.forEach((h, i) => {
    errors += levenshtein(h, references[i]!);
    total += references[i]!.length;
  });
  if (total === 0) throw new Error('errorRate: the references hold no labels');
  return errors / total;
}
