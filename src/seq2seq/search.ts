/**
 * Decoding a sequence from a model that predicts one token at a time: greedy search and beam search,
 * written once for any model through a step function
 *
 *     step(prevTokens [rows], state) → { logProbs [rows, vocabSize], state }
 *
 * that returns log P(y_t | y_<t, source) for each of `rows` partial translations (batch rows). The
 * search never looks inside the state; beam search only asks for some rows of it again, in a new order
 * (`select`), when it keeps, drops or duplicates hypotheses.
 *
 * Greedy search takes argmax_y log P(y | y_<t) at every step and stops at `<eos>`; it can miss the most
 * probable sequence, because a likely first word may only have unlikely continuations. Beam search keeps
 * the `beamWidth` best partial sequences (by total log-probability) at every step; a hypothesis that
 * ends in `<eos>` is set aside as finished, and a sentence is done when `beamWidth` hypotheses have
 * finished and none of the alive ones scores better than the worst of them, or at the length limit. The
 * winner maximises the length-normalised score
 *
 *     score(y) = log P(y_1 … y_L | x) / L^α          (d2l §10.8; α = 0: the plain log-probability)
 *
 * with L the number of tokens generated, `<eos>` included. Without normalisation (α = 0) short
 * translations win too often: every extra token multiplies in a probability < 1.
 *
 * With `beamWidth` 1, beam search keeps one hypothesis, which is the greedy one: the tests check that
 * both give the same tokens.
 *
 * n-gram blocking (`noRepeatNgram` = n; Paulus, Xiong & Socher 2018 use n = 3 for summaries): a token
 * that would complete an n-gram the hypothesis already holds is not considered, so a decoder stuck in a
 * loop ("gnu r gnu r gnu r") must say something else.
 */

/** log P(next token) for each row, given the previous token of each row and the model state. */
export type StepFn<S> = (prevTokens: Int32Array, state: S) => { logProbs: ArrayLike<number>; state: S };

/** The rows `rows` of a batched state, in that order (rows may repeat). */
export type SelectFn<S> = (state: S, rows: readonly number[]) => S;

/** Options shared by {@link greedySearch} and {@link beamSearch}. */
export interface SearchOptions {
  /** The token fed at the first step. */
  bos: number;
  /** The token that ends a sequence. */
  eos: number;
  /** Size of the rows of `logProbs`. */
  vocabSize: number;
  /** Most tokens generated per sentence, `<eos>` included. */
  maxLen: number;
  /** Never repeat an n-gram of this length within a hypothesis; 0: no blocking. @default 0 */
  noRepeatNgram?: number;
}

/**
 * The tokens that would repeat an n-gram of `tokens`: for every earlier occurrence of the last n − 1
 * tokens, the token that followed it.
 */
export function blockedTokens(tokens: readonly number[], n: number): Set<number> {
  const out = new Set<number>(), L = tokens.length;
  if (n < 1 || L < n - 1) return out;
  for (let i = 0; i + n - 1 < L; i++) {
    let same = true;
    for (let k = 0; k < n - 1 && same; k++) same = tokens[i + k] === tokens[L - n + 1 + k];
    if (same) out.add(tokens[i + n - 1]!);
  }
  return out;
}

/** One decoded sequence. */
export interface Hypothesis {
  /** The generated tokens, without `<eos>`. */
  tokens: number[];
  /** True when the sequence ended with `<eos>` (false: cut at `maxLen`). */
  ended: boolean;
  /** Σ_t log P(y_t | y_<t, x), `<eos>` included when generated. */
  logProb: number;
  /** logProb / L^α, L = tokens generated (`<eos>` included). */
  score: number;
}

function checkOptions(o: SearchOptions): void {
  for (const k of ['bos', 'eos', 'vocabSize', 'maxLen'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 0) throw new Error(`search: ${k} must be a non-negative integer, got ${o[k]}`);
  }
  if (o.maxLen < 1) throw new Error(`search: maxLen must be ≥ 1, got ${o.maxLen}`);
  if (o.eos >= o.vocabSize) throw new Error(`search: eos ${o.eos} is outside the vocabulary of ${o.vocabSize}`);
  const n = o.noRepeatNgram ?? 0;
  if (!Number.isInteger(n) || n < 0) throw new Error(`search: noRepeatNgram must be a non-negative integer, got ${n}`);
}

