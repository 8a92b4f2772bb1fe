import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/tensor/rng';
import { layerNormBackward, layerNormForward, LAYER_NORM_EPS } from '../../src/nn/layer-norm';
import { randomTensor } from '../../src/checks/cases';
import { layerNormCase } from '../../src/checks/transformer-cases';
import { gradCheck } from '../../src/checks/gradcheck';
import { maxAbsDiff } from '../../src/checks/close';

test('layer norm of one row equals the formula written out: (x − μ)/√(σ² + ε)·γ + β', () => {
  const x = [1, 2, 4], mu = 7 / 3, v = ((1 - mu) ** 2 + (2 - mu) ** 2 + (4 - mu) ** 2) / 3;
  const p = { gamma: randomTensor([3], new Rng(1)), beta: randomTensor([3], new Rng(2)) };
  const X = randomTensor([1, 3], new Rng(3));
  X.data.set(x);
  const out = layerNormForward(p, X).Y.data;
  for (let j = 0; j < 3; j++) {
    const want = ((x[j]! - mu) / Math.sqrt(v + LAYER_NORM_EPS)) * p.gamma.data[j]! + p.beta.data[j]!;
    assert.ok(Math.abs(out[j]! - want) < 1e-12, `feature ${j}: ${out[j]} vs ${want}`);
  }
});

test('layer norm: every gradient (γ, β, X) matches central differences', () => {
  const c = layerNormCase();
  for (const r of gradCheck(() => c.loss(), c.inputs, c.analytic())) assert.ok(r.relError < 1e-6, `${r.name}: ${r.relError}`);
});

test('layer norm equals tfjs ops (tf.moments) forward, and tf.grads of the same function backward', () => {
  const rng = new Rng(5);
  const X = randomTensor([3, 4, 6], rng, 2), gamma = randomTensor([6], rng, 0.5, 'float64'), beta = randomTensor([6], rng, 0.5);
  for (let j = 0; j < 6; j++) gamma.data[j]! += 1;
  const W = randomTensor([3, 4, 6], rng);
  const f = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => {
    const { mean, variance } = tf.moments(x, -1, true);
    const y = tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPS))), g), b);
    return tf.sum(tf.mul(y, tf.tensor(Array.from(W.data), W.shape)));
  };
  const t = (a: { data: ArrayLike<number>; shape: number[] }): tf.Tensor => tf.tensor(Array.from(a.data), a.shape);
  const [x, g, b] = [t(X), t(gamma), t(beta)];
  const { mean, variance } = tf.moments(x, -1, true);
  const yTf = tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, LAYER_NORM_EPS))), g), b).dataSync();
  const p = { gamma, beta };
  const ours = layerNormForward(p, X);
  assert.ok(maxAbsDiff(ours.Y.data, yTf) < 1e-5, `forward differs by ${maxAbsDiff(ours.Y.data, yTf)}`);
  const [dx, dg, db] = tf.grads(f)([x, g, b]);
  const back = layerNormBackward(p, ours.cache, W);
  assert.ok(maxAbsDiff(back.dX.data, dx!.dataSync()) < 1e-4, `∂E/∂X differs by ${maxAbsDiff(back.dX.data, dx!.dataSync())}`);
  assert.ok(maxAbsDiff(back.dgamma.data, dg!.dataSync()) < 1e-4, 'γ');
  assert.ok(maxAbsDiff(back.dbeta.data, db!.dataSync()) < 1e-4, 'β');
  tf.dispose([x, g, b, mean, variance, dx!, dg!, db!]);
});
