import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bleuByLength, lengthBuckets, pairedBleuBootstrap } from '../../src/metrics/bleu-by-length';
import { corpusBleu } from '../../src/metrics/bleu';
import { pairedBootstrapStatistic } from '../../src/metrics/bootstrap';
import { pairedBootstrap } from '../../src/metrics/rouge';

const t = (s: string): string[] => s.split(' ');

test('lengthBuckets: inclusive upper ends, indices in order, and bad input named', () => {
  const b = lengthBuckets([3, 5, 1, 9, 6, 4], [4, 6, 10]);
  assert.deepEqual(
    b.map((x) => [x.min, x.max, x.indices]),
    [
      [1, 4, [0, 2, 5]],
      [5, 6, [1, 4]],
      [7, 10, [3]],
    ],
  );
  assert.throws(() => lengthBuckets([11], [4, 10]), /sentence 0 has length 11/);
  assert.throws(() => lengthBuckets([1], [4, 4]), /increasing positive integers/);
  assert.throws(() => lengthBuckets([1], []), /no bucket/);
});

test("bleuByLength: a bucket's BLEU-2 by hand, from its own sentences' summed counts", () => {
  // bucket 1–3: sentence 1 (source length 3); bucket 4–5: sentences 0 and 2 (source lengths 4, 5)
  const refs = [t('a b c d'), t('the cat'), t('a b c')];
  const hyps = [t('a b c d'), t('the dog'), t('x b')];
  const [short, long] = bleuByLength([hyps], refs, [4, 3, 5], [3, 5], { bleu: { maxOrder: 2 } });
  // long: unigrams 4/4 + 1/2, bigrams 3/3 + 0/1; c = 6, r = 7
  const byHand = 100 * Math.exp(1 - 7 / 6) * Math.sqrt((5 / 6) * (3 / 4));
  assert.equal(long!.n, 2);
  assert.ok(Math.abs(long!.bleu[0]!.score - byHand) < 1e-9, `${long!.bleu[0]!.score} vs ${byHand}`);
  // short: 'the dog' against 'the cat': p1 = 1/2, p2 = 0 smoothed by 'exp' to 1/(2·1); BP = 1
  assert.ok(Math.abs(short!.bleu[0]!.score - 100 * Math.sqrt(0.5 * 0.5)) < 1e-9);
  assert.equal(short!.difference, undefined, 'one system: no difference');
});

test('bleuByLength: empty buckets are null; two systems get a difference per bucket', () => {
  const refs = [t('a b c d'), t('e f g h')];
  const good = refs.map((r) => [...r]);
  const bad = [t('a x c y'), t('e z g w')];
  const rows = bleuByLength([good, bad], refs, [4, 4], [2, 4], { bootstrap: { samples: 200 } });
  assert.equal(rows[0]!.n, 0);
  assert.deepEqual(rows[0]!.bleu, [null, null]);
  assert.equal(rows[0]!.difference, null);
  const d = rows[1]!.difference!;
  const direct = corpusBleu(good, refs).score - corpusBleu(bad, refs).score;
  assert.ok(Math.abs(d.difference - direct) < 1e-9);
  assert.ok(d.low <= d.difference && d.difference <= d.high);
  assert.throws(() => bleuByLength([good, bad.slice(1)], refs, [4, 4], [4]), /system 1 has 1 translations/);
});

test('pairedBleuBootstrap: identical systems give [0, 0]; the resampled score is corpus BLEU of the resample', () => {
  const refs = [t('a b c d'), t('e f g h'), t('i j k l m'), t('n o p')];
  const hyps = [t('a b c d'), t('e f x h'), t('i j k'), t('n o q')];
  const same = pairedBleuBootstrap(hyps, hyps, refs, { samples: 100 });
  assert.deepEqual([same.difference, same.low, same.high, same.pValue], [0, 0, 0, 1]);
  // A second implementation of one resample: corpusBleu on the resampled sentences themselves.
  const other = [t('a b c d'), t('e f g h'), t('i j'), t('n o p')];
  const seen: number[][] = [];
  const viaStatistic = pairedBootstrapStatistic(
    refs.length,
    (idx) => {
      seen.push([...idx]);
      const pick = (s: string[][]) => [...idx].map((i) => s[i]!);
      return corpusBleu(pick(other), pick(refs)).score - corpusBleu(pick(hyps), pick(refs)).score;
    },
    { samples: 50, seed: 3 },
  );
  const viaCounts = pairedBleuBootstrap(other, hyps, refs, { samples: 50, seed: 3 });
  for (const k of ['difference', 'low', 'high', 'pValue'] as const)
    assert.ok(Math.abs(viaCounts[k] - viaStatistic[k]) < 1e-9, `${k}: ${viaCounts[k]} vs ${viaStatistic[k]}`);
  assert.equal(seen.length, 51, '50 resamples and the whole set');
});

test('pairedBootstrap (ROUGE) is the generic bootstrap with the mean as statistic', () => {
  const a = [1, 4, 2, 8, 5, 7],
    b = [2, 3, 2, 6, 1, 7];
  const mean = (idx: Int32Array) => [...idx].reduce((s, i) => s + a[i]! - b[i]!, 0) / idx.length;
  assert.deepEqual(
    pairedBootstrap(a, b, { samples: 300, seed: 5 }),
    pairedBootstrapStatistic(6, mean, { samples: 300, seed: 5 }),
  );
});
