import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/tensor';
import { applySequenceMask, sequenceDropoutMask } from '../../src/nn/regularization';
import { initLSTM, lstmForward } from '../../src/nn/lstm';
import { randomTensor } from '../../src/checks/cases';

test('applySequenceMask: Y[b, t, j] = X[b, t, j]·M[b, j] (a hand case); bad shapes are named', () => {
  // X [2, 2, 2] = 1…8, M [2, 2] = [[2, 0], [1, 3]]
  const X = new Tensor([2, 2, 2], Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
  const M = new Tensor([2, 2], Float64Array.from([2, 0, 1, 3]));
  assert.deepEqual([...applySequenceMask(X, M).data], [1 * 2, 0, 3 * 2, 0, 5, 6 * 3, 7, 8 * 3]);
  assert.throws(
    () => applySequenceMask(X, new Tensor([3, 2], new Float64Array(6))),
    /M \[B, W\], got \[2, 2, 2\] and \[3, 2\]/,
  );
});

test('sequenceDropoutMask: entries 0 or 1/(1−p), about a fraction p of zeros', () => {
  const M = sequenceDropoutMask(40, 50, 0.25, new Rng(3));
  assert.deepEqual(M.shape, [40, 50]);
  assert.ok([...M.data].every((x) => x === 0 || x === 1 / 0.75));
  const zeros = [...M.data].filter((x) => x === 0).length / M.size;
  assert.ok(Math.abs(zeros - 0.25) < 0.05, `fraction of zeros ${zeros}`);
});

test('LSTM recurrent mask: all ones = no mask; all zeros = W_h set to zero', () => {
  const rng = new Rng(5);
  const B = 2,
    T = 3,
    D = 3,
    H = 4;
  const p = initLSTM(D, H, rng, 'float64');
  const X = randomTensor([B, T, D], rng);
  const H0 = randomTensor([B, H], rng, 0.5),
    C0 = randomTensor([B, H], rng, 0.5);
  const ones = new Tensor([B, H], new Float64Array(B * H).fill(1));
  const zeros = new Tensor([B, H], new Float64Array(B * H));
  const plain = lstmForward(p, X, { H: H0, C: C0 });
  assert.deepEqual(lstmForward(p, X, { H: H0, C: C0 }, { recurrentMask: ones }).H.data, plain.H.data);
  const noWh = { ...p };
  for (const g of ['i', 'f', 'o', 'c']) noWh[`W_h${g}`] = Tensor.zeros(p[`W_h${g}`]!.shape, 'float64');
  const masked = lstmForward(p, X, { H: H0, C: C0 }, { recurrentMask: zeros }).H.data;
  assert.deepEqual(masked, lstmForward(noWh, X, { H: H0, C: C0 }).H.data);
  assert.throws(
    () => lstmForward(p, X, undefined, { recurrentMask: new Tensor([B, 3], new Float64Array(B * 3)) }),
    /recurrentMask must be \[2, 4\], got \[2, 3\]/,
  );
});
