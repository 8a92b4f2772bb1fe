import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng';
import { maskBatch } from '../../src/speech/train';

test('maskBatch zeroes runs of frames and of features inside each length, nothing past it; counts 0 change nothing', () => {
  const T = 12,
    F = 6,
    lengths = Int32Array.of(12, 5),
    B = 2;
  const X = new Float32Array(T * B * F).fill(1);
  maskBatch(
    X,
    lengths,
    T,
    F,
    { timeMasks: 0, timeWidth: 4, featureMasks: 0, featureWidth: 2 },
    new Rng(1),
    3,
  );
  assert.ok(X.every((v) => v === 1));
  maskBatch(
    X,
    lengths,
    T,
    F,
    { timeMasks: 1, timeWidth: 4, featureMasks: 1, featureWidth: 1 },
    new Rng(2),
    3,
  );
  for (let t = 5; t < T; t++)
    for (let f = 0; f < F; f++) assert.equal(X[(t * B + 1) * F + f], 1, 'padding untouched');
  // a feature mask of width 1 hits the same column in each of the 3 blocks of 2: columns j, j+2, j+4
  for (let b = 0; b < B; b++) {
    const zeroCols = new Set<number>();
    for (let f = 0; f < F; f++)
      if (Array.from({ length: lengths[b]! }, (_, t) => X[(t * B + b) * F + f]).every((v) => v === 0))
        zeroCols.add(f);
    const full = [...zeroCols];
    if (full.length > 0 && full.length < F)
      assert.deepEqual(
        full.map((f) => f % 2).every((r) => r === full[0]! % 2),
        true,
      );
  }
  assert.ok(X.some((v) => v === 0));
});
