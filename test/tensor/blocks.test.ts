import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, alloc } from '../../src/tensor/tensor';
import { concatCols, splitCols } from '../../src/tensor/blocks';

test('concatCols puts gate blocks side by side and splitCols takes them apart again', () => {
  const a = Tensor.from([
      [1, 2],
      [3, 4],
    ]),
    b = Tensor.from([
      [5, 6],
      [7, 8],
    ]),
    c = Tensor.from([
      [9, 10],
      [11, 12],
    ]);
  const k = concatCols([a, b, c]); // [2, 3·2]
  assert.deepEqual(k.toArray(), [
    [1, 2, 5, 6, 9, 10],
    [3, 4, 7, 8, 11, 12],
  ]);
  assert.deepEqual(
    splitCols(k, 3).map((t) => t.toArray()),
    [a.toArray(), b.toArray(), c.toArray()],
  );
  const bias = concatCols([Tensor.from([1, 2]), Tensor.from([3, 4])]); // rank 1: [4]
  assert.deepEqual(bias.shape, [4]);
  assert.deepEqual(
    splitCols(bias, 2).map((t) => t.toArray()),
    [
      [1, 2],
      [3, 4],
    ],
  );
  assert.throws(() => splitCols(k, 4), /cannot split a last dimension of 6 into 4 gates/);
  assert.ok(alloc(3, 'float64') instanceof Float64Array && alloc(3, 'float32') instanceof Float32Array);
});
