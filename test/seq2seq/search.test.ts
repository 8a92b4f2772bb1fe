import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SelectFn, StepFn, beamSearch, blockedTokens, greedySearch } from '../../src/seq2seq/search';

/** A row of the toy state: which sentence, and the tokens generated so far. */
interface Row { sentence: number; prefix: number[] }
type State = Row[];

const select: SelectFn<State> = (state, rows) => rows.map((r) => ({ ...state[r]!, prefix: [...state[r]!.prefix] }));

/** Turns a distribution function of (sentence, prefix) into a step function. */
function stepFrom(dist: (sentence: number, prefix: number[]) => number[]): StepFn<State> {
  return (prev, state) => {
    const V = dist(0, []).length;
    const logProbs = new Float64Array(state.length * V);
    const next = state.map((row, r) => {
      // the previous token is the last of the prefix (bos at the first step)
      const prefix = prev[r] === BOS ? row.prefix : [...row.prefix, prev[r]!];
      const p = dist(row.sentence, prefix);
      p.forEach((x, v) => { logProbs[r * V + v] = Math.log(x); });
      return { sentence: row.sentence, prefix };
    });
    return { logProbs, state: next };
  };
}

const EOS = 0, BOS = 3;
/** vocabulary: 0 = <eos>, 1 = a, 2 = b, 3 = <bos> (never generated). */
const toy = (_s: number, prefix: number[]): number[] => {
  const key = prefix.join('');
  if (key === '') return [0.0, 0.6, 0.4, 0];
  if (key === '1') return [0.35, 0.33, 0.32, 0]; // after 'a' nothing is likely
  if (key === '2') return [0.95, 0.03, 0.02, 0]; // after 'b', <eos> almost surely
  return [0.9, 0.05, 0.05, 0];
};

test('beam search finds "b <eos>" (p = 0.38) where greedy takes "a <eos>" (p = 0.21)', () => {
  const opts = { bos: BOS, eos: EOS, vocabSize: 4, maxLen: 5 };
  const init: State = [{ sentence: 0, prefix: [] }];
  const g = greedySearch(stepFrom(toy), init, 1, opts)[0]!;
  assert.deepEqual(g.tokens, [1]);
  assert.ok(Math.abs(g.logProb - Math.log(0.6 * 0.35)) < 1e-12);
  const b = beamSearch(stepFrom(toy), select, init, 1, { ...opts, beamWidth: 2, lengthPenalty: 0 })[0]!;
  assert.deepEqual(b.tokens, [2]);
  assert.equal(b.ended, true);
  assert.ok(Math.abs(b.logProb - Math.log(0.4 * 0.95)) < 1e-12);
  assert.ok(b.logProb > g.logProb);
  // its n-best list holds both finished hypotheses, best first
  assert.deepEqual(b.nBest.map((h) => h.tokens), [[2], [1]]);
  // width 1 is greedy here too
  assert.deepEqual(beamSearch(stepFrom(toy), select, init, 1, { ...opts, beamWidth: 1 })[0]!.tokens, [1]);
});

/** A deterministic pseudo-random distribution over V tokens for each (sentence, prefix); <eos> gets weight. */
function randomDist(V: number, eosWeight: number, seed: number) {
  return (s: number, prefix: number[]): number[] => {
    let h = (seed * 2654435761 + s * 97) >>> 0;
    for (const t of prefix) h = Math.imul(h ^ (t + 1), 2246822519) >>> 0;
    const w = Array.from({ length: V }, (_, v) => {
      h = Math.imul(h ^ (h >>> 13), 3266489917) >>> 0;
      return v === BOS ? 0 : 0.05 + (h % 1000) / 1000 + (v === EOS ? eosWeight * prefix.length : 0);
    });
    const z = w.reduce((a, b) => a + b, 0);
    return w.map((x) => x / z);
  };
}

