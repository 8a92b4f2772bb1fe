import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLeadK, firstSentence, leadK, oracleSpan } from '../../src/summarize/baselines';
import { rougeL, rougeTokens } from '../../src/metrics/rouge';

test('leadK and firstSentence', () => {
  const src = ['foo', 'is', 'a', 'tool', '.', 'it', 'works', '.'];
  assert.deepEqual(leadK(src, 3), ['foo', 'is', 'a']);
  assert.deepEqual(firstSentence(src), ['foo', 'is', 'a', 'tool']);
  assert.deepEqual(firstSentence(['no', 'period']), ['no', 'period']);
  assert.throws(() => leadK(src, 0), /k must be a positive integer, got 0/);
});

test('oracleSpan equals brute force over every span', () => {
  const src = 'the gunman was shot by police who killed the gunman in the end'.split(' ');
  const ref = 'police killed the gunman'.split(' ');
  let best = 0;
  for (let i = 0; i < src.length; i++)
    for (let j = i + 1; j <= src.length; j++) best = Math.max(best, rougeL(src.slice(i, j), ref).f1);
  const o = oracleSpan(src, ref);
  assert.equal(o.f1, best);
  // "police who killed the gunman": LCS 4, P = 4/5, R = 1 → F = 8/9
  assert.deepEqual(o.tokens, rougeTokens('police who killed the gunman'));
  assert.ok(Math.abs(o.f1 - 8 / 9) < 1e-12);
});

test('chooseLeadK picks the k with the best mean ROUGE-L F1', () => {
  // References are the first two tokens: lead-2 scores F = 1 on both
  const pairs = [
    { src: ['a', 'b', 'c', 'd'], tgt: ['a', 'b'] },
    { src: ['e', 'f', 'g'], tgt: ['e', 'f'] },
  ];
  const r = chooseLeadK(pairs, [1, 2, 3]);
  assert.equal(r.k, 2);
  assert.equal(r.scores.get(2), 100);
  assert.ok(Math.abs(r.scores.get(1)! - 100 * (2 / 3)) < 1e-9); // P = 1, R = 1/2 → F = 2/3
});
