import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bleuFromStatistics, corpusBleu, ngramCounts, sentenceBleu } from '../../src/metrics/bleu';

const w = (s: string): string[] => s.split(' ').filter((t) => t !== '');

test('identical corpus scores 100; no shared token scores 0', () => {
  const refs = [w('il fait froid .'), w('je suis chez moi .')];
  const same = corpusBleu(refs, refs);
  assert.ok(Math.abs(same.score - 100) < 1e-9, `${same.score}`);
  assert.equal(same.bp, 1);
  assert.deepEqual(same.precisions, [100, 100, 100, 100]);
  const none = corpusBleu([w('x y z w'), w('p q r s t')], refs, { smoothing: 'none' });
  assert.equal(none.score, 0);
  assert.deepEqual(none.matches, [0, 0, 0, 0]);
  assert.deepEqual(none.totals, [9, 7, 5, 3]);
  // sacrebleu's default 'exp' smoothing gives the k-th empty order 1/(2^k · total): not 0 even here
  const exp = corpusBleu([w('x y z w'), w('p q r s t')], refs);
  const expected = 100 * Math.pow((1 / (2 * 9)) * (1 / (4 * 7)) * (1 / (8 * 5)) * (1 / (16 * 3)), 1 / 4);
  assert.ok(Math.abs(exp.score - expected) < 1e-12, `${exp.score} vs ${expected}`);
});

test('worked example: the cat sat on the mat vs the cat is on the mat', () => {
  const hyp = [w('the cat sat on the mat')],
    ref = [w('the cat is on the mat')];
  const r = corpusBleu(hyp, ref);
  // unigrams 5/6 (the ×2, cat, on, mat), bigrams 3/5 (the cat, on the, the mat), trigrams 1/4 (on the mat),
  // 4-grams 0/3 → 'exp' smoothing: 1/(2·3); lengths equal → BP = 1.
  assert.deepEqual(r.matches, [5, 3, 1, 0]);
  assert.deepEqual(r.totals, [6, 5, 4, 3]);
  const expected = 100 * Math.pow((5 / 6) * (3 / 5) * (1 / 4) * (1 / 6), 1 / 4);
  assert.ok(Math.abs(r.score - expected) < 1e-12, `${r.score} vs ${expected}`);
  assert.equal(corpusBleu(hyp, ref, { smoothing: 'none' }).score, 0);
  // floor: p4 = 0.1/3
  const floor = corpusBleu(hyp, ref, { smoothing: 'floor' });
  assert.ok(Math.abs(floor.score - 100 * Math.pow((5 / 6) * (3 / 5) * (1 / 4) * (0.1 / 3), 1 / 4)) < 1e-12);
  // add-k (k = 1) on orders ≥ 2: (5/6)(4/6)(2/5)(1/4)
  const addk = corpusBleu(hyp, ref, { smoothing: 'add-k' });
  assert.ok(Math.abs(addk.score - 100 * Math.pow((5 / 6) * (4 / 6) * (2 / 5) * (1 / 4), 1 / 4)) < 1e-12);
});

test('statistics are summed over the corpus before the precisions; brevity penalty exp(1 − r/c)', () => {
  // sentence 2 alone has no trigram, yet the corpus score is defined: 6/6, 4/4, 2/2, 1/1, c = 6, r = 8
  const r = corpusBleu([w('a b c d'), w('x y')], [w('a b c d e f'), w('x y')]);
  assert.deepEqual(r.matches, [6, 4, 2, 1]);
  assert.deepEqual(r.totals, [6, 4, 2, 1]);
  assert.equal(r.hypLen, 6);
  assert.equal(r.refLen, 8);
  assert.ok(Math.abs(r.bp - Math.exp(1 - 8 / 6)) < 1e-15);
  assert.ok(Math.abs(r.score - 100 * Math.exp(1 - 8 / 6)) < 1e-12);
  // a longer hypothesis is not penalised by BP (only by precision)
  assert.equal(corpusBleu([w('a b c d e f g')], [w('a b c d e f')]).bp, 1);
});

test('clipping: an n-gram counts at most as often as in the reference (Papineni\'s "the the the")', () => {
  const r = corpusBleu([w('the the the the')], [w('the cat')], { maxOrder: 1 });
  assert.deepEqual(r.matches, [1]);
  assert.deepEqual(r.totals, [4]);
  assert.ok(Math.abs(r.score - 25) < 1e-12); // BP = 1 since c = 4 ≥ r = 2
});

test('several references: clip at the largest count in one reference, closest reference length', () => {
  const refs = [[w('the cat'), w('the the dog is here')]];
  const r = corpusBleu([w('the the the')], refs, { maxOrder: 1 });
  assert.deepEqual(r.matches, [2]); // 'the' appears twice in the second reference
  // |3 − 2| = 1 = |3 − 5|? no: 2 vs 2 → tie → the shorter, 2
  assert.equal(r.refLen, 2);
  const tie = corpusBleu([w('a b c')], [[w('a b c d'), w('a b')]], { maxOrder: 1 });
  assert.equal(tie.refLen, 2); // both at distance 1 → shorter
});

test('bleuFromStatistics equals corpusBleu; argument errors name the bad value', () => {
  const r = corpusBleu([w('a b c d e')], [w('a b c x e')]);
  const s = bleuFromStatistics(r.matches, r.totals, r.hypLen, r.refLen);
  assert.equal(s.score, r.score);
  assert.throws(() => corpusBleu([w('a')], []), /1 hypotheses but 0 references/);
  assert.throws(
    () => corpusBleu([w('a')], [w('a')], { maxOrder: 0 }),
    /maxOrder must be a positive integer, got 0/,
  );
  assert.throws(
    () => corpusBleu(['a b' as unknown as string[]], [w('a')]),
    /hypothesis 0 must be an array of tokens/,
  );
});

test('ngramCounts counts every order', () => {
  const c = ngramCounts(w('a b a b'), 2);
  assert.equal(c.get('a'), 2);
  assert.equal(c.get('a\u0001b'), 2);
  assert.equal(c.get('b\u0001a'), 1);
  assert.equal(c.size, 4);
});

test("d2l's sentence bleu: exp(min(0, 1 − len_label/len_pred)) · Π p_n^(1/2^n)", () => {
  assert.equal(sentenceBleu(w('il fait froid .'), w('il fait froid .')), 1);
  assert.equal(sentenceBleu(w('x y'), w('a b c')), 0);
  // too short: penalty e^(1 − 4/2), precisions 1, 1 (orders up to len_pred = 2 only)
  assert.ok(Math.abs(sentenceBleu(w('a b'), w('a b c d')) - Math.exp(-1)) < 1e-15);
  // k = 2: penalty 1 (prediction longer), p1 = 3/4, p2 = 2/3
  assert.ok(
    Math.abs(sentenceBleu(w('a b c d'), w('a b c'), 2) - Math.pow(3 / 4, 0.5) * Math.pow(2 / 3, 0.25)) <
      1e-15,
  );
  // k = 4: p4 = 0/1 → 0
  assert.equal(sentenceBleu(w('a b c d'), w('a b c'), 4), 0);
  // clipped: 'a a a' vs 'a b': p1 = 1/3, p2 = 0 → 0; with k = 1: penalty 1 · (1/3)^(1/2)
  assert.ok(Math.abs(sentenceBleu(w('a a a'), w('a b'), 1) - Math.sqrt(1 / 3)) < 1e-15);
  // d2l's own example pair, 'va !' vs 'va !'
  assert.equal(sentenceBleu(w('va !'), w('va !'), 2), 1);
  assert.equal(sentenceBleu([], w('a')), 0);
});
