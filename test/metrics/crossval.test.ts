import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crossValidate, meanStd } from '../../src/metrics/crossval';

test('meanStd: sample standard deviation', () => {
  const { mean, std } = meanStd([2, 4, 4, 4, 5, 5, 7, 9]);
  assert.equal(mean, 5);
  assert.ok(Math.abs(std - Math.sqrt(32 / 7)) < 1e-12);
  assert.deepEqual(meanStd([3]), { mean: 3, std: 0 });
});

test('crossValidate runs every fold on disjoint held-out parts and averages', async () => {
  const seen: number[] = [];
  const cv = await crossValidate(
    25,
    async (split, fold) => {
      seen.push(...split.test);
      assert.equal(split.train.length + split.test.length, 25);
      return fold; // a score we can predict
    },
    { k: 5, seed: 1 },
  );
  assert.deepEqual(cv.scores, [0, 1, 2, 3, 4]);
  assert.equal(cv.mean, 2);
  assert.deepEqual(
    [...seen].sort((a, b) => a - b),
    Array.from({ length: 25 }, (_, i) => i),
  );
  await assert.rejects(
    crossValidate(4, () => NaN, { k: 2 }),
    /fold 0 scored NaN/,
  );
});
