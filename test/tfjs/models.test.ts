import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { kerasMlp, recurrentLayer } from '../../src/tfjs/models';
import { fromTf, fromTfjsMlpWeights, toTfjsMlpWeights } from '../../src/tfjs/weights';
import { mlpForward } from '../../src/nn/mlp';
import { Rng } from '../../src/tensor/rng';
import { randomTensor } from '../../src/checks/cases';
import { maxAbsDiff } from '../../src/checks/close';
import { softmaxRows } from '../../src/nn/activations';
import { useBestBackend } from '../../src/tfjs/backend';

test("000 §4.1's Keras MLP: 64 relu → 32 relu → 10 softmax, and our forward pass reproduces it", async () => {
  await useBestBackend({ log: false });
  const model = kerasMlp(12);
  assert.deepEqual(
    model.layers.map((l) => l.getConfig().units),
    [64, 32, 10],
  );
  assert.deepEqual(
    model.layers.map((l) => l.getConfig().activation),
    ['relu', 'relu', 'softmax'],
  );
  const X = randomTensor([5, 12], new Rng(1), 1, 'float32');
  const xt = tf.tensor2d(Float32Array.from(X.data), [5, 12]);
  const probs = model.predict(xt) as tf.Tensor;
  const weights = model.getWeights();
  const ours = mlpForward(fromTfjsMlpWeights(weights), X, 'relu').logits;
  softmaxRows(ours.data, 5, 10);
  assert.ok(maxAbsDiff(ours.data, probs.dataSync()) < 1e-6);
  const back = toTfjsMlpWeights(fromTfjsMlpWeights(weights));
  back.forEach((t, i) => assert.deepEqual(Array.from(t.dataSync()), Array.from(weights[i]!.dataSync())));
  const before = tf.memory().numTensors;
  tf.dispose([xt, probs, ...back]);
  assert.equal(tf.memory().numTensors, before - 2 - back.length);
  model.dispose();
});

test('recurrentLayer uses σ (not tfjs’s hardSigmoid) for the gates unless asked, and the RNN’s activation option', async () => {
  await useBestBackend({ log: false });
  const config = (l: tf.layers.Layer): Record<string, unknown> => l.getConfig() as Record<string, unknown>;
  assert.equal(
    config(recurrentLayer({ cell: 'lstm', numInputs: 2, numHiddens: 3 })).recurrentActivation,
    'sigmoid',
  );
  assert.equal(
    config(recurrentLayer({ cell: 'gru', numInputs: 2, numHiddens: 3, recurrentActivation: 'hardSigmoid' }))
      .recurrentActivation,
    'hardSigmoid',
  );
  assert.equal(
    config(recurrentLayer({ cell: 'rnn', numInputs: 2, numHiddens: 3, activation: 'identity' })).activation,
    'linear',
  );
  const t = tf.tensor2d([[1.5, -2]]);
  const f = fromTf(t, 'float64');
  assert.deepEqual([f.dtype, f.shape, Array.from(f.data)], ['float64', [1, 2], [1.5, -2]]);
  t.dispose();
});
