import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argmax, sampleLogits, samplingDistribution } from '../../src/lm/sample';
import { Rng } from '../../src/tensor/rng';

const logits = [2, 1, 0, -1];
const close = (a: ArrayLike<number>, b: number[], tol = 1e-12) =>
  b.forEach((x, i) => assert.ok(Math.abs(a[i]! - x) < tol, `[${i}] ${a[i]} vs ${x}`));

test('temperature: p_j = exp(O_j/τ)/Σ exp(O_k/τ); τ = 0 is one-hot on the argmax', () => {
  const z = logits.map((o) => Math.exp(o / 0.5)),
    s = z.reduce((a, b) => a + b);
  close(
    samplingDistribution(logits, { temperature: 0.5 }),
    z.map((x) => x / s),
  );
  close(samplingDistribution(logits, { temperature: 0 }), [1, 0, 0, 0]);
  assert.equal(argmax([0, 3, 3, 1]), 1);
});

test('top-k keeps the k most probable and renormalises; top-p keeps the smallest set reaching p', () => {
  const e = logits.map(Math.exp);
  close(samplingDistribution(logits, { topK: 2 }), [e[0]! / (e[0]! + e[1]!), e[1]! / (e[0]! + e[1]!), 0, 0]);
  const p = samplingDistribution(logits); // ≈ [0.644, 0.237, 0.087, 0.032]
  close(samplingDistribution(logits, { topP: 0.5 }), [1, 0, 0, 0]);
  close(samplingDistribution(logits, { topP: p[0]! + 0.01 }), [
    p[0]! / (p[0]! + p[1]!),
    p[1]! / (p[0]! + p[1]!),
    0,
    0,
  ]);
  close(samplingDistribution(logits, { topP: 1 }), Array.from(p));
  assert.throws(() => samplingDistribution(logits, { topP: 0 }), /topP must be in \(0, 1\], got 0/);
  assert.throws(
    () => samplingDistribution(logits, { temperature: -1 }),
    /temperature must be a finite number ≥ 0, got -1/,
  );
  assert.throws(() => samplingDistribution(logits, { topK: 1.5 }), /topK must be an integer ≥ 0, got 1.5/);
});

test('draws follow the distribution (20,000 draws within 4 standard errors) and are seeded', () => {
  const p = samplingDistribution(logits, { temperature: 1.5 });
  const rng = new Rng(5),
    n = 20000,
    counts = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) counts[sampleLogits(logits, rng, { temperature: 1.5 })]!++;
  counts.forEach((c, j) => {
    const se = Math.sqrt((p[j]! * (1 - p[j]!)) / n);
    assert.ok(Math.abs(c / n - p[j]!) < 4 * se, `token ${j}: ${c / n} vs ${p[j]}`);
  });
  const a = Array.from(
    { length: 20 },
    (
      (r) => () =>
        sampleLogits(logits, r, { topK: 3 })
    )(new Rng(1)),
  );
  const b = Array.from(
    { length: 20 },
    (
      (r) => () =>
        sampleLogits(logits, r, { topK: 3 })
    )(new Rng(1)),
  );
  assert.deepEqual(a, b);
  assert.ok(!a.includes(3), 'top-k 3 never draws the least likely token');
});
