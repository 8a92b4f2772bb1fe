import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '../../src/tfjs/backend';
import { EngineLSTM } from '../../src/tfjs/engine-recurrent';
import { engineLayers } from '../../src/tfjs/engine-layers';
import { relErr, values } from '../engine/reference';

const B = 3, T = 5, D = 4, U = 6;

function tfjsLayer(cell: 'rnn' | 'gru' | 'lstm', returnSequences: boolean): tf.layers.Layer {
  if (cell === 'lstm') return tf.layers.lstm({ units: U, returnSequences, recurrentActivation: 'sigmoid' });
  if (cell === 'gru') return tf.layers.gru({ units: U, returnSequences, recurrentActivation: 'sigmoid' });
  return tf.layers.simpleRNN({ units: U, returnSequences });
}

function engineLayer(cell: 'rnn' | 'gru' | 'lstm', returnSequences: boolean): tf.layers.Layer {
  if (cell === 'lstm') return engineLayers.lstm({ units: U, returnSequences });
  if (cell === 'gru') return engineLayers.gru({ units: U, returnSequences });
  return engineLayers.simpleRNN({ units: U, returnSequences });
}

for (const cell of ['rnn', 'gru', 'lstm'] as const) {
  for (const returnSequences of [true, false]) {
    test(`engine ${cell} as a tfjs layer equals tf.layers (returnSequences ${returnSequences}): outputs and tf.grads of weights and input`, async () => {
      await useBestBackend({ log: false });
      const ref = tfjsLayer(cell, returnSequences), eng = engineLayer(cell, returnSequences);
      const x = tf.tensor3d(Float32Array.from(values(B * T * D, 3)), [B, T, D]);
      ref.apply(x);
      eng.apply(x);
      // Non-zero biases, the same weights on both.
      ref.setWeights(ref.getWeights().map((w, i) => (i === 2 ? tf.tensor(Float32Array.from(values(w.size, 9, 0.5)), w.shape) : w)));
      eng.setWeights(ref.getWeights());
      const wOut = tf.tensor(Float32Array.from(values(B * (returnSequences ? T : 1) * U, 4)), returnSequences ? [B, T, U] : [B, U]);
      const loss = (layer: tf.layers.Layer) => (xi: tf.Tensor) => tf.sum(tf.mul(layer.apply(xi) as tf.Tensor, wOut)) as tf.Scalar;
      const yr = ref.apply(x) as tf.Tensor, ye = eng.apply(x) as tf.Tensor;
      assert.ok(relErr(ye.dataSync(), yr.dataSync()) < 1e-5, `outputs: ${relErr(ye.dataSync(), yr.dataSync())}`);
      const gxr = tf.grad(loss(ref))(x), gxe = tf.grad(loss(eng))(x);
      assert.ok(relErr(gxe.dataSync(), gxr.dataSync()) < 1e-4, `∂/∂x: ${relErr(gxe.dataSync(), gxr.dataSync())}`);
      const vr = tf.variableGrads(() => loss(ref)(x), ref.trainableWeights.map((w) => w.read() as tf.Variable));
      const ve = tf.variableGrads(() => loss(eng)(x), eng.trainableWeights.map((w) => w.read() as tf.Variable));
      ref.trainableWeights.forEach((w, i) => {
        const gr = vr.grads[(w.read() as tf.Variable).name]!.dataSync(), ge = ve.grads[(eng.trainableWeights[i]!.read() as tf.Variable).name]!.dataSync();
        assert.ok(relErr(ge, gr) < 1e-4, `∂/∂${w.name}: ${relErr(ge, gr)}`);
      });
      // No tensors leak across calls beyond what tfjs's own layer keeps (tfjs retains one per apply).
      const growth = (layer: tf.layers.Layer): number => {
        const before = tf.memory().numTensors;
        for (let i = 0; i < 3; i++) tf.tidy(() => tf.grad(loss(layer))(x));
        return tf.memory().numTensors - before;
      };
      assert.ok(growth(eng) <= growth(ref), `engine layer keeps ${growth(eng)} tensors per 3 calls, tfjs's ${growth(ref)}`);
      tf.dispose([x, wOut, yr, ye, gxr, gxe, vr.value, ve.value, ...Object.values(vr.grads), ...Object.values(ve.grads)]);
      ref.dispose();
      eng.dispose();
    });
  }
}

