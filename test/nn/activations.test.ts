import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/tensor';
import {
  activation,
  derivativeFromOutput,
  logSoftmax,
  logSoftmaxBackward,
  softmax,
  softmaxBackward,
} from '../../src/nn/activations';
import { randomTensor, dot } from '../../src/checks/cases';
import { numericGradient } from '../../src/checks/gradcheck';
import { relativeError } from '../../src/checks/close';

test('softmax and log-softmax over the last axis by formula', () => {
  const Z = Tensor.from(
    [
      [1, 2, 3],
      [0, 0, Math.log(2)],
    ],
    'float64',
  );
  const S = softmax(Z);
  const e = Math.exp(1) + Math.exp(2) + Math.exp(3);
  assert.ok(Math.abs(S.get(0, 0) - Math.exp(1) / e) < 1e-15);
  assert.deepEqual((S.toArray() as number[][])[1], [0.25, 0.25, 0.5]);
  const L = logSoftmax(Z);
  assert.ok(Math.abs(L.get(1, 2) - Math.log(0.5)) < 1e-15);
  assert.deepEqual(
    Z.toArray(),
    [
      [1, 2, 3],
      [0, 0, Math.log(2)],
    ],
    'the input is left alone',
  );
  assert.throws(
    () => softmax(Tensor.zeros([2, 0])),
    /softmax: needs a last axis of size ≥ 1, got shape \[2, 0\]/,
  );
});

test('softmaxBackward and logSoftmaxBackward vs central differences (float64, batch of 3 rows)', () => {
  const rng = new Rng(12);
  const Z = randomTensor([3, 4], rng, 1.5);
  const R = randomTensor([3, 4], rng); // E = Σ R ⊙ f(Z): dE/df = R
  const dS = softmaxBackward(softmax(Z), R);
  assert.ok(
    relativeError(
      dS.data,
      numericGradient(() => dot(softmax(Z), R), Z.data),
    ) < 1e-8,
  );
  const dL = logSoftmaxBackward(logSoftmax(Z), R);
  assert.ok(
    relativeError(
      dL.data,
      numericGradient(() => dot(logSoftmax(Z), R), Z.data),
    ) < 1e-8,
  );
});

test('activation(name, Z) applies f element-wise and derivativeFromOutput matches differences for every f', () => {
  const rng = new Rng(13);
  const Z = randomTensor([2, 5], rng);
  for (const name of ['identity', 'sigmoid', 'tanh', 'relu'] as const) {
    const A = activation(name, Z);
    const R = randomTensor([2, 5], rng);
    const analytic = Float64Array.from(A.data, (a, i) => R.data[i]! * derivativeFromOutput(name, a));
    assert.ok(
      relativeError(
        analytic,
        numericGradient(() => dot(activation(name, Z), R), Z.data),
      ) < 1e-8,
      name,
    );
  }
});
