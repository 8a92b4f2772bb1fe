import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { installFastSegmentSum, segmentSum } from '../../src/tfjs/segment-sum';
import { availableBackends, useBestBackend } from '../../src/tfjs/backend';
import { Rng } from '../../src/tensor/rng';

test('segmentSum by hand: rows with the same id add up, ids out of range are dropped', () => {
  // x rows: [1,2], [3,4], [5,6], [7,8] with ids 2, 0, 2, 9 (9 ≥ numSegments)
  const out = segmentSum(Float32Array.of(1, 2, 3, 4, 5, 6, 7, 8), [4, 2], Int32Array.of(2, 0, 2, 9), 3);
  assert.deepEqual([...out], [3, 4, 0, 0, 6, 8]);
});

/** dW = onehot(ids)ᵀ · dY, the embedding gradient written as a matrix product. */
function denseEmbeddingGrad(ids: tf.Tensor2D, dY: tf.Tensor3D, vocab: number): tf.Tensor {
  return tf.tidy(() => {
    const flat = ids.reshape([-1]).toInt();
    const d = dY.shape[2];
    return tf.matMul(tf.oneHot(flat, vocab).toFloat(), dY.reshape([-1, d]), true, false);
  });
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(
    `the gradient of an embedding lookup equals onehotᵀ·dY on ${backend}, without leaking tensors`,
    { skip: !availableBackends().includes(backend) },
    async () => {
      await useBestBackend({ force: backend, log: false });
      installFastSegmentSum();
      const rng = new Rng(1);
      const vocab = 50,
        dim = 6;
      const W = tf.tensor2d(
        Array.from({ length: vocab * dim }, () => rng.normal()),
        [vocab, dim],
      );
      const ids = tf.tensor2d(
        Array.from({ length: 4 * 7 }, () => rng.int(vocab)),
        [4, 7],
        'int32',
      );
      const dY = tf.tensor3d(
        Array.from({ length: 4 * 7 * dim }, () => rng.normal()),
        [4, 7, dim],
      );
      const grad = (): tf.Tensor => tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.gather(w, ids), dY)))(W);
      const g = grad();
      const expected = denseEmbeddingGrad(ids, dY, vocab);
      const diff = tf.max(tf.abs(tf.sub(g, expected))).dataSync()[0]!;
      assert.ok(diff < 1e-5, `max |difference| ${diff}`);
      tf.dispose([g, expected]);
      const before = tf.memory().numTensors;
      tf.dispose(grad());
      assert.equal(tf.memory().numTensors, before);
      tf.dispose([W, ids, dY]);
    },
  );
}