test('Keras-style training: engine embedding → LSTM → dense with fit(), and a save/load round trip', async () => {
  await useBestBackend({ log: false });
  const V = 7, steps = 6;
  const model = tf.sequential();
  model.add(engineLayers.embedding({ inputDim: V, outputDim: 5, inputLength: steps }));
  model.add(engineLayers.lstm({ units: 8, returnSequences: true }));
  model.add(engineLayers.dense({ units: V }));
  model.compile({ optimizer: tf.train.adam(0.05), loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
  // Predict the next symbol of a fixed cycle.
  const ids = Array.from({ length: 8 }, (_, b) => Array.from({ length: steps + 1 }, (_, t) => (b + t) % V));
  const x = tf.tensor2d(ids.map((r) => r.slice(0, steps)), undefined, 'int32');
  const y = tf.oneHot(tf.tensor2d(ids.map((r) => r.slice(1)), undefined, 'int32'), V);
  const h = await model.fit(x, y, { epochs: 30, batchSize: 8, verbose: 0 });
  const losses = h.history.loss as number[];
  assert.ok(losses[losses.length - 1]! < losses[0]! * 0.3, `loss ${losses[0]} → ${losses[losses.length - 1]}`);
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }; }));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  assert.ok(loaded.layers[1] instanceof EngineLSTM);
  const p1 = model.predict(x) as tf.Tensor, p2 = loaded.predict(x) as tf.Tensor;
  assert.ok(relErr(p2.dataSync(), p1.dataSync()) < 1e-6);
  tf.dispose([x, y, p1, p2]);
  model.dispose();
  loaded.dispose();
});

test('engine dense and embedding layers equal tf.layers.dense / embedding, values and gradients', async () => {
  await useBestBackend({ log: false });
  const x = tf.tensor3d(Float32Array.from(values(B * T * D, 5)), [B, T, D]);
  const ids = tf.tensor2d(Array.from({ length: B * T }, (_, i) => (i * 5) % 9), [B, T], 'int32');
  const pairs: [tf.layers.Layer, tf.layers.Layer, tf.Tensor][] = [
    [tf.layers.dense({ units: U }), engineLayers.dense({ units: U }), x],
    [tf.layers.embedding({ inputDim: 9, outputDim: U }), engineLayers.embedding({ inputDim: 9, outputDim: U }), ids],
  ];
  for (const [ref, eng, input] of pairs) {
    ref.apply(input);
    eng.apply(input);
    ref.setWeights(ref.getWeights().map((w) => tf.tensor(Float32Array.from(values(w.size, 8, 0.5)), w.shape)));
    eng.setWeights(ref.getWeights());
    const wOut = tf.tensor(Float32Array.from(values(B * T * U, 6)), [B, T, U]);
    const f = (layer: tf.layers.Layer) => () => tf.sum(tf.mul(layer.apply(input) as tf.Tensor, wOut)) as tf.Scalar;
    const vr = tf.variableGrads(f(ref), ref.trainableWeights.map((w) => w.read() as tf.Variable));
    const ve = tf.variableGrads(f(eng), eng.trainableWeights.map((w) => w.read() as tf.Variable));
    assert.ok(Math.abs(vr.value.dataSync()[0]! - ve.value.dataSync()[0]!) < 1e-4);
    ref.trainableWeights.forEach((w, i) => {
      const gr = vr.grads[(w.read() as tf.Variable).name]!.dataSync(), ge = ve.grads[(eng.trainableWeights[i]!.read() as tf.Variable).name]!.dataSync();
      assert.ok(relErr(ge, gr) < 1e-5, `${eng.getClassName()} ∂/∂${w.name}: ${relErr(ge, gr)}`);
    });
    if (input === x) {
      const gr = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(ref.apply(xi) as tf.Tensor, wOut)))(x), ge = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(eng.apply(xi) as tf.Tensor, wOut)))(x);
      assert.ok(relErr(ge.dataSync(), gr.dataSync()) < 1e-5);
    }
    ref.dispose();
    eng.dispose();
  }
});

test('an engine passed to a layer is the one it runs on (no module-global engine), and is not saved', async () => {
  await useBestBackend({ log: false });
  const { createEngineSync } = await import('../../src/engine/engine');
  const own = createEngineSync();
  const before = own.mem.allocatedBytes;
  const lstm = engineLayers.lstm({ units: U, returnSequences: true, engine: own });
  const dense = engineLayers.dense({ units: 2, engine: own });
  const x = tf.tensor3d(Float32Array.from(values(B * T * D, 5)), [B, T, D]);
  const y = dense.apply(lstm.apply(x)) as tf.Tensor;
  assert.deepEqual(y.shape, [B, T, 2]);
  assert.equal((lstm as EngineLSTM).engine, own);
  assert.ok(own.mem.allocatedBytes > before, 'the layers allocated their buffers on the engine they were given');
  assert.equal('engine' in lstm.getConfig(), false);
  assert.equal('engine' in dense.getConfig(), false);
  lstm.dispose();
  dense.dispose();
  own.dispose();
});
