import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/tensor/rng';
import { initMultiHeadAttention, mergeHeads, multiHeadAttentionBackward, multiHeadAttentionForward, splitHeads } from '../../src/nn/multi-head-attention';
import { randomTensor } from '../../src/checks/cases';
import { multiHeadAttentionCase } from '../../src/checks/transformer-cases';
import { gradCheck } from '../../src/checks/gradcheck';
import { maxAbsDiff } from '../../src/checks/close';

test('mergeHeads undoes splitHeads, and head i holds columns i·d_k … (i+1)·d_k − 1', () => {
  const X = randomTensor([2, 3, 6], new Rng(1));
  const S = splitHeads(X, 3);
  assert.deepEqual(S.shape, [6, 3, 2]);
  assert.equal(S.get(1 * 3 + 2, 1, 0), X.get(1, 1, 4)); // batch row 1, head 2, step 1, first column
  assert.equal(maxAbsDiff(mergeHeads(S, 3).data, X.data), 0);
});

test('multi-head attention: every gradient matches central differences', () => {
  const c = multiHeadAttentionCase();
  for (const r of gradCheck(() => c.loss(), c.inputs, c.analytic())) assert.ok(r.relError < 1e-6, `${r.name}: ${r.relError}`);
});

test('multi-head attention equals tfjs ops (matMul, softmax, band mask) and tf.grads of the same function', () => {
  const rng = new Rng(7);
  const B = 2, T = 5, d = 8, h = 2, dk = d / h;
  const p = initMultiHeadAttention(d, rng, 'float64');
  for (let i = 0; i < d; i++) p.b_o.data[i] = rng.normal(0, 0.3);
  const X = randomTensor([B, T, d], rng), W = randomTensor([B, T, d], rng);
  const w = tf.tensor(Array.from(W.data), W.shape);
  const mask = tf.linalg.bandPart(tf.ones([T, T]), -1, 0); // 1 on and below the diagonal
  const f = (x: tf.Tensor, wq: tf.Tensor, wk: tf.Tensor, wv: tf.Tensor, wo: tf.Tensor, bo: tf.Tensor): tf.Tensor => {
    const heads = (m: tf.Tensor): tf.Tensor => tf.transpose(tf.reshape(tf.matMul(tf.reshape(x, [B * T, d]), m), [B, T, h, dk]), [0, 2, 1, 3]);
    const q = heads(wq), k = heads(wk), v = heads(wv); // [B, h, T, d_k]
    const s = tf.div(tf.matMul(q, k, false, true), Math.sqrt(dk));
    const a = tf.softmax(tf.add(s, tf.mul(tf.sub(1, mask), -1e9)));
    const o = tf.reshape(tf.transpose(tf.matMul(a, v), [0, 2, 1, 3]), [B * T, d]);
    return tf.reshape(tf.add(tf.matMul(o, wo), bo), [B, T, d]);
  };
  const t = (a: { data: ArrayLike<number>; shape: number[] }): tf.Tensor => tf.tensor(Array.from(a.data), a.shape);
  const args = [t(X), t(p.W_q), t(p.W_k), t(p.W_v), t(p.W_o), t(p.b_o)] as const;
  const ours = multiHeadAttentionForward(p, X, h);
  const yTf = f(...args).dataSync();
  assert.ok(maxAbsDiff(ours.Y.data, yTf) < 1e-5, `forward differs by ${maxAbsDiff(ours.Y.data, yTf)}`);
  const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!), w)))([...args]);
  const back = multiHeadAttentionBackward(p, ours.cache, W);
  const mine = [back.dX, back.grads.W_q, back.grads.W_k, back.grads.W_v, back.grads.W_o, back.grads.b_o];
  ['X', 'W_q', 'W_k', 'W_v', 'W_o', 'b_o'].forEach((name, i) => {
    const e = maxAbsDiff(mine[i]!.data, grads[i]!.dataSync());
    assert.ok(e < 1e-4, `∂E/∂${name} differs from tf.grads by ${e}`);
  });
  tf.dispose([...args, ...grads, w, mask]);
});