test('beam width 1 gives exactly the greedy tokens and log-probabilities (batched, early <eos> and length cut)', () => {
  let ended = 0, cut = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const dist = randomDist(7, 0.02, seed);
    const N = 9;
    const init: State = Array.from({ length: N }, (_, s) => ({ sentence: s, prefix: [] }));
    const opts = { bos: BOS, eos: EOS, vocabSize: 7, maxLen: 6 };
    const g = greedySearch(stepFrom(dist), init, N, opts);
    const b = beamSearch(stepFrom(dist), select, init, N, { ...opts, beamWidth: 1 });
    ended += g.filter((h) => h.ended).length;
    cut += g.filter((h) => !h.ended).length;
    for (let s = 0; s < N; s++) {
      assert.deepEqual(b[s]!.tokens, g[s]!.tokens, `seed ${seed}, sentence ${s}`);
      assert.equal(b[s]!.ended, g[s]!.ended);
      assert.ok(Math.abs(b[s]!.logProb - g[s]!.logProb) < 1e-12);
    }
  }
  assert.ok(ended >= 10 && cut >= 10, `the cases cover both endings: ${ended} ended with <eos>, ${cut} cut at maxLen`);
});

/** Every sequence up to maxLen tokens, its log-probability, by enumeration. */
function exhaustiveBest(dist: (s: number, p: number[]) => number[], s: number, V: number, maxLen: number, alpha: number): { tokens: number[]; score: number; logProb: number } {
  let best = { tokens: [] as number[], score: -Infinity, logProb: -Infinity };
  const walk = (prefix: number[], lp: number): void => {
    const p = dist(s, prefix);
    for (let v = 0; v < V; v++) {
      if (p[v] === 0) continue;
      const l = lp + Math.log(p[v]!);
      const L = prefix.length + 1;
      if (v === EOS || L === maxLen) {
        const tokens = v === EOS ? prefix : [...prefix, v];
        const score = l / Math.pow(L, alpha);
        if (score > best.score) best = { tokens, score, logProb: l };
      }
      if (v !== EOS && L < maxLen) walk([...prefix, v], l);
    }
  };
  walk([], 0);
  return best;
}

test('a beam as wide as the search space finds the exhaustive optimum; wider beams never score worse here', () => {
  const V = 5, maxLen = 3;
  for (const seed of [11, 12, 13]) {
    const dist = randomDist(V, 0.3, seed);
    const init: State = Array.from({ length: 4 }, (_, s) => ({ sentence: s, prefix: [] }));
    for (const alpha of [0, 0.75]) {
      const opts = { bos: BOS, eos: EOS, vocabSize: V, maxLen, lengthPenalty: alpha };
      const wide = beamSearch(stepFrom(dist), select, init, 4, { ...opts, beamWidth: 64 });
      const greedy = beamSearch(stepFrom(dist), select, init, 4, { ...opts, beamWidth: 1 });
      for (let s = 0; s < 4; s++) {
        const ex = exhaustiveBest(dist, s, V, maxLen, alpha);
        assert.deepEqual(wide[s]!.tokens, ex.tokens, `seed ${seed} α ${alpha} sentence ${s}`);
        assert.ok(Math.abs(wide[s]!.score - ex.score) < 1e-12);
        assert.ok(wide[s]!.score >= greedy[s]!.score - 1e-12);
      }
    }
  }
});

test('length normalisation: α = 0 prefers the short sentence, α = 1 the long one', () => {
  // "<eos>" now: 0.3. "a a a <eos>": 0.7 · 0.9 · 0.9 · 0.9 ≈ 0.51 ... per token much likelier
  const dist = (_s: number, prefix: number[]): number[] => {
    if (prefix.length === 0) return [0.3, 0.7, 0, 0];
    if (prefix.length < 3) return [0.05, 0.95, 0, 0];
    return [0.95, 0.05, 0, 0];
  };
  const init: State = [{ sentence: 0, prefix: [] }];
  const opts = { bos: BOS, eos: EOS, vocabSize: 4, maxLen: 6, beamWidth: 3 };
  const short = beamSearch(stepFrom(dist), select, init, 1, { ...opts, lengthPenalty: 0 })[0]!;
  const long = beamSearch(stepFrom(dist), select, init, 1, { ...opts, lengthPenalty: 1 })[0]!;
  // log 0.3 = −1.20 > log(0.7·0.95²·0.95) = −0.51?  no: the long one is more probable outright here
  assert.deepEqual(long.tokens, [1, 1, 1]);
  const pLong = Math.log(0.7 * 0.95 * 0.95 * 0.95);
  assert.ok(Math.abs(long.logProb - pLong) < 1e-12);
  assert.ok(Math.abs(long.score - pLong / 4) < 1e-12);
  assert.deepEqual(short.tokens, [1, 1, 1]);
  // make the short one the more probable: α = 0 picks it, α = 1 still picks the long one
  const dist2 = (_s: number, prefix: number[]): number[] => (prefix.length === 0 ? [0.45, 0.55, 0, 0] : prefix.length < 3 ? [0.1, 0.9, 0, 0] : [0.9, 0.1, 0, 0]);
  const s0 = beamSearch(stepFrom(dist2), select, init, 1, { ...opts, lengthPenalty: 0 })[0]!;
  const s1 = beamSearch(stepFrom(dist2), select, init, 1, { ...opts, lengthPenalty: 1 })[0]!;
  assert.deepEqual(s0.tokens, []); // log 0.45 = −0.80 > log(0.55·0.9·0.9·0.9) = −1.00
  assert.deepEqual(s1.tokens, [1, 1, 1]); // −0.80/1 < −1.00/4
});

