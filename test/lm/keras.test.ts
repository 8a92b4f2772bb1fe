import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '../../src/tfjs/backend';
import { TfjsLanguageModel } from '../../src/lm/tfjs-model';
import { LMState } from '../../src/lm/model';
import {
  kerasAsLMConfig,
  setKerasWeights,
  getKerasWeights,
  generateSequenceAsWritten,
  generateSequenceCorrected,
  kerasLanguageModel,
  kerasVocab,
  kerasWindows,
  nextWordDistribution,
  padSequence,
  textsToSequences,
} from '../../src/lm/keras';

const words = 'the cat sat on the mat and the dog sat on the cat'.split(' ');

test("Keras's conventions: ids from 1 by frequency, unknown words dropped, pad_sequences pre/post, truncating the front", () => {
  const v = kerasVocab(words);
  assert.deepEqual(v.tokens.slice(0, 4), ['<pad>', 'the', 'cat', 'on']);
  assert.deepEqual(textsToSequences(v, 'the zebra sat'), [1, v.id('sat')]);
  assert.deepEqual(padSequence([5, 6], 4, 'post'), [5, 6, 0, 0]);
  assert.deepEqual(padSequence([5, 6], 4, 'pre'), [0, 0, 5, 6]);
  assert.deepEqual(padSequence([1, 2, 3, 4, 5], 3, 'post'), [3, 4, 5]);
  const { X, Y, count } = kerasWindows(
    Int32Array.from({ length: 10 }, (_, i) => i),
    4,
  );
  assert.equal(count, 2);
  assert.deepEqual(
    [Array.from(X), Array.from(Y)],
    [
      [0, 1, 2, 3, 4, 5, 6, 7],
      [1, 2, 3, 4, 5, 6, 7, 8],
    ],
  );
});

test('the model outputs [batch, maxLength, vocab]; as written, argmax is over all of it', async () => {
  await useBestBackend({ log: false });
  const v = kerasVocab(words);
  const L = 6,
    V = v.size;
  const model = kerasLanguageModel({ vocabSize: V, embeddingDim: 4, maxLength: L, hiddenUnits: 5, seed: 2 });
  const out = tf.tidy(
    () => (model.predict(tf.tensor2d([[1, 2, 0, 0, 0, 0]], [1, L], 'int32')) as tf.Tensor).shape,
  );
  assert.deepEqual(out, [1, L, V]);
  const r = generateSequenceAsWritten(model, v, 'the cat', L);
  for (const s of r.steps) {
    assert.equal(s.flatIndex, s.step * V + s.word);
    assert.equal(s.predictedWord === undefined, s.flatIndex >= V || s.flatIndex === 0);
    const p = tf.tidy(() => (model.predict(tf.tensor2d([s.input], [1, L], 'int32')) as tf.Tensor).dataSync());
    assert.equal(Math.max(...p), p[s.flatIndex], 'the flat index is the maximum of the whole output');
  }
  if (r.error) assert.equal(r.error, `KeyError: ${r.steps[r.steps.length - 1]!.flatIndex}`);
  // Zero the Dense kernel and give word 3 the largest bias: every step then outputs the same row
  // softmax(bias), np.argmax takes the first maximum — step 0 — the one case where the flat index is a word id.
  const w = model.getWeights();
  const bias = new Float32Array(V);
  bias[3] = 5;
  model.setWeights([w[0]!, w[1]!, w[2]!, w[3]!, tf.zeros(w[4]!.shape), tf.tensor1d(bias)]);
  const fixed = generateSequenceAsWritten(model, v, 'the cat', L);
  assert.deepEqual(
    fixed.steps.map((s) => [s.step, s.word]),
    new Array(L).fill([0, 3]),
  );
  assert.equal(fixed.text, `the cat ${new Array(L).fill(v.token(3)).join(' ')}`);
  model.dispose();
});

test('corrected: with post-padding the last real step ignores the padding (causal); sampling is seeded', async () => {
  await useBestBackend({ log: false });
  const v = kerasVocab(words);
  const L = 6;
  const model = kerasLanguageModel({
    vocabSize: v.size,
    embeddingDim: 4,
    maxLength: L,
    hiddenUnits: 5,
    seed: 3,
  });
  const ids = textsToSequences(v, 'the cat sat');
  const post = nextWordDistribution(model, ids, L, 'post');
  const otherPads = tf.tidy(() =>
    (model.predict(tf.tensor2d([[...ids, 4, 5, 6]], [1, L], 'int32')) as tf.Tensor)
      .dataSync()
      .slice(2 * v.size, 3 * v.size),
  );
  assert.deepEqual(Array.from(post), Array.from(otherPads));
  assert.ok(Math.abs(post.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  const a = generateSequenceCorrected(model, v, 'the cat', { numWords: 5, maxLength: L, seed: 4 });
  assert.equal(a, generateSequenceCorrected(model, v, 'the cat', { numWords: 5, maxLength: L, seed: 4 }));
  assert.equal(a.split(' ').length, 7);
  assert.ok(!a.includes('<pad>'));
  model.dispose();
});

test('weights trained on the LanguageModel contract drive the Keras model: same next-word distribution', async () => {
  await useBestBackend({ log: false });
  const o = { vocabSize: 9, embeddingDim: 4, maxLength: 5, hiddenUnits: 6, seed: 1 };
  const lmModel = new TfjsLanguageModel({ ...kerasAsLMConfig(o), seed: 7 });
  const keras = kerasLanguageModel(o);
  setKerasWeights(keras, lmModel.getWeights());
  const ids = [3, 1, 4, 1, 5];
  const p = tf.tidy(() =>
    (keras.predict(tf.tensor2d([ids], [1, 5], 'int32')) as tf.Tensor).dataSync().slice(4 * 9),
  );
  let state: LMState | undefined;
  let logits: Float32Array = new Float32Array(0);
  for (const id of ids) ({ logits, state } = lmModel.stepLogits(Int32Array.of(id), state));
  const z = Array.from(logits, Math.exp),
    s = z.reduce((a, b) => a + b);
  z.forEach((x, j) => assert.ok(Math.abs(x / s - p[j]!) < 1e-5, `word ${j}: ${x / s} vs ${p[j]}`));
  const back = getKerasWeights(keras),
    orig = lmModel.getWeights();
  for (const k of Object.keys(orig))
    assert.deepEqual(Array.from(back[k]!.data), Array.from(orig[k]!.data), k);
  lmModel.dispose();
  keras.dispose();
});
