import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  corpusRouge,
  lcsLength,
  pairedBootstrap,
  rouge,
  rougeL,
  rougeN,
  rougeTokens,
} from '../../src/metrics/rouge';

const close = (a: number, b: number, what: string): void =>
  assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);
const f1 = (p: number, r: number): number => (2 * p * r) / (p + r);

test('rougeTokens: lower case, runs of a–z and 0–9', () => {
  assert.deepEqual(rougeTokens('Real-time RTS game (libfoo-dev, v2.0)!'), [
    'real',
    'time',
    'rts',
    'game',
    'libfoo',
    'dev',
    'v2',
    '0',
  ]);
  assert.deepEqual(rougeTokens(['Foo-bar', '.', 'Baz']), ['foo', 'bar', 'baz']);
});

// Lin (2004)'s running example, §3: reference "police killed the gunman".
const REF = 'police killed the gunman';

test('ROUGE-L on Lin 2004 §3.1: S2 "police kill the gunman", S3 "the gunman kill police"', () => {
  // S2: LCS = police · the · gunman = 3 of 4 and 4 tokens → P = R = F = 3/4
  const s2 = rouge('police kill the gunman', REF);
  close(s2.rougeL.precision, 3 / 4, 'P');
  close(s2.rougeL.recall, 3 / 4, 'R');
  close(s2.rougeL.f1, 3 / 4, 'F');
  // S3: LCS = "the gunman" = 2 → P = R = F = 2/4
  close(rouge('the gunman kill police', REF).rougeL.f1, 2 / 4, 'S3 F');
  // ROUGE-2: S2 shares "the gunman" (1 of 3 bigrams), S3 shares "the gunman" too: both 1/3
  close(rouge('police kill the gunman', REF).rouge2.f1, 1 / 3, 'S2 R2');
  close(rouge('the gunman kill police', REF).rouge2.f1, 1 / 3, 'S3 R2');
});

test('ROUGE-1 with clipping and unequal lengths, written out', () => {
  // hyp "the the the cat" (4), ref "the cat sat on the mat" (6): the ×min(3, 2) + cat ×1 = 3 matches
  const r = rougeN(rougeTokens('the the the cat'), rougeTokens('the cat sat on the mat'), 1);
  close(r.precision, 3 / 4, 'P');
  close(r.recall, 3 / 6, 'R');
  close(r.f1, f1(3 / 4, 3 / 6), 'F');
  // ROUGE-2: hyp bigrams {the the ×2, the cat}, ref {the cat, cat sat, sat on, on the, the mat}: 1 match
  const r2 = rougeN(rougeTokens('the the the cat'), rougeTokens('the cat sat on the mat'), 2);
  close(r2.precision, 1 / 3, 'P2');
  close(r2.recall, 1 / 5, 'R2');
});

test('ROUGE-L is a subsequence, not a substring; empty and disjoint texts give 0', () => {
  // a b c d e vs a x c y e: LCS a c e = 3
  assert.equal(lcsLength(['a', 'b', 'c', 'd', 'e'], ['a', 'x', 'c', 'y', 'e']), 3);
  assert.equal(lcsLength(['a', 'b'], ['b', 'a']), 1);
  const l = rougeL(['a', 'b', 'c', 'd', 'e'], ['a', 'x', 'c', 'y', 'e', 'z']);
  close(l.precision, 3 / 5, 'P');
  close(l.recall, 3 / 6, 'R');
  assert.deepEqual(rouge('', REF).rougeL, { precision: 0, recall: 0, f1: 0 });
  assert.equal(rouge('dog barks', REF).rouge1.f1, 0);
});

test('LCS by dynamic programming agrees with brute force over all subsequences', () => {
  const subsequences = (xs: string[]): Set<string> => {
    const out = new Set<string>();
    for (let m = 0; m < 1 << xs.length; m++) out.add(xs.filter((_, i) => m & (1 << i)).join(' '));
    return out;
  };
  const words = ['a', 'b', 'c'];
  let seed = 1;
  const rand = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let trial = 0; trial < 40; trial++) {
    const a = Array.from({ length: 1 + Math.floor(rand() * 7) }, () => words[Math.floor(rand() * 3)]!);
    const b = Array.from({ length: 1 + Math.floor(rand() * 7) }, () => words[Math.floor(rand() * 3)]!);
    const sb = subsequences(b);
    const best = Math.max(
      ...[...subsequences(a)].filter((s) => sb.has(s)).map((s) => (s === '' ? 0 : s.split(' ').length)),
    );
    assert.equal(lcsLength(a, b), best, `${a.join('')} / ${b.join('')}`);
  }
});

test('corpusRouge is the mean of the pairs, ×100', () => {
  const c = corpusRouge(['police kill the gunman', 'the gunman kill police'], [REF, REF]);
  close(c.rougeL.f1, (100 * (3 / 4 + 2 / 4)) / 2, 'mean F');
  assert.equal(c.pairs.length, 2);
  assert.throws(() => corpusRouge(['a'], []), /1 hypotheses for 0 references/);
});

test('pairedBootstrap: a constant difference gives a point interval; a noisy zero one straddles 0', () => {
  const a = [3, 5, 7, 9],
    b = [1, 3, 5, 7];
  const r = pairedBootstrap(a, b, { samples: 200 });
  assert.deepEqual([r.difference, r.low, r.high, r.pValue], [2, 2, 2, 0]);
  const x = Array.from({ length: 400 }, (_, i) => (i % 2 ? 1 : -1));
  const z = pairedBootstrap(
    x,
    x.map(() => 0),
    { samples: 500, seed: 3 },
  );
  assert.ok(z.low < 0 && z.high > 0, `[${z.low}, ${z.high}]`);
  // the interval of a mean of ±1 over 400 pairs: about ±1.96·1/√400 ≈ ±0.098
  assert.ok(Math.abs(z.high - 0.098) < 0.03 && Math.abs(z.low + 0.098) < 0.03, `[${z.low}, ${z.high}]`);
  assert.throws(() => pairedBootstrap([1], [1, 2]), /1 scores for system a but 2/);
});
