import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bagOfWords } from '../../src/data/bow';
import {
  LogisticModel,
  logisticLoss,
  logisticPredictProba,
  trainLogisticRegression,
} from '../../src/nn/logistic';
import { Rng } from '../../src/tensor/rng';

function randomProblem(
  seed: number,
  rows: number,
  numFeatures: number,
): { X: ReturnType<typeof bagOfWords>; y: Int32Array } {
  const rng = new Rng(seed);
  const truth = Array.from({ length: numFeatures }, () => rng.normal());
  const seqs = Array.from({ length: rows }, () =>
    Array.from({ length: 1 + rng.int(6) }, () => 1 + rng.int(numFeatures - 1)),
  );
  const y = Int32Array.from(seqs, (s) =>
    s.reduce((a, v) => a + truth[v]!, 0) + 0.5 * rng.normal() > 0 ? 1 : 0,
  );
  return { X: bagOfWords(seqs, numFeatures), y };
}

test('the analytic gradient matches central differences (float64)', () => {
  const { X, y } = randomProblem(1, 30, 8);
  const rng = new Rng(2);
  const model: LogisticModel = { w: Float64Array.from({ length: 8 }, () => rng.normal()), b: 0.3 };
  const l2 = 0.05,
    h = 1e-6;
  const { dw, db } = logisticLoss(model, X, y, l2);
  for (let j = 1; j < 8; j++) {
    const wp = Float64Array.from(model.w);
    wp[j]! += h;
    const wm = Float64Array.from(model.w);
    wm[j]! -= h;
    const fd =
      (logisticLoss({ w: wp, b: model.b }, X, y, l2).loss -
        logisticLoss({ w: wm, b: model.b }, X, y, l2).loss) /
      (2 * h);
    assert.ok(Math.abs(fd - dw[j]!) < 1e-7 * Math.max(1, Math.abs(fd)), `w[${j}]: fd ${fd} vs ${dw[j]}`);
  }
  const fdb =
    (logisticLoss({ w: model.w, b: model.b + h }, X, y, l2).loss -
      logisticLoss({ w: model.w, b: model.b - h }, X, y, l2).loss) /
    (2 * h);
  assert.ok(Math.abs(fdb - db) < 1e-7, `b: fd ${fdb} vs ${db}`);
});

test('loss by hand: one row x = [0, 2], w = [0, 0.5], b = −0.25, y = 1, λ = 0.1', () => {
  const X = bagOfWords([[1, 1]], 2);
  const { loss } = logisticLoss({ w: Float64Array.of(0, 0.5), b: -0.25 }, X, [1], 0.1);
  const z = 2 * 0.5 - 0.25;
  assert.ok(Math.abs(loss - (-Math.log(1 / (1 + Math.exp(-z))) + 0.05 * 0.25)) < 1e-12);
});

test('with no features the fitted bias is the log-odds of the labels (closed form)', () => {
  const X = bagOfWords([[], [], [], [], []], 3);
  const m = trainLogisticRegression(X, [1, 1, 1, 0, 0], { l2: 0, epochs: 2000, lr: 0.05 });
  assert.ok(Math.abs(m.b - Math.log(3 / 2)) < 1e-4, `b = ${m.b}, log(3/2) = ${Math.log(1.5)}`);
});

test('full-batch training reaches the minimum of the convex loss (gradient ≈ 0) and separates the data', () => {
  const { X, y } = randomProblem(3, 200, 20);
  const l2 = 1e-2;
  const m = trainLogisticRegression(X, y, { l2, epochs: 1500 });
  const { dw, db } = logisticLoss(m, X, y, l2);
  const norm = Math.sqrt(dw.reduce((a, g) => a + g * g, db * db));
  assert.ok(norm < 1e-5, `gradient norm at the end ${norm}`);
  const p = logisticPredictProba(m, X);
  const acc = p.reduce((a, v, i) => a + ((v > 0.5 ? 1 : 0) === y[i] ? 1 : 0), 0) / y.length;
  assert.ok(acc > 0.8, `training accuracy ${acc}`);
});

test('a larger L2 penalty gives smaller weights; mini-batches are reproducible by seed', () => {
  const { X, y } = randomProblem(4, 100, 10);
  const norm = (m: LogisticModel) => Math.sqrt(m.w.reduce((a, v) => a + v * v, 0));
  assert.ok(
    norm(trainLogisticRegression(X, y, { l2: 1 })) < norm(trainLogisticRegression(X, y, { l2: 1e-3 })),
  );
  const a = trainLogisticRegression(X, y, { batchSize: 8, epochs: 3, lr: 0.01, seed: 5 });
  const b = trainLogisticRegression(X, y, { batchSize: 8, epochs: 3, lr: 0.01, seed: 5 });
  const c = trainLogisticRegression(X, y, { batchSize: 8, epochs: 3, lr: 0.01, seed: 6 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.w, c.w);
  assert.throws(
    () =>
      trainLogisticRegression(
        X,
        Int32Array.from(y, () => 2),
      ),
    /label 2 at 0; expected 0 or 1/,
  );
});
