import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor';
import { addBias, checkTruncate, getStep, seqDims, setStep, sumRows } from '../../src/nn/sequence';
import { gateAffine, gateDims, initGateParams } from '../../src/nn/gates';
import { initDense } from '../../src/nn/dense';
import { activateInPlace } from '../../src/nn/activations';
import { checkParams, cloneParams } from '../../src/nn/params';
import { Rng } from '../../src/tensor/rng';

test('getStep / setStep move step t of a batch-major [B, T, n] sequence in and out', () => {
  // X[b, t, j] = 100b + 10t + j
  const X = Tensor.from([
    [
      [0, 1],
      [10, 11],
      [20, 21],
    ],
    [
      [100, 101],
      [110, 111],
      [120, 121],
    ],
  ]);
  assert.deepEqual(seqDims(X, 'X'), { batchSize: 2, numSteps: 3, n: 2 });
  assert.deepEqual(Array.from(getStep(X.data, 2, 3, 2, 1, new Float32Array(4))), [10, 11, 110, 111]);
  setStep(X.data, 2, 3, 2, 2, Float32Array.from([-1, -2, -3, -4]));
  assert.deepEqual(X.toArray(), [
    [
      [0, 1],
      [10, 11],
      [-1, -2],
    ],
    [
      [100, 101],
      [110, 111],
      [-3, -4],
    ],
  ]);
  setStep(X.data, 2, 3, 2, 0, Float32Array.from([1, 1, 1, 1]), true);
  assert.deepEqual(
    (X.toArray() as number[][][]).map((s) => s[0]),
    [
      [1, 2],
      [101, 102],
    ],
  );
  assert.throws(
    () => seqDims(Tensor.zeros([2, 3]), 'X'),
    /X must be \[batchSize, numSteps, features\], got shape \[2, 3\]/,
  );
});

test('addBias adds b to every row and sumRows sums the rows (the bias gradient)', () => {
  const Z = Float64Array.from([1, 2, 3, 4, 5, 6]); // [3, 2]
  addBias(Z, Float64Array.from([10, -10]), 3, 2);
  assert.deepEqual(Array.from(Z), [11, -8, 13, -6, 15, -4]);
  const db = Float64Array.from([1, 1]);
  sumRows(Z, db, 3, 2);
  assert.deepEqual(Array.from(db), [1 + 11 + 13 + 15, 1 - 8 - 6 - 4]);
  assert.doesNotThrow(() => checkTruncate(undefined));
  assert.doesNotThrow(() => checkTruncate(3));
  assert.throws(() => checkTruncate(2.5), /truncate must be an integer ≥ 1 \(steps of BPTT\), got 2\.5/);
});

test('gateAffine computes X_t W_x + H_{t-1} W_h + b by formula; gateDims and checkParams name bad shapes', () => {
  // one row, numInputs 2, numHiddens 1: a = 1·0.5 + 2·(−1) + 3·0.25 + 0.1
  const A = new Float64Array(1);
  gateAffine(
    Float64Array.from([1, 2]),
    Float64Array.from([0.5, -1]),
    Float64Array.from([3]),
    Float64Array.from([0.25]),
    Float64Array.from([0.1]),
    A,
    1,
    2,
    1,
  );
  assert.ok(Math.abs(A[0]! - (1 * 0.5 + 2 * -1 + 3 * 0.25 + 0.1)) < 1e-15);
  const p = initGateParams(['i', 'f'], 3, 4, new Rng(1), 'float64');
  assert.deepEqual(Object.keys(p), ['W_xi', 'W_hi', 'b_i', 'W_xf', 'W_hf', 'b_f']);
  assert.deepEqual(gateDims(p, ['i', 'f'], 'cell'), { numInputs: 3, numHiddens: 4 });
  assert.throws(
    () => gateDims({ ...p, b_f: Tensor.zeros([5]) }, ['i', 'f'], 'cell'),
    /cell: b_f must have shape \[4\], got \[5\]/,
  );
  assert.throws(() => gateDims({}, ['i'], 'cell'), /cell: parameter W_xi is missing/);
  assert.throws(
    () => checkParams(p, { W_xo: [3, 4] }, 'LSTM'),
    /LSTM: parameter W_xo is missing \(have W_xi, W_hi/,
  );
  const c = cloneParams(p, 'float32');
  assert.equal(c.W_xi!.dtype, 'float32');
  assert.notEqual(c.W_xi!.data, p.W_xi!.data);
});

test('initDense shapes, activateInPlace by formula', () => {
  const d = initDense(3, 2, new Rng(2));
  assert.deepEqual([d.W.shape, d.b.shape], [[3, 2], [2]]);
  assert.deepEqual(Array.from(d.b.data), [0, 0]);
  const x = Float64Array.from([-1, 0.5]);
  activateInPlace('tanh', x);
  assert.deepEqual(Array.from(x), [Math.tanh(-1), Math.tanh(0.5)]);
});
