import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestPathDecode, errorRate, levenshtein, prefixBeamSearch } from '../../src/speech/decode';
import { prefixBeamExactError } from '../../src/speech/checks';

test('best path: argmax per frame, then B', () => {
  const lp = [
    [0.1, 0.8, 0.1],
    [0.1, 0.8, 0.1],
    [0.9, 0.05, 0.05],
    [0.1, 0.8, 0.1],
    [0.2, 0.1, 0.7],
  ]
    .flat()
    .map(Math.log);
  assert.deepEqual(bestPathDecode(lp, 5, 3), [1, 1, 2]);
});

test('prefix beam search is exact with a wide beam, and can beat the best path', () => {
  for (const seed of [40, 41, 42, 43]) assert.ok(prefixBeamExactError(5, 3, seed) < 1e-12, `seed ${seed}`);
  // Two frames: best path "blank, blank" (0.4·0.4 = 0.16) → "", but "1" has 0.3·0.4 + 0.4·0.3 + 0.3·0.3 = 0.33
  const lp = [
    [0.4, 0.3, 0.3],
    [0.4, 0.3, 0.3],
  ]
    .flat()
    .map(Math.log);
  assert.deepEqual(bestPathDecode(lp, 2, 3), []);
  const best = prefixBeamSearch(lp, 2, 3, 8)[0]!;
  assert.ok(best.labels.length === 1);
  assert.ok(Math.abs(Math.exp(best.logProb) - 0.33) < 1e-12);
});

test('Levenshtein distance and the error rate Σ distance / Σ reference length', () => {
  assert.equal(levenshtein([1, 2, 3], [1, 2, 3]), 0);
  assert.equal(levenshtein([1, 3], [1, 2, 3]), 1); //        one deletion
  assert.equal(levenshtein([4, 2, 3, 9], [1, 2, 3]), 2); //  a substitution and an insertion
  assert.equal(levenshtein([], [5, 5]), 2);
  assert.equal(errorRate([[1, 3], [7]], [[1, 2, 3], [7]]), 1 / 4);
  assert.throws(() => errorRate([[1]], []), /1 hypotheses for 0 references/);
});