function checkLogProbs(lp: ArrayLike<number>, rows: number, V: number): void {
  if (lp.length !== rows * V) throw new Error(`search: step returned ${lp.length} log-probabilities, expected [${rows}, ${V}] = ${rows * V}`);
}

/**
 * Greedy decoding of `batchSize` sentences at once: y_t = argmax_y log P(y | y_<t, x), until `<eos>`
 * or `maxLen` tokens. Ties go to the smaller token id.
 */
export function greedySearch<S>(step: StepFn<S>, initialState: S, batchSize: number, options: SearchOptions): Hypothesis[] {
  checkOptions(options);
  const { bos, eos, vocabSize: V, maxLen } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`greedySearch: batchSize must be a positive integer, got ${batchSize}`);
  const out: Hypothesis[] = Array.from({ length: batchSize }, () => ({ tokens: [], ended: false, logProb: 0, score: 0 }));
  const prev = new Int32Array(batchSize).fill(bos);
  let state = initialState;
  let open = batchSize;
  for (let t = 0; t < maxLen && open > 0; t++) {
    const r = step(prev, state);
    checkLogProbs(r.logProbs, batchSize, V);
    state = r.state;
    for (let b = 0; b < batchSize; b++) {
      const h = out[b]!;
      if (h.ended) continue; // finished rows are still fed (the batch keeps its shape); their outputs are ignored
      const blocked = options.noRepeatNgram ? blockedTokens(h.tokens, options.noRepeatNgram) : undefined;
      let best = 0, bestLp = -Infinity;
      for (let v = 0; v < V; v++) {
        const lp = r.logProbs[b * V + v]!;
        if (lp > bestLp && !blocked?.has(v)) { bestLp = lp; best = v; }
      }
      h.logProb += bestLp;
      if (best === eos) { h.ended = true; open--; }
      else h.tokens.push(best);
      prev[b] = best;
    }
  }
  for (const h of out) h.score = h.logProb; // α plays no role for a single hypothesis; score = logProb
  return out;
}

/** Options of {@link beamSearch}. */
export interface BeamSearchOptions extends SearchOptions {
  /** Hypotheses kept per sentence. @default 4 */
  beamWidth?: number;
  /** α of the length normalisation logProb / L^α; 0 = none. @default 0.75 */
  lengthPenalty?: number;
}

/** The result for one sentence: the best hypothesis and the `beamWidth` best finished ones, best first. */
export interface BeamResult extends Hypothesis {
  nBest: Hypothesis[];
}

interface Beam { tokens: number[]; logProb: number }

/**
 * Beam search over `batchSize` sentences at once (rows = active sentences × beamWidth). `select`
 * builds the state of the kept rows. See the file comment for the rules.
 */
