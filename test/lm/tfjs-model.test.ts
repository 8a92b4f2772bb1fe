import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { useBestBackend } from '../../src/tfjs/backend';
import { TfjsLanguageModel } from '../../src/lm/tfjs-model';
import { CellType, LanguageModel, NamedWeight, weightShapes } from '../../src/lm/model';
import { Tensor } from '../../src/tensor/tensor';
import { lstmForward } from '../../src/nn/lstm';
import { gruForward } from '../../src/nn/gru';
import { rnnForward } from '../../src/nn/rnn';
import { fromTfjsGruWeights, fromTfjsLstmWeights, fromTfjsRnnWeights } from '../../src/tfjs/weights';
import { Rng } from '../../src/tensor/rng';

const V = 7,
  E = 5,
  H = 6,
  B = 3,
  T = 4;

function tokens(n: number, seed: number): Int32Array {
  const rng = new Rng(seed);
  return Int32Array.from({ length: n }, () => rng.int(V));
}

/**
 * The loss recomputed in float64 by src/nn's hand-written RNN/GRU/LSTM with the model's own weights:
 * embedding lookup → recurrent layers → dense → log-softmax, mean −log p over all (b, t).
 */
function referenceLoss(
  cell: CellType,
  numLayers: number,
  w: Record<string, NamedWeight>,
  X: Int32Array,
  Y: Int32Array,
): number {
  const t64 = (x: NamedWeight) => new Tensor(x.shape, Float64Array.from(x.data));
  const emb = w['embedding/embeddings']!;
  let inp = new Tensor(
    [B, T, E],
    Float64Array.from({ length: B * T * E }, (_, i) => emb.data[X[Math.floor(i / E)]! * E + (i % E)]!),
  );
  for (let l = 0; l < numLayers; l++) {
    const k = [`${cell}_${l}/kernel`, `${cell}_${l}/recurrent_kernel`, `${cell}_${l}/bias`].map((n) =>
      tf.tensor(w[n]!.data, w[n]!.shape),
    );
    if (cell === 'lstm') inp = lstmForward(fromTfjsLstmWeights(k, 'float64'), inp).H;
    else if (cell === 'gru') inp = gruForward(fromTfjsGruWeights(k, 'float64'), inp).H;
    else inp = rnnForward(fromTfjsRnnWeights(k, [tf.zeros([H, 1]), tf.zeros([1])], 'float64'), inp).H;
    tf.dispose(k);
  }
  const Wd = t64(w['dense/kernel']!),
    bd = t64(w['dense/bias']!);
  let loss = 0;
  for (let r = 0; r < B * T; r++) {
    const o = Array.from(
      { length: V },
      (_, j) =>
        bd.data[j]! +
        Array.from({ length: H }, (_, i) => inp.data[r * H + i]! * Wd.data[i * V + j]!).reduce(
          (a, b) => a + b,
          0,
        ),
    );
    const m = Math.max(...o);
    const lse = m + Math.log(o.reduce((s, x) => s + Math.exp(x - m), 0));
    loss += lse - o[Y[r]!]!;
  }
  return loss / (B * T);
}

for (const cell of ['rnn', 'gru', 'lstm'] as const) {
  test(`tfjs ${cell} language model: loss equals src/nn's float64 forward with the same weights (2 layers)`, async () => {
    await useBestBackend({ log: false });
    const m = new TfjsLanguageModel({
      cell,
      vocabSize: V,
      embedDim: E,
      numHiddens: H,
      numLayers: 2,
      seed: 3,
    });
    const X = tokens(B * T, 1),
      Y = tokens(B * T, 2);
    const got = m.evaluate(X, Y, B, T).loss;
    const want = referenceLoss(cell, 2, m.getWeights(), X, Y);
    assert.ok(Math.abs(got - want) < 1e-5, `${got} vs ${want}`);
    m.dispose();
  });
}

test('carrying the state: two halves with the state passed on equal one pass over the whole', async () => {
  await useBestBackend({ log: false });
  const m = new TfjsLanguageModel({ cell: 'lstm', vocabSize: V, embedDim: E, numHiddens: H, seed: 1 });
  const X = tokens(B * T, 4),
    Y = tokens(B * T, 5);
  const half = (A: Int32Array, s: number) =>
    Int32Array.from({ length: B * 2 }, (_, i) => A[Math.floor(i / 2) * T + s + (i % 2)]!);
  const whole = m.evaluate(X, Y, B, T);
  const first = m.evaluate(half(X, 0), half(Y, 0), B, 2);
  const second = m.evaluate(half(X, 2), half(Y, 2), B, 2, first.state);
  assert.ok(Math.abs((first.loss + second.loss) / 2 - whole.loss) < 1e-6);
  for (let i = 0; i < B * H; i++)
    assert.ok(Math.abs(second.state[0]!.c![i]! - whole.state[0]!.c![i]!) < 1e-6);
  // stepLogits token by token reaches the same final state as a whole-sequence pass.
  let s = undefined as ReturnType<LanguageModel['stepLogits']>['state'] | undefined;
  for (let t = 0; t < T; t++)
    s = m.stepLogits(
      Int32Array.from({ length: B }, (_, b) => X[b * T + t]!),
      s,
    ).state;
  for (let i = 0; i < B * H; i++) assert.ok(Math.abs(s![0]!.h[i]! - whole.state[0]!.h[i]!) < 1e-6);
  const two = new TfjsLanguageModel({
    cell: 'gru',
    vocabSize: V,
    embedDim: E,
    numHiddens: H,
    numLayers: 2,
    seed: 1,
  });
  const bottom = two.hiddenStates(X, B, T, { layer: 0 });
  assert.equal(bottom.state.length, 2, 'the state of every layer, whichever layer is shown');
  assert.ok(
    Math.abs(bottom.H[(T - 1) * H]! - bottom.state[0]!.h[0]!) < 1e-6,
    "layer 0 at the last step is layer 0's final state",
  );
  two.dispose();
  const hs = m.hiddenStates(X, B, T);
  assert.equal(hs.H.length, B * T * H);
  assert.ok(
    Math.abs(hs.H[(0 * T + T - 1) * H]! - whole.state[0]!.h[0]!) < 1e-6,
    'H at the last step is the final state',
  );
  m.dispose();
});

