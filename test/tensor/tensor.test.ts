import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor, sizeOf } from '../../src/tensor/tensor';
import { Rng } from '../../src/tensor/rng';
import { gemm, matmul, matmulTransA, matmulTransB, transpose } from '../../src/tensor/gemm';
import { glorotUniform, normalInit, uniformInit } from '../../src/tensor/init';

test('Tensor.from / toArray / get / reshape round-trip and reject bad input', () => {
  const t = Tensor.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.get(1, 2), 6);
  assert.deepEqual(t.toArray(), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(t.reshape([3, 2]).toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.equal(t.clone('float64').dtype, 'float64');
  assert.equal(sizeOf([2, 3, 4]), 24);
  assert.throws(() => Tensor.from([[1, 2], [3]]), /ragged/);
  assert.throws(() => new Tensor([2, 2], new Float32Array(3)), /shape \[2, 2\] needs 4 values, got 3/);
  assert.throws(() => t.get(2, 0), /index 2 out of range for dimension 0 of size 2/);
});

test('gemm computes A·B, Aᵀ·B and A·Bᵀ, and accumulates', () => {
  const A = Float64Array.from([1, 2, 3, 4, 5, 6]); // [2,3]
  const B = Float64Array.from([1, 0, 0, 1, 1, 1]); // [3,2]
  const C = new Float64Array(4);
  gemm(A, B, C, 2, 2, 3);
  assert.deepEqual(Array.from(C), [1 + 3, 2 + 3, 4 + 6, 5 + 6]);
  gemm(A, B, C, 2, 2, 3, { accumulate: true });
  assert.deepEqual(Array.from(C), [8, 10, 20, 22]);
  // Aᵀ·A' with A' = A: [3,2]ᵀ... take A as [2,3] → Aᵀ A is [3,3]
  const AtA = new Float64Array(9);
  gemm(A, A, AtA, 3, 3, 2, { transA: true });
  assert.deepEqual(Array.from(AtA), [17, 22, 27, 22, 29, 36, 27, 36, 45]);
  const AAt = new Float64Array(4);
  gemm(A, A, AAt, 2, 2, 3, { transB: true });
  assert.deepEqual(Array.from(AAt), [14, 32, 32, 77]);
  assert.throws(() => gemm(A, B, new Float64Array(1), 2, 2, 3), /arrays too small/);
  assert.throws(
    () => matmul(Tensor.from([[1, 2]]), Tensor.from([[1, 2]])),
    /cannot multiply \[1, 2\] by \[1, 2\]/,
  );
  assert.deepEqual(matmul(Tensor.from([[1, 2]]), Tensor.from([[3], [4]])).toArray(), [[11]]);
});

test('Rng is deterministic per seed, uniform in [0,1), normal with the right moments', () => {
  const a = new Rng(5),
    b = new Rng(5),
    c = new Rng(6);
  const xs = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(
    xs,
    Array.from({ length: 5 }, () => b.uniform()),
  );
  assert.notDeepEqual(
    xs,
    Array.from({ length: 5 }, () => c.uniform()),
  );
  const r = new Rng(1);
  const n = 20000;
  const z = Array.from({ length: n }, () => r.normal());
  const mean = z.reduce((s, v) => s + v, 0) / n;
  const variance = z.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `mean ${mean}, variance ${variance}`);
  const perm = r.permutation(10);
  assert.deepEqual(
    [...perm].sort((p, q) => p - q),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.throws(() => r.int(0), /positive integer/);
  assert.throws(() => new Rng(1.5), /integer/);
});

test('initialisers respect their bounds and spread', () => {
  const r = new Rng(2);
  const W = glorotUniform([30, 20], r);
  const a = Math.sqrt(6 / 50);
  assert.ok(W.data.every((v) => Math.abs(v) <= a));
  assert.ok(Math.max(...W.data) > 0.8 * a);
  const N = normalInit([1000], 0.1, r, 'float64');
  const sd = Math.sqrt(Array.from(N.data).reduce((s, v) => s + v * v, 0) / 1000);
  assert.ok(Math.abs(sd - 0.1) < 0.01);
  assert.ok(uniformInit([100], -1, 2, r).data.every((v) => v >= -1 && v < 2));
});

test('matmulTransA, matmulTransB and transpose agree with matmul of explicit transposes', () => {
  const A = Tensor.from(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    'float64',
  ); // [2, 3]
  const B = Tensor.from(
    [
      [1, -1],
      [0, 2],
    ],
    'float64',
  ); //     [2, 2]
  assert.deepEqual(transpose(A).toArray(), [
    [1, 4],
    [2, 5],
    [3, 6],
  ]);
  // Aᵀ·B = [[1·1+4·0, 1·(−1)+4·2], [2·1+5·0, 2·(−1)+5·2], [3·1+6·0, 3·(−1)+6·2]]
  assert.deepEqual(matmulTransA(A, B).toArray(), [
    [1, 7],
    [2, 8],
    [3, 9],
  ]);
  assert.deepEqual(matmulTransA(A, B).toArray(), matmul(transpose(A), B).toArray());
  const C = Tensor.from(
    [
      [1, 0, 1],
      [2, 1, 0],
    ],
    'float64',
  ); // [2, 3]
  // A·Cᵀ = [[1+3, 2+2], [4+6, 8+5]]
  assert.deepEqual(matmulTransB(A, C).toArray(), [
    [4, 4],
    [10, 13],
  ]);
  assert.throws(
    () => matmulTransA(A, C.reshape([3, 2])),
    /matmulTransA \(Aᵀ·B\): cannot multiply \[2, 3\] by \[3, 2\]: inner dimensions 2 and 3 differ/,
  );
  assert.throws(() => matmulTransB(A, Tensor.from([1, 2])), /needs 2-D operands/);
  assert.throws(() => transpose(Tensor.from([1, 2])), /transpose: needs a 2-D tensor, got shape \[2\]/);
});
