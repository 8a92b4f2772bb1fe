import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { kerasLstmClassifier, lstmStates } from '../../src/tfjs/keras-lstm';

test("000 §4.2's model: the LSTM states from the equations end at the tfjs layer's output, relu and tanh", () => {
  const n = 5,
    T = 4,
    D = 3;
  const X = Float32Array.from({ length: n * T * D }, (_, i) => Math.sin(1.3 * i) * 2);
  for (const activation of ['relu', 'tanh'] as const) {
    const model = kerasLstmClassifier({ timesteps: T, inputDim: D, units: 6, activation, seed: 2 });
    const layer = model.layers[0]!;
    const lstmOnly = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
    const want = tf.tidy(
      () => (lstmOnly.predict(tf.tensor3d(X, [n, T, D])) as tf.Tensor).arraySync() as number[][],
    );
    const { H, C } = lstmStates(layer, X, n, T, D, activation);
    for (let b = 0; b < n; b++)
      for (let j = 0; j < 6; j++) {
        const got = H[(b * T + T - 1) * 6 + j]!;
        assert.ok(
          Math.abs(got - want[b]![j]!) < 1e-5,
          `${activation} H_T[${b}, ${j}]: ${got} vs ${want[b]![j]}`,
        );
      }
    if (activation === 'tanh')
      assert.ok(
        H.every((h) => Math.abs(h) < 1),
        'tanh: |H_t| < 1',
      );
    else
      assert.ok(
        H.every((h) => h >= 0),
        'relu: H_t = O⊙relu(C_t) ≥ 0',
      );
    assert.equal(C.length, n * T * 6);
    assert.deepEqual(model.outputs[0]!.shape, [null, 10]);
    model.dispose();
  }
});

test('lstmStates names a shape that does not fit the kernel', () => {
  const model = kerasLstmClassifier({ timesteps: 2, inputDim: 3, units: 4 });
  assert.throws(
    () => lstmStates(model.layers[0]!, new Float32Array(10), 2, 2, 3, 'relu'),
    /X of 10 values is not \[2, 2, 3\] for a kernel \[3, 16\]/,
  );
  model.dispose();
});
