import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusChrF } from '../../src/metrics/chrf';

test('chrF of hand-sized cases (Popović 2015: average the orders, then F_β)', () => {
  // 'ab' vs 'abc', N = 2: chrP = (2/2 + 1/1)/2 = 1, chrR = (2/3 + 1/2)/2 = 7/12,
  // chrF_2 = 5 · 1 · 7/12 / (4 · 1 + 7/12) = 7/11
  const r = corpusChrF(['ab'], ['abc'], { order: 2 });
  assert.ok(Math.abs(r.score - (100 * 7) / 11) < 1e-9, String(r.score));
  assert.deepEqual([r.matches, r.hypTotals, r.refTotals], [[2, 1], [2, 1], [3, 2]]);
  // 'aa' vs 'a', N = 1, β = 1: a clipped at one match, P = 1/2, R = 1, F_1 = 2/3
  assert.ok(Math.abs(corpusChrF(['aa'], ['a'], { order: 1, beta: 1 }).score - 200 / 3) < 1e-9);
  // white space is ignored; identical strings score 100; nothing in common scores 0
  assert.equal(corpusChrF(['我 很 冷'], ['我很冷']).score, 100);
  assert.equal(corpusChrF(['xyz'], ['abc']).score, 0);
});

test('corpus chrF sums the counts over sentences before dividing', () => {
  // sentence 1: 'ab' vs 'ab' (N = 1: 2 matches of 2/2), sentence 2: 'c' vs 'd' (0 of 1/1)
  // → P = R = 2/3 at corpus level (not the mean of 1 and 0 per sentence)
  const r = corpusChrF(['ab', 'c'], ['ab', 'd'], { order: 1 });
  assert.ok(Math.abs(r.score - 200 / 3) < 1e-9, String(r.score));
  assert.throws(() => corpusChrF(['a'], []), /1 hypotheses but 0 references/);
});
