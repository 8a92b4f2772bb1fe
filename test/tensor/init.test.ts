import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng';
import { orthogonalInit } from '../../src/tensor/init';
import { matmulTransA, matmulTransB } from '../../src/tensor/gemm';
import { maxAbsDiff } from '../../src/checks/close';

/** The n×n identity, flattened. */
const eye = (n: number): number[] =>
  Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 1 : 0));

test('orthogonalInit: WᵀW = I for a tall or square W, WWᵀ = I for a wide one, scaled by gain²', () => {
  const rng = new Rng(3);
  const tall = orthogonalInit([7, 4], rng, 'float64');
  assert.ok(maxAbsDiff(matmulTransA(tall, tall).data, eye(4)) < 1e-12);
  const square = orthogonalInit([5, 5], rng, 'float64', 2);
  assert.ok(
    maxAbsDiff(
      matmulTransA(square, square).data,
      eye(5).map((v) => 4 * v),
    ) < 1e-12,
  );
  const wide = orthogonalInit([3, 6], rng, 'float64');
  assert.ok(maxAbsDiff(matmulTransB(wide, wide).data, eye(3)) < 1e-12);
  const f32 = orthogonalInit([6, 6], new Rng(3));
  assert.equal(f32.dtype, 'float32');
  assert.ok(maxAbsDiff(matmulTransA(f32, f32).data, eye(6)) < 1e-6);
  assert.deepEqual(
    Array.from(orthogonalInit([4, 4], new Rng(9)).data),
    Array.from(orthogonalInit([4, 4], new Rng(9)).data),
    'seeded',
  );
});
