import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '../../src/tfjs/backend';
import { installFastSegmentSum } from '../../src/tfjs/segment-sum';
import { textClassifier } from '../../src/classify/text-classifier';
import { binaryScores, fitTextClassifier, predictTextProba, textBatches } from '../../src/classify/fit-text';
import { padSequences } from '../../src/data/pad';
import { Rng } from '../../src/tensor/rng';

/** Sentences of 3–12 random words from 3..19; label 1 when word 2 occurs anywhere. */
function task(n: number, seed: number): { seqs: number[][]; labels: number[] } {
  const rng = new Rng(seed);
  const seqs: number[][] = [],
    labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = Array.from({ length: 3 + rng.int(10) }, () => 3 + rng.int(17));
    const y = rng.int(2);
    if (y === 1) s[rng.int(s.length)] = 2;
    seqs.push(s);
    labels.push(y);
  }
  return { seqs, labels };
}

test('textBatches: every index once per epoch, reproducible, bucketed batches of similar length', () => {
  const rng = new Rng(0);
  const lengths = Array.from({ length: 1000 }, () => 1 + rng.int(50));
  const batches = textBatches(lengths, 32, new Rng(4));
  assert.deepEqual(
    batches.flat().sort((a, b) => a - b),
    Array.from({ length: 1000 }, (_, i) => i),
  );
  assert.deepEqual(textBatches(lengths, 32, new Rng(4)), batches);
  const spread = (bs: number[][]) =>
    bs.reduce(
      (a, b) => a + Math.max(...b.map((i) => lengths[i]!)) - Math.min(...b.map((i) => lengths[i]!)),
      0,
    ) / bs.length;
  const plain = textBatches(lengths, 32, new Rng(4), false);
  assert.ok(
    spread(batches) < 0.25 * spread(plain),
    `mean length spread ${spread(batches)} bucketed vs ${spread(plain)} plain`,
  );
});

test('predictTextProba pads each batch only to its longest sentence; with masking that equals padding to maxlen', async () => {
  await useBestBackend({ log: false });
  const clf = textClassifier({ kind: 'lstm', vocabSize: 20, embeddingDim: 4, numHiddens: 3, seed: 1 });
  const { seqs } = task(40, 1);
  const p = predictTextProba(clf, seqs, { maxlen: 100, padding: 'pre', truncating: 'pre' }, 7);
  const full = tf.tidy(() =>
    (
      clf.model.predict(tf.tensor2d(padSequences(seqs, { maxlen: 100 }), undefined, 'int32')) as tf.Tensor
    ).dataSync(),
  );
  assert.ok(Math.max(...Array.from(p, (v, i) => Math.abs(v - full[i]!))) < 1e-6);
  const before = tf.memory().numTensors;
  predictTextProba(clf, seqs);
  assert.equal(tf.memory().numTensors, before);
  clf.model.dispose();
});

test('fitTextClassifier learns "does word 2 occur?", keeps the best validation epoch, leaks no tensors', async () => {
  await useBestBackend({ log: false });
  installFastSegmentSum();
  const train = task(400, 2),
    val = task(100, 3),
    testSet = task(200, 4);
  const clf = textClassifier({
    kind: 'gru',
    vocabSize: 20,
    embeddingDim: 8,
    numHiddens: 8,
    seed: 0,
    learningRate: 0.02,
  });
  const h = await fitTextClassifier(clf, train.seqs, train.labels, {
    epochs: 6,
    batchSize: 32,
    seed: 1,
    validation: { sequences: val.seqs, labels: val.labels },
  });
  assert.equal(h.epochs.length, 6);
  const valAcc = h.epochs.map((e) => e.valAccuracy!);
  assert.equal(valAcc[h.bestEpoch], Math.max(...valAcc));
  assert.equal(
    binaryScores(predictTextProba(clf, val.seqs), val.labels).accuracy,
    valAcc[h.bestEpoch],
    'weights of the best epoch are restored',
  );
  const acc = binaryScores(predictTextProba(clf, testSet.seqs), testSet.labels).accuracy;
  assert.ok(acc > 0.9, `test accuracy ${acc}; validation by epoch ${valAcc.join(', ')}`);
  assert.ok(h.epochs[5]!.loss < h.epochs[0]!.loss);
  const before = tf.memory().numTensors;
  await fitTextClassifier(clf, train.seqs, train.labels, {
    epochs: 1,
    validation: { sequences: val.seqs, labels: val.labels },
  });
  assert.equal(tf.memory().numTensors, before);
  clf.model.dispose();
});

test('binaryScores: cross-entropy and accuracy by hand', () => {
  const r = binaryScores([0.8, 0.4], [1, 1]);
  assert.ok(Math.abs(r.loss - -(Math.log(0.8) + Math.log(0.4)) / 2) < 1e-12);
  assert.equal(r.accuracy, 0.5);
});
