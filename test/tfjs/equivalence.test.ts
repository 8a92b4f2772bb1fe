// Our from-scratch models against tfjs layers carrying the same weights: outputs and final states.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/tensor';
import { initLSTM, lstmForward } from '../../src/nn/lstm';
import { initGRU, gruForward } from '../../src/nn/gru';
import { initRNN, rnnForward } from '../../src/nn/rnn';
import { randomTensor } from '../../src/checks/cases';
import { maxAbsDiff } from '../../src/checks/close';
import {
  fromTfjsGruWeights,
  fromTfjsLstmWeights,
  fromTfjsRnnWeights,
  toTf,
  toTfjsGruWeights,
  toTfjsLstmWeights,
  toTfjsRnnWeights,
} from '../../src/tfjs/weights';
import { recurrentModel } from '../../src/tfjs/models';
import { useBestBackend } from '../../src/tfjs/backend';

const sizes = { B: 3, T: 5, D: 4, H: 6 };

function run(
  cell: 'rnn' | 'lstm' | 'gru',
  weights: tf.Tensor[],
  X: Tensor,
  states: Tensor[],
): Float32Array[] {
  const { model, layer } = recurrentModel({ cell, numInputs: sizes.D, numHiddens: sizes.H });
  layer.setWeights(weights);
  const outs = model.predict([toTf(X), ...states.map(toTf)]) as tf.Tensor[];
  const data = outs.map((o) => o.dataSync() as Float32Array);
  tf.dispose([...outs, ...weights]);
  model.layers.forEach((l) => l.dispose());
  return data;
}

test('LSTM equals tf.layers.lstm (sigmoid) with mapped weights: H, H_T, C_T', async () => {
  await useBestBackend({ log: false });
  const rng = new Rng(7);
  const p = initLSTM(sizes.D, sizes.H, rng);
  for (const g of ['i', 'f', 'o', 'c']) p[`b_${g}`] = randomTensor([sizes.H], rng, 0.5, 'float32');
  const X = randomTensor([sizes.B, sizes.T, sizes.D], rng, 1, 'float32');
  const H0 = randomTensor([sizes.B, sizes.H], rng, 0.5, 'float32'),
    C0 = randomTensor([sizes.B, sizes.H], rng, 0.5, 'float32');
  const ours = lstmForward(p, X, { H: H0, C: C0 });
  const [H, HT, CT] = run('lstm', toTfjsLstmWeights(p), X, [H0, C0]);
  assert.ok(maxAbsDiff(ours.H.data, H!) < 1e-5);
  assert.ok(maxAbsDiff(ours.HT.data, HT!) < 1e-5);
  assert.ok(maxAbsDiff(ours.CT.data, CT!) < 1e-5);
});

test('GRU equals tf.layers.gru (sigmoid) with mapped weights: H, H_T', async () => {
  const rng = new Rng(8);
  const p = initGRU(sizes.D, sizes.H, rng);
  for (const g of ['z', 'r', 'h']) p[`b_${g}`] = randomTensor([sizes.H], rng, 0.5, 'float32');
  const X = randomTensor([sizes.B, sizes.T, sizes.D], rng, 1, 'float32');
  const H0 = randomTensor([sizes.B, sizes.H], rng, 0.5, 'float32');
  const ours = gruForward(p, X, H0);
  const [H, HT] = run('gru', toTfjsGruWeights(p), X, [H0]);
  assert.ok(maxAbsDiff(ours.H.data, H!) < 1e-5, `H differs by ${maxAbsDiff(ours.H.data, H!)}`);
  assert.ok(maxAbsDiff(ours.HT.data, HT!) < 1e-5);
});

test('RNN equals tf.layers.simpleRNN with mapped weights', async () => {
  const rng = new Rng(9);
  const p = initRNN({ numInputs: sizes.D, numHiddens: sizes.H, numOutputs: 2 }, rng);
  p.b_h = randomTensor([sizes.H], rng, 0.5, 'float32');
  const X = randomTensor([sizes.B, sizes.T, sizes.D], rng, 1, 'float32');
  const H0 = randomTensor([sizes.B, sizes.H], rng, 0.5, 'float32');
  const ours = rnnForward(p, X, H0);
  const [H, HT] = run('rnn', toTfjsRnnWeights(p).rnn, X, [H0]);
  assert.ok(maxAbsDiff(ours.H.data, H!) < 1e-5);
  assert.ok(maxAbsDiff(ours.HT.data, HT!) < 1e-5);
});

test('weight mappings round-trip exactly', () => {
  const rng = new Rng(10);
  const l = initLSTM(3, 2, rng);
  const w = toTfjsLstmWeights(l);
  const back = fromTfjsLstmWeights(w);
  for (const k of Object.keys(l)) assert.deepEqual(Array.from(back[k]!.data), Array.from(l[k]!.data), k);
  const g = initGRU(3, 2, rng);
  const wg = toTfjsGruWeights(g);
  const backg = fromTfjsGruWeights(wg);
  for (const k of Object.keys(g)) assert.deepEqual(Array.from(backg[k]!.data), Array.from(g[k]!.data), k);
  const r = initRNN({ numInputs: 3, numHiddens: 2, numOutputs: 4 }, rng);
  const wr = toTfjsRnnWeights(r);
  assert.deepEqual(
    [...wr.rnn, ...wr.dense].map((t) => t.shape),
    [[3, 2], [2, 2], [2], [2, 4], [4]],
  );
  const backr = fromTfjsRnnWeights(wr.rnn, wr.dense);
  for (const k of Object.keys(r)) assert.deepEqual(Array.from(backr[k]!.data), Array.from(r[k]!.data), k);
  // The gate blocks sit where tfjs reads them: LSTM kernel columns [u, 2u) are the forget gate's, [2u, 3u) the candidate's.
  const kernel = w[0]!.arraySync() as number[][];
  assert.deepEqual(
    kernel.map((row) => row.slice(2, 4)),
    l.W_xf.toArray(),
  );
  assert.deepEqual(
    kernel.map((row) => row.slice(4, 6)),
    l.W_xc.toArray(),
  );
  assert.deepEqual(
    (wg[1]!.arraySync() as number[][]).map((row) => row.slice(2, 4)),
    g.W_hr.toArray(),
  );
  assert.equal(fromTfjsLstmWeights(w, 'float64').W_xi.dtype, 'float64');
  tf.dispose([...w, ...wg, ...wr.rnn, ...wr.dense]);
});

test("tfjs's GRU has reset_after = false only: asking for reset_after = true is refused", async () => {
  await useBestBackend({ log: false });
  assert.throws(
    () => tf.layers.gruCell({ units: 2, resetAfter: true }),
    /does not support reset_after parameter set to true/,
  );
});
