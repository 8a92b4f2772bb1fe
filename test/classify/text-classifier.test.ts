import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '../../src/tfjs/backend';
import { installFastSegmentSum } from '../../src/tfjs/segment-sum';
import { documentTextClassifier, textClassifier, TEXT_MODEL_KINDS } from '../../src/classify/text-classifier';
import { lossAndGradient } from '../../src/tfjs/grad-norm';
import { padSequences } from '../../src/data/pad';
import { fromTfjsLstmWeights } from '../../src/tfjs/weights';
import { lstmForward } from '../../src/nn/lstm';
import { sigmoid } from '../../src/nn/activations';
import { Tensor } from '../../src/tensor/tensor';

const sentences = [[3, 7, 2, 9], [5], [11, 4, 4, 8, 1, 6, 2]];

function predict(model: tf.LayersModel, rows: number[][]): Float32Array {
  return tf.tidy(
    () => (model.predict(tf.tensor2d(rows, undefined, 'int32')) as tf.Tensor).dataSync() as Float32Array,
  );
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i]!)));

for (const kind of TEXT_MODEL_KINDS) {
  test(`${kind} with maskZero: padding more, or on the other side, changes no prediction; without it, it does`, async () => {
    await useBestBackend({ log: false });
    const clf = textClassifier({ kind, vocabSize: 12, embeddingDim: 5, numHiddens: 4, seed: 3 });
    const base = predict(clf.model, padSequences(sentences));
    for (const opts of [
      { maxlen: 12 },
      { maxlen: 30 },
      { maxlen: 12, padding: 'post' as const },
      { padding: 'post' as const },
    ]) {
      const d = maxDiff(base, predict(clf.model, padSequences(sentences, opts)));
      assert.ok(d < 1e-6, `${JSON.stringify(opts)}: max difference ${d}`);
    }
    const plain = textClassifier({
      kind,
      vocabSize: 12,
      embeddingDim: 5,
      numHiddens: 4,
      seed: 3,
      maskZero: false,
    });
    const d = maxDiff(
      predict(plain.model, padSequences(sentences)),
      predict(plain.model, padSequences(sentences, { maxlen: 30, padding: 'post' })),
    );
    assert.ok(d > 1e-4, `without a mask padding should matter; difference ${d}`);
    clf.model.dispose();
    plain.model.dispose();
  });
}

test('the masked tfjs LSTM classifier equals the equations (src/nn lstmForward) on the unpadded sentence', async () => {
  await useBestBackend({ log: false });
  const clf = textClassifier({ kind: 'lstm', vocabSize: 12, embeddingDim: 5, numHiddens: 4, seed: 9 });
  const [E, kernel, recurrent, bias, Wd, bd] = clf.model.getWeights();
  const p = fromTfjsLstmWeights([kernel!, recurrent!, bias!], 'float64');
  const table = E!.dataSync(),
    w = Wd!.dataSync(),
    b = bd!.dataSync()[0]!;
  const padded = predict(clf.model, padSequences(sentences, { maxlen: 10 }));
  sentences.forEach((s, n) => {
    const X = new Tensor(
      [1, s.length, 5],
      Float64Array.from(s.flatMap((id) => Array.from(table.subarray(id * 5, id * 5 + 5)))),
    );
    const { HT } = lstmForward(p, X);
    const z = Array.from(HT.data).reduce((a, h, j) => a + h * w[j]!, b);
    assert.ok(
      Math.abs(sigmoid(z) - padded[n]!) < 1e-5,
      `sentence ${n}: equations ${sigmoid(z)}, tfjs ${padded[n]}`,
    );
  });
  clf.model.dispose();
});

test('the bidirectional LSTM starts its two directions from different weights', async () => {
  await useBestBackend({ log: false });
  const clf = textClassifier({ kind: 'bilstm', vocabSize: 12, embeddingDim: 5, numHiddens: 4, seed: 1 });
  const w = clf.model.layers[1]!.getWeights();
  assert.equal(w.length, 6);
  assert.ok(maxDiff(w[0]!.dataSync(), w[3]!.dataSync()) > 1e-3, 'forward and backward kernels are identical');
  assert.deepEqual(Array.from(w[5]!.dataSync()), [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]); // unit forget bias
  clf.model.dispose();
});

test('same seed, same weights; other seed, other weights', async () => {
  await useBestBackend({ log: false });
  const a = textClassifier({ kind: 'gru', vocabSize: 12, embeddingDim: 3, numHiddens: 2, seed: 5 });
  const b = textClassifier({ kind: 'gru', vocabSize: 12, embeddingDim: 3, numHiddens: 2, seed: 5 });
  const c = textClassifier({ kind: 'gru', vocabSize: 12, embeddingDim: 3, numHiddens: 2, seed: 6 });
  const flat = (m: tf.LayersModel) => m.getWeights().flatMap((t) => Array.from(t.dataSync()));
  assert.deepEqual(flat(a.model), flat(b.model));
  assert.notDeepEqual(flat(a.model), flat(c.model));
  [a, b, c].forEach((m) => m.model.dispose());
  assert.throws(
    () => textClassifier({ kind: 'rnn' as 'lstm', vocabSize: 12 }),
    /kind must be one of lstm, gru, bilstm, got 'rnn'/,
  );
});

test("001 §4.2's model (softmax, then one sigmoid unit, categorical cross-entropy) cannot learn", async () => {
  await useBestBackend({ log: false });
  installFastSegmentSum();
  const model = documentTextClassifier({
    vocabSize: 12,
    embeddingDim: 5,
    inputLength: 6,
    numHiddens: 4,
    seed: 2,
  });
  const x = tf.tensor2d(padSequences(sentences, { maxlen: 6 }), undefined, 'int32');
  const y = tf.tensor2d([[1], [0], [1]]);
  const oneHot = tf.tensor2d([
    [0, 1],
    [1, 0],
    [0, 1],
  ]);
  // fit refuses both ways of writing the labels.
  await assert.rejects(
    model.trainOnBatch(x, y),
    /categorical_crossentropy.*expects targets to be binary matrices/,
  );
  await assert.rejects(
    model.trainOnBatch(x, oneHot),
    /target expected .*shape \[\*,1\].*tensor shape \[3,2\]/,
  );
  // Computed anyway: p / Σp = 1 for a single unit, clipped to 1 − ε (ε = 1e-7, in float32); the loss is −ȳ·log(1 − ε).
  const r = lossAndGradient(model, tf.metrics.categoricalCrossentropy, x, y);
  const expected = -(2 / 3) * Math.log(Math.fround(1 - 1e-7));
  assert.ok(Math.abs(r.loss - expected) < 1e-3 * expected, `loss ${r.loss}, expected ${expected}`);
  assert.equal(r.perWeight.length, 8);
  assert.equal(r.gradNorm, 0);
  // The same model with binary cross-entropy does get a gradient (so the zero above is not a bug of lossAndGradient).
  assert.ok(lossAndGradient(model, tf.metrics.binaryCrossentropy, x, y).gradNorm > 1e-4);
  tf.dispose([x, y, oneHot]);
  model.dispose();
});
