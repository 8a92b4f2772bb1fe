import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accuracy, argmaxRows } from '../../src/metrics/accuracy';
import { gatherRows, indexBatches } from '../../src/train/batches';
import { Rng } from '../../src/tensor/rng';

test('argmaxRows and accuracy by hand', () => {
  assert.deepEqual(Array.from(argmaxRows([0.1, 0.7, 0.2, 3, 1, 2], 2, 3)), [1, 0]);
  assert.equal(accuracy([1, 0, 2, 2], [1, 1, 2, 0]), 0.5);
  assert.throws(() => accuracy([1], [1, 2]), /1 predictions for 2 labels/);
  assert.throws(() => argmaxRows([1, 2, 3], 2, 2), /3 values for 2×2/);
});

test('indexBatches covers every index once; gatherRows picks rows', () => {
  const b = indexBatches(10, 4, new Rng(1));
  assert.deepEqual(
    b.map((x) => x.length),
    [4, 4, 2],
  );
  assert.deepEqual(
    b.flat().sort((x, y) => x - y),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.deepEqual(indexBatches(3, 2), [[0, 1], [2]]);
  const X = Float32Array.from([1, 2, 3, 4, 5, 6]);
  assert.deepEqual(gatherRows(X, 2, [2, 0]).toArray(), [
    [5, 6],
    [1, 2],
  ]);
  assert.throws(() => gatherRows(X, 2, [3]), /row 3 is out of range for 3 rows/);
  assert.throws(() => indexBatches(3, 0), /positive integer, got 0/);
});
