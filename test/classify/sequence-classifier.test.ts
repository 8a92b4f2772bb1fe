import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  evaluateClassifier,
  sequenceClassifier,
  trainClassifier,
} from '../../src/classify/sequence-classifier';
import { firstSymbolTask } from '../../src/data/tasks';
import { Rng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/tensor';
import { softmaxCrossEntropy } from '../../src/nn/losses';
import { numericGradient } from '../../src/checks/gradcheck';
import { relativeError } from '../../src/checks/close';
import { cloneParams } from '../../src/nn/params';

test('firstSymbolTask: one-hot steps, the label is the first symbol, distractors after it', () => {
  const { X, y } = firstSymbolTask(5, 6, new Rng(1), 4, 3);
  assert.deepEqual(X.shape, [5, 6, 7]);
  for (let b = 0; b < 5; b++) {
    for (let t = 0; t < 6; t++) {
      const row = Array.from(X.data.slice((b * 6 + t) * 7, (b * 6 + t + 1) * 7));
      assert.equal(
        row.reduce((a, c) => a + c, 0),
        1,
      );
      const k = row.indexOf(1);
      if (t === 0) assert.equal(k, y[b]);
      else assert.ok(k >= 4, `step ${t} shows ${k}, not a distractor`);
    }
  }
  assert.throws(() => firstSymbolTask(1, 1, new Rng(1)), /numSteps must be ≥ 2, got 1/);
});

for (const cell of ['rnn', 'lstm', 'gru'] as const) {
  test(`${cell} classifier: gradients of every parameter (head included) match finite differences`, () => {
    const model = sequenceClassifier(cell, 8, 5, 4, 2);
    for (const [k, t] of Object.entries(cloneParams(model.params, 'float64'))) model.params[k] = t;
    const { X, y } = firstSymbolTask(3, 4, new Rng(3));
    const X64 = X.clone('float64');
    const loss = (): number => {
      const f = model.forward(X64);
      return softmaxCrossEntropy(f.logits.data, y, 3, 4).loss;
    };
    const f = model.forward(X64);
    const grads = f.backward(new Tensor([3, 4], softmaxCrossEntropy(f.logits.data, y, 3, 4).grad));
    for (const [k, t] of Object.entries(model.params)) {
      const e = relativeError(grads[k]!.data, numericGradient(loss, t.data));
      assert.ok(e < 1e-6, `${cell}: ∂L/∂${k} relative error ${e}`);
    }
  });
}

test('a GRU classifier learns the first-symbol task over a short lag', () => {
  const model = sequenceClassifier('gru', 8, 16, 4, 1, 3);
  const r = trainClassifier(model, { batch: (rng) => firstSymbolTask(32, 5, rng), steps: 150, lr: 0.02 });
  const test = firstSymbolTask(200, 5, new Rng(9));
  assert.ok(
    evaluateClassifier(model, test.X, test.y) > 0.9,
    `accuracy ${evaluateClassifier(model, test.X, test.y)}`,
  );
  assert.ok(r.losses[r.losses.length - 1]! < r.losses[0]!);
  assert.equal(r.numParams, 3 * (8 * 16 + 16 * 16 + 16) + 16 * 4 + 4);
});
