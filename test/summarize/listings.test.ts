import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  alignedTargets,
  buildAttentionListing,
  KERAS_ATTENTION_MESSAGE,
  KerasAttention,
  layerLines,
  LISTINGS_003,
} from '../../src/summarize/listings';

test('003 §4.1.1 ("RNN") and §4.1.2 (LSTM) build the same layers; 4.1.3 adds Attention()', () => {
  assert.deepEqual(layerLines(LISTINGS_003['4.1.1']), layerLines(LISTINGS_003['4.1.2']));
  assert.ok(!LISTINGS_003['4.1.1'].includes('SimpleRNN'));
  const extra = layerLines(LISTINGS_003['4.1.3']).filter(
    (l) => !layerLines(LISTINGS_003['4.1.2']).includes(l),
  );
  assert.deepEqual(extra, ['model.add(Attention())']);
});

test('KerasAttention: [query, value] gives softmax(q vᵀ) v (checked by hand), one tensor is refused', () => {
  const q = tf.tensor3d([[[1, 0]]]),
    v = tf.tensor3d([
      [
        [1, 0],
        [0, 1],
      ],
    ]);
  const layer = new KerasAttention({});
  const out = layer.apply([q, v]) as tf.Tensor;
  // scores 1 and 0 → α = (e/(e+1), 1/(e+1)); a = α_1 (1, 0) + α_2 (0, 1)
  const e = Math.E;
  const got = Array.from(out.dataSync());
  assert.ok(Math.abs(got[0]! - e / (e + 1)) < 1e-6 && Math.abs(got[1]! - 1 / (e + 1)) < 1e-6, `${got}`);
  assert.throws(
    () => layer.apply(q),
    (err: Error) => err.message.startsWith(KERAS_ATTENTION_MESSAGE),
  );
  tf.dispose([q, v, out]);
});

test('listing 4.1.3 cannot be built: Attention() in a Sequential model gets one input', () => {
  const before = tf.memory().numTensors;
  const msg = buildAttentionListing({
    vocabSize: 20,
    embeddingDim: 4,
    maxLength: 5,
    hiddenUnits: 3,
    decodingUnits: 7,
  });
  assert.ok(msg.startsWith(KERAS_ATTENTION_MESSAGE), msg);
  assert.equal(tf.memory().numTensors, before);
});

test('alignedTargets puts synopsis token t at input position t, padding after', () => {
  assert.deepEqual(
    [
      ...alignedTargets(
        [
          [5, 6],
          [7, 8, 9, 10],
        ],
        3,
      ),
    ],
    [5, 6, 0, 7, 8, 9],
  );
});