test('search arguments are checked', () => {
  const init: State = [{ sentence: 0, prefix: [] }];
  assert.throws(() => greedySearch(stepFrom(toy), init, 1, { bos: BOS, eos: 9, vocabSize: 4, maxLen: 3 }), /eos 9 is outside the vocabulary of 4/);
  assert.throws(() => beamSearch(stepFrom(toy), select, init, 1, { bos: BOS, eos: EOS, vocabSize: 4, maxLen: 3, beamWidth: 0 }), /beamWidth must be a positive integer, got 0/);
  assert.throws(() => greedySearch(stepFrom(toy), init, 1, { bos: BOS, eos: EOS, vocabSize: 5, maxLen: 3 }), /returned 4 log-probabilities, expected \[1, 5\]/);
});

test('blockedTokens: the tokens that would complete an n-gram already present', () => {
  // 5 6 7 5 6: the trigram "5 6 7" exists, so after "5 6" the token 7 is blocked
  assert.deepEqual([...blockedTokens([5, 6, 7, 5, 6], 3)], [7]);
  assert.deepEqual([...blockedTokens([5, 6, 7, 5, 8], 3)], []);
  // bigrams: after "… 5", every token that ever followed 5
  assert.deepEqual([...blockedTokens([5, 6, 5, 7, 5], 2)].sort(), [6, 7]);
  assert.deepEqual([...blockedTokens([1], 3)], []);
});

test('noRepeatNgram: a model that loops "a b a b …" is forced out of the loop, greedy and beam alike', () => {
  // vocab: 0 <bos>, 1 <eos>, 2 a, 3 b, 4 c. The model prefers the token after the previous one in a b a b …,
  // then c, then <eos>; state = nothing.
  const V = 5;
  const step: StepFn<null> = (prev) => {
    const lp = new Float64Array(prev.length * V).fill(Math.log(1e-6));
    prev.forEach((p, r) => {
      const next = p === 2 ? 3 : 2;
      lp[r * V + next] = Math.log(0.6); lp[r * V + 4] = Math.log(0.25); lp[r * V + 1] = Math.log(0.15);
    });
    return { logProbs: lp, state: null };
  };
  const opts = { bos: 0, eos: 1, vocabSize: V, maxLen: 8 };
  assert.deepEqual(greedySearch(step, null, 1, opts)[0]!.tokens, [2, 3, 2, 3, 2, 3, 2, 3]);
  // with trigram blocking no trigram occurs twice, and the output differs from the loop
  const blocked = greedySearch(step, null, 1, { ...opts, noRepeatNgram: 3 })[0]!.tokens;
  const trigrams = blocked.slice(2).map((_, i) => blocked.slice(i, i + 3).join(' '));
  assert.equal(new Set(trigrams).size, trigrams.length, blocked.join(' '));
  assert.notDeepEqual(blocked, [2, 3, 2, 3, 2, 3, 2, 3]);
  const beam = beamSearch(step, (s) => s, null, 1, { ...opts, noRepeatNgram: 3, beamWidth: 3 })[0]!.tokens;
  const bt = beam.slice(2).map((_, i) => beam.slice(i, i + 3).join(' '));
  assert.equal(new Set(bt).size, bt.length, beam.join(' '));
});