export function beamSearch<S>(step: StepFn<S>, select: SelectFn<S>, initialState: S, batchSize: number, options: BeamSearchOptions): BeamResult[] {
  checkOptions(options);
  const { bos, eos, vocabSize: V, maxLen } = options;
  const K = options.beamWidth ?? 4;
  const alpha = options.lengthPenalty ?? 0.75;
  if (!Number.isInteger(K) || K < 1) throw new Error(`beamSearch: beamWidth must be a positive integer, got ${K}`);
  if (!(alpha >= 0)) throw new Error(`beamSearch: lengthPenalty must be ≥ 0, got ${alpha}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`beamSearch: batchSize must be a positive integer, got ${batchSize}`);
  const norm = (logProb: number, L: number): number => (alpha === 0 ? logProb : logProb / Math.pow(L, alpha));
  const finished: Hypothesis[][] = Array.from({ length: batchSize }, () => []);
  // Active sentences and their beams; row n·K + k of the state is beam k of active sentence n.
  let active = Array.from({ length: batchSize }, (_, s) => s);
  // At the start every sentence has one beam; the other K − 1 rows are copies with score −∞.
  let beams: Beam[][] = active.map(() => Array.from({ length: K }, (_, k) => ({ tokens: [], logProb: k === 0 ? 0 : -Infinity })));
  let state = select(initialState, active.flatMap((s) => new Array<number>(K).fill(s)));
  for (let t = 0; t < maxLen && active.length > 0; t++) {
    const rows = active.length * K;
    const prev = new Int32Array(rows);
    beams.forEach((bs, n) => bs.forEach((b, k) => { prev[n * K + k] = b.tokens.length > 0 ? b.tokens[b.tokens.length - 1]! : bos; }));
    const r = step(prev, state);
    checkLogProbs(r.logProbs, rows, V);
    const lp = r.logProbs;
    const nextActive: number[] = [], nextBeams: Beam[][] = [], keepRows: number[] = [];
    active.forEach((s, n) => {
      // The 2K best (beam, token) extensions: each beam's 2K best tokens, merged.
      const cands: { k: number; v: number; logProb: number }[] = [];
      beams[n]!.forEach((b, k) => {
        if (b.logProb === -Infinity) return;
        const blocked = options.noRepeatNgram ? blockedTokens(b.tokens, options.noRepeatNgram) : undefined;
        for (const [v, l] of topK(lp, (n * K + k) * V, V, 2 * K, blocked)) if (l > -Infinity) cands.push({ k, v, logProb: b.logProb + l });
      });
      cands.sort((a, b) => b.logProb - a.logProb || a.k - b.k || a.v - b.v);
      const alive: Beam[] = [], aliveRows: number[] = [];
      const done = finished[s]!;
      for (let rank = 0; rank < cands.length && alive.length < K; rank++) {
        const c = cands[rank]!;
        const tokens = beams[n]![c.k]!.tokens;
        if (c.v === eos) {
          // An <eos> among the K best finishes a hypothesis; below them it is not a contender.
          if (rank < K) keepBest(done, { tokens: [...tokens], ended: true, logProb: c.logProb, score: norm(c.logProb, tokens.length + 1) }, K);
        } else {
          alive.push({ tokens: [...tokens, c.v], logProb: c.logProb });
          aliveRows.push(n * K + c.k);
        }
      }
      if (alive.length === 0) return;
      if (t === maxLen - 1) {
        // Cut at the length limit: the alive hypotheses compete as they are.
        for (const b of alive) keepBest(done, { tokens: b.tokens, ended: false, logProb: b.logProb, score: norm(b.logProb, b.tokens.length) }, K);
        return;
      }
      // Done when K hypotheses have finished and the worst of them beats the best alive one at its
      // current length (the rule of Hugging Face's BeamHypotheses.is_done; with K = 1 it stops exactly
      // where greedy search stops, since the alive candidate ranked below the <eos> one).
      if (done.length >= K && done[done.length - 1]!.score >= norm(alive[0]!.logProb, t + 1)) return;
      while (alive.length < K) { alive.push({ tokens: [], logProb: -Infinity }); aliveRows.push(aliveRows[0]!); }
      nextActive.push(s);
      nextBeams.push(alive);
      keepRows.push(...aliveRows);
    });
    active = nextActive;
    beams = nextBeams;
    if (active.length > 0) state = select(r.state, keepRows);
  }
  return finished.map((hs) => {
    const nBest = hs; // kept sorted by keepBest
    // Nothing finished only when every continuation had probability 0.
    const best = nBest[0] ?? { tokens: [], ended: false, logProb: -Infinity, score: -Infinity };
    return { ...best, nBest };
  });
}

/** Adds `h` to the finished hypotheses `list` (kept sorted, best first) and keeps the best `K`. */
function keepBest(list: Hypothesis[], h: Hypothesis, K: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.score < h.score) i--;
  list.splice(i, 0, h);
  if (list.length > K) list.length = K;
}

/** The k largest values of lp[offset … offset + n) as [index, value], largest first (ties: smaller index), skipping `blocked` indices. */
function topK(lp: ArrayLike<number>, offset: number, n: number, k: number, blocked?: Set<number>): [number, number][] {
  const best: [number, number][] = [];
  for (let v = 0; v < n; v++) {
    if (blocked?.has(v)) continue;
    const x = lp[offset + v]!;
    if (best.length === k && x <= best[k - 1]![1]) continue;
    let i = best.length < k ? best.length : k - 1;
    if (best.length < k) best.push([v, x]);
    while (i > 0 && best[i - 1]![1] < x) { best[i] = best[i - 1]!; i--; }
    best[i] = [v, x];
  }
  return best;
}
