import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeBatch, stackFrames } from '../../src/speech/batch';

const seq = (T: number, F: number, base: number) => ({
  features: Float32Array.from({ length: T * F }, (_, i) => base + i),
  numFrames: T,
});

test('a batch is time-major, longest first, zero-padded, and remembers the order', () => {
  const b = makeBatch([seq(2, 2, 100), seq(3, 2, 200), seq(1, 2, 300)], 2);
  assert.deepEqual(b.order, [1, 0, 2]);
  assert.deepEqual(Array.from(b.lengths), [3, 2, 1]);
  assert.equal(b.numSteps, 3);
  // row t·B + b: frame t of batch item b
  assert.deepEqual(Array.from(b.X.subarray(0, 6)), [200, 201, 100, 101, 300, 301]);
  assert.deepEqual(Array.from(b.X.subarray(6, 12)), [202, 203, 102, 103, 0, 0]);
  assert.deepEqual(Array.from(b.X.subarray(12, 18)), [204, 205, 0, 0, 0, 0]);
});

test('stacking k frames: ⌈T/k⌉ steps of k·F features', () => {
  const s = stackFrames(seq(3, 2, 0), 2, 2);
  assert.equal(s.numFrames, 2);
  assert.deepEqual(Array.from(s.features), [0, 1, 2, 3, 4, 5, 0, 0]);
  assert.equal(makeBatch([seq(5, 2, 0)], 2, 2).featureSize, 4);
});
