import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/tensor';
import {
  activate,
  derivativeFromOutput,
  logSoftmaxRows,
  sigmoid,
  softmaxRows,
} from '../../src/nn/activations';
import { mseLoss, softmaxCrossEntropy } from '../../src/nn/losses';
import { clipGlobalNorm, globalNorm } from '../../src/nn/clip';
import { dropout, dropoutBackward, l1Penalty, l2Penalty } from '../../src/nn/regularization';
import { makeOptimizer } from '../../src/nn/optimizers';
import { denseBackward, denseForward } from '../../src/nn/dense';
import { documentGruStep } from '../../src/nn/gru-document';
import { initLSTM, lstmBackward, lstmForward } from '../../src/nn/lstm';
import { initRNN, rnnForward } from '../../src/nn/rnn';
import { countParams, zerosLike } from '../../src/nn/params';
import { numericGradient } from '../../src/checks/gradcheck';
import { relativeError } from '../../src/checks/close';
import { randomTensor } from '../../src/checks/cases';

test('activations and their derivatives by formula', () => {
  assert.equal(sigmoid(2), 1 / (1 + Math.exp(-2)));
  assert.ok(Math.abs(sigmoid(-800)) < 1e-300 && sigmoid(800) === 1, 'no overflow');
  for (const [name, f] of [
    ['sigmoid', sigmoid],
    ['tanh', Math.tanh],
  ] as const) {
    const z = 0.3,
      a = f(z),
      h = 1e-6;
    assert.ok(Math.abs(derivativeFromOutput(name, a) - (f(z + h) - f(z - h)) / (2 * h)) < 1e-8, name);
  }
  assert.equal(activate('relu', -1), 0);
  assert.equal(derivativeFromOutput('relu', 0), 0);
  const x = Float64Array.from([1, 2, 3, 1000, 1000, 1000]);
  softmaxRows(x, 2, 3);
  assert.ok(Math.abs(x[2]! - Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3))) < 1e-15);
  assert.ok(Math.abs(x[3]! - 1 / 3) < 1e-15, 'large logits do not overflow');
  const y = Float64Array.from([1, 2, 3]);
  logSoftmaxRows(y, 1, 3);
  assert.ok(Math.abs(y[0]! - Math.log(Math.exp(1) / (Math.exp(1) + Math.exp(2) + Math.exp(3)))) < 1e-14);
});

test('losses: MSE and cross-entropy gradients vs finite differences; padding labels are ignored', () => {
  const rng = new Rng(1);
  const h = randomTensor([4, 3], rng).data,
    target = randomTensor([4, 3], rng).data;
  const { grad } = mseLoss(h, target, 4);
  assert.ok(
    relativeError(
      grad,
      numericGradient(() => mseLoss(h, target, 4).loss, h),
    ) < 1e-8,
  );
  const z = randomTensor([4, 3], rng).data;
  const labels = [0, 2, -1, 1];
  const ce = softmaxCrossEntropy(z, labels, 4, 3);
  assert.equal(ce.count, 3);
  assert.ok(
    relativeError(
      ce.grad,
      numericGradient(() => softmaxCrossEntropy(z, labels, 4, 3).loss, z),
    ) < 1e-8,
  );
  assert.deepEqual(Array.from(ce.grad.slice(6, 9)), [0, 0, 0], 'the padded row gets no gradient');
  assert.throws(
    () => softmaxCrossEntropy(z, [0, 3, 0, 0], 4, 3),
    /label 3 at row 1 is not a class in 0\.\.2/,
  );
});

test('clipping caps the norm, keeps the direction, and rejects a bad cap', () => {
  const g = { W: Tensor.from([3, 4], 'float64') };
  const r = clipGlobalNorm(g, 1);
  assert.equal(r.norm, 5);
  assert.deepEqual(Array.from(g.W.data), [0.6000000000000001, 0.8]);
  assert.ok(Math.abs(globalNorm(g) - 1) < 1e-15);
  assert.throws(() => clipGlobalNorm(g, 0), /maxNorm must be > 0, got 0/);
});

test('inverted dropout keeps the expectation and routes gradients through the mask', () => {
  const rng = new Rng(3);
  const X = new Tensor([10000], new Float64Array(10000).fill(1));
  const { Y, mask } = dropout(X, 0.3, rng);
  const mean = Array.from(Y.data).reduce((s, v) => s + v, 0) / 10000;
  assert.ok(Math.abs(mean - 1) < 0.03, `mean ${mean}`);
  const zeros = Array.from(Y.data).filter((v) => v === 0).length / 10000;
  assert.ok(Math.abs(zeros - 0.3) < 0.02);
  const dX = dropoutBackward(new Tensor([10000], new Float64Array(10000).fill(2)), mask);
  assert.ok(Array.from(dX.data).every((v, i) => v === 2 * mask.data[i]!));
  assert.throws(() => dropout(X, 1, rng), /rate must be in \[0, 1\), got 1/);
});

