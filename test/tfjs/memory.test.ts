// tfjs tensors must not leak: every tfjs path of the library leaves tf.memory().numTensors where it found it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '../../src/tfjs/backend';
import { registerBuiltinChecks } from '../../src/catalog/index';
import { listChecks, runChecks } from '../../src/checks/registry';
import { kerasMlp, recurrentModel } from '../../src/tfjs/models';

test('every check that uses tfjs leaves tf.memory().numTensors unchanged across two calls', async () => {
  await useBestBackend({ log: false });
  registerBuiltinChecks();
  const tfjsChecks = listChecks().filter((c) => /tfjs|tf\.train|variableGrads/.test(c.name));
  assert.ok(tfjsChecks.length >= 20, `only ${tfjsChecks.length} tfjs checks`);
  for (const c of tfjsChecks) {
    await c.run(); // first call: tfjs may create what it caches once (backend state)
    const before = tf.memory().numTensors;
    await c.run();
    assert.equal(
      tf.memory().numTensors,
      before,
      `${c.name} leaked ${tf.memory().numTensors - before} tensors`,
    );
  }
  const rows = await runChecks('vs-tf');
  assert.ok(rows.every((r) => r.pass));
});

test('building and disposing the tfjs models leaves no tensors behind', async () => {
  await useBestBackend({ log: false });
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    const before = tf.memory().numTensors;
    const { model } = recurrentModel({ cell, numInputs: 3, numHiddens: 4 });
    assert.ok(tf.memory().numTensors > before, 'the layer holds its weights');
    model.layers.forEach((l) => l.dispose());
    assert.equal(tf.memory().numTensors, before, cell);
  }
  const before = tf.memory().numTensors;
  const m = kerasMlp(5);
  m.dispose();
  assert.equal(tf.memory().numTensors, before, 'kerasMlp');
});
