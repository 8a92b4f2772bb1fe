import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seqDataIter, seqDataIterRandom, seqDataIterSequential } from '../../src/data/sequences';
import { Rng } from '../../src/tensor/rng';

// The corpus 0, 1, 2, …: a token's value is its position, so every property reads off the numbers.
const corpus = Int32Array.from({ length: 100 }, (_, i) => i);

test('random partitioning: Y is X shifted by one, windows do not overlap, each used once per epoch', () => {
  const batches = [...seqDataIterRandom(corpus, 3, 5, new Rng(7))];
  const starts: number[] = [];
  for (const { X, Y, batchSize, numSteps } of batches) {
    assert.deepEqual([batchSize, numSteps, X.length], [3, 5, 15]);
    for (let i = 0; i < X.length; i++) assert.equal(Y[i], X[i]! + 1);
    for (let b = 0; b < 3; b++) {
      for (let t = 1; t < 5; t++) assert.equal(X[b * 5 + t], X[b * 5]! + t);
      starts.push(X[b * 5]!);
    }
  }
  const offset = Math.min(...starts) % 5;
  assert.ok(starts.every((s) => (s - offset) % 5 === 0), 'windows start on one grid of stride numSteps');
  assert.equal(new Set(starts).size, starts.length, 'no window twice');
  // (100 − offset − 1) // 5 windows, dealt 3 at a time.
  assert.equal(batches.length, Math.floor(Math.floor((100 - offset - 1) / 5) / 3));
  const sorted = [...starts].sort((a, b) => a - b);
  assert.notDeepEqual(starts, sorted, 'the order is shuffled');
});

test('sequential partitioning: row b of batch i+1 continues row b of batch i', () => {
  const batches = [...seqDataIterSequential(corpus, 4, 6, new Rng(3))];
  const offset = batches[0]!.X[0]!;
  const streamLength = Math.floor((100 - offset - 1) / 4);
  assert.equal(batches.length, Math.floor(streamLength / 6));
  for (let i = 0; i < batches.length; i++) {
    const { X, Y } = batches[i]!;
    for (let j = 0; j < X.length; j++) assert.equal(Y[j], X[j]! + 1);
    for (let b = 0; b < 4; b++) {
      assert.equal(X[b * 6], offset + b * streamLength + i * 6);
      if (i > 0) assert.equal(X[b * 6], batches[i - 1]!.X[b * 6 + 5]! + 1, `batch ${i} row ${b} continues`);
    }
  }
});

test('samplers are seeded and check their sizes', () => {
  const a = [...seqDataIter('random', corpus, 2, 4, new Rng(1))].map((b) => Array.from(b.X));
  const b = [...seqDataIter('random', corpus, 2, 4, new Rng(1))].map((b) => Array.from(b.X));
  assert.deepEqual(a, b);
  assert.throws(() => seqDataIterRandom(corpus, 10, 10, new Rng(1)).next(), /corpus of 100 tokens is too short for one batch of \[10, 10\] \(needs 110\)/);
  assert.throws(() => seqDataIterSequential(corpus, 0, 3, new Rng(1)).next(), /batchSize must be a positive integer, got 0/);
});
