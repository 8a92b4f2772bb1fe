import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { SequenceModel } from '../../src/engine/sequenceModel';
import { Cell, numericGrad, refForward, relErr } from './reference';

const V = 7, E = 3, H = 4, L = 2, B = 2, T = 3;
const X = Int32Array.from([1, 4, 6, 0, 2, 2]);
const Y = Int32Array.from([4, 6, 0, 2, 2, 5]);

/** The model's mean cross-entropy in float64 from its weights (by name), written from the equations. */
function refLoss(cell: Cell, w: Record<string, Float64Array>): number {
  // time-major embedded input
  let inp: Float64Array = new Float64Array(T * B * E);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) inp.set(w['embedding/embeddings']!.subarray(X[b * T + t]! * E, (X[b * T + t]! + 1) * E), (t * B + b) * E);
  let D = E;
  for (let l = 0; l < L; l++) {
    const r = refForward(cell, { Wx: w[`${cell}_${l}/kernel`]!, Wh: w[`${cell}_${l}/recurrent_kernel`]!, b: w[`${cell}_${l}/bias`]! }, inp, T, B, D, H, new Float64Array(B * H), new Float64Array(B * H));
    inp = r.out;
    D = H;
  }
  let loss = 0;
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) {
    const z = new Float64Array(V);
    for (let j = 0; j < V; j++) {
      let s = w['dense/bias']![j]!;
      for (let i = 0; i < H; i++) s += inp[(t * B + b) * H + i]! * w['dense/kernel']![i * V + j]!;
      z[j] = s;
    }
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
    loss += lse - z[Y[b * T + t]!]!;
  }
  return loss / (B * T);
}

for (const simd of [true, false]) {
  for (const cell of ['rnn', 'gru', 'lstm'] as const) {
    test(`SequenceModel ${cell}, 2 layers (${simd ? 'SIMD' : 'fallback'}): loss and every gradient equal the float64 model and central differences`, async () => {
      const eng = await createEngine({ simd });
      const model = new SequenceModel(eng, { cell, vocabSize: V, embedDim: E, numHiddens: H, numLayers: L, seed: 5 });
      const { loss } = model.lossAndGradients(X, Y, B, T);
      const w: Record<string, Float64Array> = {};
      for (const [name, v] of Object.entries(model.getWeights())) w[name] = Float64Array.from(v.data);
      assert.ok(Math.abs(loss - refLoss(cell, w)) < 1e-5, `loss ${loss} vs ${refLoss(cell, w)}`);
      for (const p of model.params) {
        const err = relErr(p.grad.view(), numericGrad(() => refLoss(cell, w), w[p.name]!));
        assert.ok(err < 1e-4, `${p.name}: relative error ${err}`);
      }
      model.dispose();
      await eng.dispose();
    });
  }
}

test('carrying the state across two halves equals one pass; stepLogits equals evaluate', async () => {
  const eng = await createEngine();
  const model = new SequenceModel(eng, { cell: 'lstm', vocabSize: V, embedDim: E, numHiddens: H, numLayers: 2, seed: 2 });
  const Xl = Int32Array.from([1, 2, 3, 4, 5, 6, 0, 1]), Yl = Int32Array.from([2, 3, 4, 5, 6, 0, 1, 2]); // B = 1, T = 8
  const whole = model.evaluate(Xl, Yl, 1, 8);
  const a = model.evaluate(Xl.subarray(0, 4), Yl.subarray(0, 4), 1, 4);
  const b = model.evaluate(Xl.subarray(4), Yl.subarray(4), 1, 4, a.state);
  assert.ok(Math.abs((a.loss + b.loss) / 2 - whole.loss) < 1e-6);
  assert.ok(relErr(b.state[1]!.h, whole.state[1]!.h) < 1e-6);
  let state;
  let nll = 0;
  for (let t = 0; t < 8; t++) {
    const r = model.stepLogits(Xl.subarray(t, t + 1), state);
    state = r.state;
    const m = Math.max(...r.logits);
    nll += m + Math.log(r.logits.reduce((s, z) => s + Math.exp(z - m), 0)) - r.logits[Yl[t]!]!;
  }
  assert.ok(Math.abs(nll / 8 - whole.loss) < 1e-5, `${nll / 8} vs ${whole.loss}`);
  const hs = model.hiddenStates(Xl, 1, 8, { layer: 1 });
  assert.deepEqual(hs.H.subarray(7 * H), whole.state[1]!.h);
  model.dispose();
  await eng.dispose();
});

test('training lowers the loss; weights round-trip; dropout only while training', async () => {
  const eng = await createEngine();
  const model = new SequenceModel(eng, { cell: 'gru', vocabSize: V, embedDim: E, numHiddens: 8, dropout: 0.3, seed: 1 });
  const first = model.evaluate(X, Y, B, T).loss;
  assert.equal(model.evaluate(X, Y, B, T).loss, first, 'evaluate is deterministic (no dropout)');
  for (let i = 0; i < 60; i++) model.trainStep(X, Y, B, T, { optimizer: 'adam', lr: 0.05, clip: 1 });
  const after = model.evaluate(X, Y, B, T).loss;
  assert.ok(after < first * 0.5, `loss ${first} → ${after}`);
  const other = new SequenceModel(eng, { cell: 'gru', vocabSize: V, embedDim: E, numHiddens: 8, seed: 99 });
  other.setWeights(model.getWeights());
  assert.equal(other.evaluate(X, Y, B, T).loss, after);
  assert.throws(() => other.setWeights({}), /missing weight 'embedding\/embeddings'/);
  assert.throws(() => model.evaluate(Int32Array.from([9, 0, 0, 0, 0, 0]), Y, B, T), /X\[0, 0\] = 9 is outside/);
  model.dispose();
  other.dispose();
  await eng.dispose();
});