test('trainStep: the update is −lr·g clipped to norm `clip`, the gradient matches a central difference, no tensor leaks', async () => {
  await useBestBackend({ log: false });
  const m = new TfjsLanguageModel({ cell: 'gru', vocabSize: V, embedDim: E, numHiddens: H, seed: 2 });
  const X = tokens(B * T, 6),
    Y = tokens(B * T, 7);
  const w0 = m.getWeights();
  // Directional derivative along a random direction v, by central differences of evaluate().
  const rng = new Rng(9);
  const v: Record<string, NamedWeight> = {};
  for (const [k, x] of Object.entries(w0))
    v[k] = { shape: x.shape, data: Float32Array.from(x.data, () => rng.normal()) };
  const shifted = (eps: number) => {
    const w: Record<string, NamedWeight> = {};
    for (const [k, x] of Object.entries(w0))
      w[k] = { shape: x.shape, data: Float32Array.from(x.data, (d, i) => d + eps * v[k]!.data[i]!) };
    m.setWeights(w);
    return m.evaluate(X, Y, B, T).loss;
  };
  const eps = 1e-2;
  const fd = (shifted(eps) - shifted(-eps)) / (2 * eps);
  m.setWeights(w0);
  const lr = 0.1,
    clip = 0.1;
  const r = m.trainStep(X, Y, B, T, { optimizer: 'sgd', lr, clip });
  const w1 = m.getWeights();
  // Δθ = −lr · g · min(1, clip/‖g‖): so g·v = −(Δθ·v)/(lr·scale) and ‖Δθ‖ = lr·min(‖g‖, clip).
  let dot = 0,
    sq = 0;
  for (const k of Object.keys(w0))
    for (let i = 0; i < w0[k]!.data.length; i++) {
      const d = w1[k]!.data[i]! - w0[k]!.data[i]!;
      dot += d * v[k]!.data[i]!;
      sq += d * d;
    }
  assert.ok(r.gradNorm! > clip, `the test needs clipping to act: ‖g‖ = ${r.gradNorm}`);
  const scale = clip / r.gradNorm!;
  assert.ok(
    Math.abs(Math.sqrt(sq) - lr * clip) < 1e-4 * lr * clip + 1e-6,
    `‖Δθ‖ = ${Math.sqrt(sq)}, expected ${lr * clip}`,
  );
  const analytic = -dot / (lr * scale);
  assert.ok(
    Math.abs(analytic - fd) < 2e-2 * Math.max(1, Math.abs(fd)),
    `g·v = ${analytic}, central difference ${fd}`,
  );
  const before = tf.memory().numTensors; // after the first step: the optimizer's own tensors exist
  m.trainStep(X, Y, B, T, { optimizer: 'sgd', lr, clip });
  m.evaluate(X, Y, B, T);
  m.stepLogits(Int32Array.of(1, 2));
  assert.equal(tf.memory().numTensors, before, 'tensors leaked by trainStep, evaluate or stepLogits');
  m.dispose();
});

test('weights: names and shapes as weightShapes; wrong ones are errors naming them', async () => {
  await useBestBackend({ log: false });
  const m = new TfjsLanguageModel({ cell: 'lstm', vocabSize: V, embedDim: E, numHiddens: H, numLayers: 2 });
  const w = m.getWeights();
  assert.deepEqual(
    Object.fromEntries(Object.entries(w).map(([k, x]) => [k, x.shape])),
    weightShapes(m.config),
  );
  assert.equal(
    m.numParams,
    Object.values(w).reduce((s, x) => s + x.data.length, 0),
  );
  const bad = { ...w, 'lstm_1/bias': { shape: [5], data: new Float32Array(5) } };
  assert.throws(() => m.setWeights(bad), /expected 'lstm_1\/bias' of shape \[24\], got \[5\]/);
  const { ['dense/bias']: _, ...missing } = w;
  assert.throws(() => m.setWeights(missing), /missing 'dense\/bias'/);
  assert.throws(
    () => m.evaluate(Int32Array.of(0, 9), Int32Array.of(0, 1), 1, 2),
    /X\[0, 1\] = 9 is outside the vocabulary \[0, 7\)/,
  );
  m.dispose();
  assert.throws(() => m.evaluate(Int32Array.of(0), Int32Array.of(0), 1, 1), /disposed/);
});