test('L1 and L2 penalties: values and gradients by formula, biases untouched', () => {
  const p = { W: Tensor.from([1, -2], 'float64'), b: Tensor.from([5], 'float64') };
  const g = zerosLike(p);
  assert.equal(l2Penalty(p, g, 0.5), 0.25 * 5);
  assert.deepEqual(Array.from(g.W!.data), [0.5, -1]);
  assert.deepEqual(Array.from(g.b!.data), [0]);
  const g1 = zerosLike(p);
  assert.equal(l1Penalty(p, g1, 0.1), 0.1 * 3);
  assert.deepEqual(Array.from(g1.W!.data), [0.1, -0.1]);
  assert.equal(countParams(p), 3);
});

test('optimizers minimise a quadratic; unknown parameter names are reported', () => {
  for (const name of ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'] as const) {
    const p = { W: Tensor.from([3, -2], 'float64') };
    // RMSprop's step is ≈ η in size whatever the gradient, so it needs a small η to settle near 0.
    const opt = makeOptimizer(
      name,
      { sgd: 0.1, momentum: 0.1, nesterov: 0.1, adagrad: 0.3, rmsprop: 0.01, adam: 0.3, adamw: 0.3 }[name],
    );
    for (let i = 0; i < 600; i++)
      opt.step(p, { W: Tensor.from([2 * p.W.data[0]!, 2 * p.W.data[1]!], 'float64') });
    assert.ok(Math.hypot(p.W.data[0]!, p.W.data[1]!) < 0.05, `${name} ended at ${p.W.data}`);
    assert.throws(() => opt.step(p, {}), /no gradient for parameter W/);
  }
});

test('dense layer backward vs finite differences', () => {
  const rng = new Rng(4);
  const W = randomTensor([3, 2], rng),
    b = randomTensor([2], rng),
    X = randomTensor([2, 4, 3], rng),
    R = randomTensor([2, 4, 2], rng);
  const loss = (): number => {
    const Y = denseForward(W, b, X);
    let s = 0;
    for (let i = 0; i < Y.size; i++) s += Y.data[i]! * R.data[i]!;
    return s;
  };
  const g = denseBackward(W, X, R);
  assert.ok(relativeError(g.dW.data, numericGradient(loss, W.data)) < 1e-8);
  assert.ok(relativeError(g.db.data, numericGradient(loss, b.data)) < 1e-8);
  assert.ok(relativeError(g.dX.data, numericGradient(loss, X.data)) < 1e-8);
  assert.throws(
    () => denseForward(W, b, randomTensor([2, 5], rng)),
    /last dimension of X must be 3, got shape \[2, 5\]/,
  );
});

test("the document's GRU formula only type-checks when numInputs = numHiddens", () => {
  const rng = new Rng(5);
  const m = (r: number, c: number): Tensor => randomTensor([r, c], rng);
  const v = (n: number): Tensor => randomTensor([n], rng);
  const H = 4,
    D = 3;
  const p = {
    W_zz: m(H, H),
    W_xz: m(H, D),
    b_z: v(H),
    W_rr: m(H, H),
    W_rx: m(H, D),
    b_r: v(H),
    W_hh: m(H, H),
    b_h: v(H),
  };
  assert.throws(
    () => documentGruStep(p, randomTensor([D], rng).data, randomTensor([H], rng).data),
    /r_t ⊙ h_\{t-1\} \+ x_t \(001 §3\.3\): expected shape \[4\], got \[3\]/,
  );
});

test('recurrent models name bad shapes and bad truncation', () => {
  const rng = new Rng(6);
  const p = initRNN({ numInputs: 3, numHiddens: 4, numOutputs: 2 }, rng);
  assert.throws(
    () => rnnForward(p, Tensor.zeros([2, 5, 4])),
    /RNN input X must have 3 features, got shape \[2, 5, 4\]/,
  );
  assert.throws(
    () => rnnForward(p, Tensor.zeros([2, 5])),
    /must be \[batchSize, numSteps, features\], got shape \[2, 5\]/,
  );
  assert.throws(
    () => rnnForward(p, Tensor.zeros([2, 5, 3]), Tensor.zeros([3, 4])),
    /initial state must be \[2, 4\], got \[3, 4\]/,
  );
  const l = initLSTM(3, 4, rng);
  const r = lstmForward(l, Tensor.zeros([1, 2, 3]));
  assert.throws(() => lstmBackward(l, r.cache, {}, 0), /truncate must be an integer ≥ 1/);
  const bad = { ...l, W_hi: Tensor.zeros([4, 5]) };
  assert.throws(
    () => lstmForward(bad, Tensor.zeros([1, 2, 3])),
    /LSTM: W_hi must have shape \[4, 4\], got \[4, 5\]/,
  );
});
