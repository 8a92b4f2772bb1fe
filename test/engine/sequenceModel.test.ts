import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { SequenceModel } from '../../src/engine/sequenceModel';
import { Cell, numericGrad, refForward, relErr } from './reference';

const V = 7,
  E = 3,
  H = 4,
  L = 2,
  B = 2,
  T = 3;
const X = Int32Array.from([1, 4, 6, 0, 2, 2]);
const Y = Int32Array.from([4, 6, 0, 2, 2, 5]);

/** The model's mean cross-entropy in float64 from its weights (by name), written from the equations. */
function refLoss(cell: Cell, w: Record<string, Float64Array>): number {
  // time-major embedded input
  let inp: Float64Array = new Float64Array(T * B * E);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++)
      inp.set(
        w['embedding/embeddings']!.subarray(X[b * T + t]! * E, (X[b * T + t]! + 1) * E),
        (t * B + b) * E,
      );
  let D = E;
  for (let l = 0; l < L; l++) {
    const r = refForward(
      cell,
      { Wx: w[`${cell}_${l}/kernel`]!, Wh: w[`${cell}_${l}/recurrent_kernel`]!, b: w[`${cell}_${l}/bias`]! },
      inp,
      T,
      B,
      D,
      H,
      new Float64Array(B * H),
      new Float64Array(B * H),
    );
    inp = r.out;
    D = H;
  }
  let loss = 0;
  for (let t = 0; t < T; t++)
    for (let b = 0; b < B; b++) {
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
      const model = new SequenceModel(eng, {
        cell,
        vocabSize: V,
        embedDim: E,
        numHiddens: H,
        numLayers: L,
        seed: 5,
      });
      const { loss } = model.lossAndGradients(X, Y, B, T);
      const w: Record<string, Float64Array> = {};
      for (const [name, v] of Object.entries(model.getWeights())) w[name] = Float64Array.from(v.data);
      assert.ok(Math.abs(loss - refLoss(cell, w)) < 1e-5, `loss ${loss} vs ${refLoss(cell, w)}`);
      for (const p of model.params) {
        const err = relErr(
          p.grad.view(),
          numericGrad(() => refLoss(cell, w), w[p.name]!),
        );
        assert.ok(err < 1e-4, `${p.name}: relative error ${err}`);
      }
      model.dispose();
      await eng.dispose();
    });
  }
}

test('carrying the state across two halves equals one pass; stepLogits equals evaluate', async () => {
  const eng = await createEngine();
  const model = new SequenceModel(eng, {
    cell: 'lstm',
    vocabSize: V,
    embedDim: E,
    numHiddens: H,
    numLayers: 2,
    seed: 2,
  });
  const Xl = Int32Array.from([1, 2, 3, 4, 5, 6, 0, 1]),
    Yl = Int32Array.from([2, 3, 4, 5, 6, 0, 1, 2]); // B = 1, T = 8
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
  const model = new SequenceModel(eng, {
    cell: 'gru',
    vocabSize: V,
    embedDim: E,
    numHiddens: 8,
    dropout: 0.3,
    seed: 1,
  });
  const first = model.evaluate(X, Y, B, T).loss;
  assert.equal(model.evaluate(X, Y, B, T).loss, first, 'evaluate is deterministic (no dropout)');
  for (let i = 0; i < 60; i++) model.trainStep(X, Y, B, T, { optimizer: 'adam', lr: 0.05, clip: 1 });
  const after = model.evaluate(X, Y, B, T).loss;
  assert.ok(after < first * 0.5, `loss ${first} → ${after}`);
  const other = new SequenceModel(eng, { cell: 'gru', vocabSize: V, embedDim: E, numHiddens: 8, seed: 99 });
  other.setWeights(model.getWeights());
  assert.equal(other.evaluate(X, Y, B, T).loss, after);
  assert.throws(() => other.setWeights({}), /missing weight 'embedding\/embeddings'/);
  assert.throws(
    () => model.evaluate(Int32Array.from([9, 0, 0, 0, 0, 0]), Y, B, T),
    /X\[0, 0\] = 9 is outside/,
  );
  model.dispose();
  other.dispose();
  await eng.dispose();
});

test('misuse is refused before anything runs, naming the option', async () => {
  const e = await createEngine();
  try {
    const make = (o: Record<string, unknown>) => () =>
      new SequenceModel(e, { cell: 'lstm', vocabSize: V, embedDim: E, numHiddens: H, ...o });
    // 'constructor' is a key of every object, not a cell.
    assert.throws(
      make({ cell: 'constructor' }),
      /SequenceModel: cell must be one of rnn, gru, lstm; got 'constructor'/,
    );
    assert.throws(make({ seed: NaN }), /SequenceModel: seed must be an integer in \[0, 2\^32\); got NaN/);
    assert.throws(make({ seed: 1.5 }), /seed must be an integer .* got 1\.5/);
    assert.throws(
      make({ numHiddens: 2.5 }),
      /SequenceModel: numHiddens must be a positive integer; got 2\.5/,
    );
    const m = new SequenceModel(e, { cell: 'gru', vocabSize: V, embedDim: E, numHiddens: H, numLayers: L });
    assert.throws(
      () => m.trainStep(X, Y, 1.5, 4, { lr: 0.1 }),
      /SequenceModel: batchSize must be a positive integer; got 1\.5/,
    );
    assert.throws(() => m.evaluate(X, Y, B, 3.5), /numSteps must be a positive integer; got 3\.5/);
    assert.throws(
      () => m.trainStep(X, Y, B, T, { lr: 0.1, clip: NaN }),
      /trainStep: clip must be a finite number ≥ 0 \(0: no clipping\); got NaN/,
    );
    assert.throws(
      () => m.trainStep(X, Y, B, T, { lr: NaN }),
      /trainStep: lr must be a positive finite number; got NaN/,
    );
    const before = m.getWeights();
    const bad = m.getWeights();
    bad['dense/bias']!.data[2] = NaN;
    assert.throws(() => m.setWeights(bad), /setWeights: weight 'dense\/bias' holds NaN at index 2/);
    const short = m.getWeights();
    short['dense/bias'] = { shape: short['dense/bias']!.shape, data: new Float32Array(1) };
    assert.throws(
      () => m.setWeights(short),
      /setWeights: 'dense\/bias' of shape \[7\] needs 7 values, got 1/,
    );
    for (const [k, w] of Object.entries(m.getWeights()))
      assert.deepEqual(w.data, before[k]!.data, `${k} untouched by the refused calls`);
    m.dispose();
  } finally {
    await e.dispose();
  }
});

test('a model too large for the engine memory is refused with the figure, before allocating', async () => {
  const e = await createEngine();
  try {
    const used = e.mem.byteLength;
    // 8 LSTM layers of 4096 units: 4·4096·(4096+4096) ≈ 134 million parameters per layer.
    assert.throws(
      () =>
        new SequenceModel(e, { cell: 'lstm', vocabSize: 65, embedDim: 64, numHiddens: 4096, numLayers: 8 }),
      /SequenceModel: 8 lstm layer\(s\) of 4096 units \(1,0\d\d,\d{3},\d{3} parameters\) need about 1[56]\.\d\d GiB of engine memory .*; the engine has [0-4]\.\d\d GiB left/,
    );
    assert.equal(e.mem.byteLength, used, 'nothing was allocated');
    // The estimate counts every parameter the model then has (and a few more: two biases per gate).
    const m = new SequenceModel(e, { cell: 'gru', vocabSize: V, embedDim: E, numHiddens: H, numLayers: L });
    const G = 3,
      estimate = V * E + G * H * (E + H + 2) + (L - 1) * G * H * (2 * H + 2) + H * V + V;
    assert.ok(
      estimate >= m.numParams && estimate <= m.numParams + 2 * L * G * H,
      `${estimate} vs ${m.numParams}`,
    );
    m.dispose();
  } finally {
    await e.dispose();
  }
});

test('threads: whole numbers in [1, MAX_THREADS] from the option or RNNLAB_THREADS (decimal digits only)', async () => {
  const { MAX_THREADS } = await import('../../src/engine/engine');
  assert.equal(MAX_THREADS, 64);
  await assert.rejects(
    createEngine({ threads: 65 }),
    /createEngine: threads must be a whole number in \[1, 64\]; got '65'/,
  );
  await assert.rejects(createEngine({ threads: 1.5 }), /got '1\.5'/);
  const saved = process.env.RNNLAB_THREADS;
  try {
    for (const raw of ['0x10', '1e1', '65', '0', '-1']) {
      process.env.RNNLAB_THREADS = raw;
      await assert.rejects(
        createEngine(),
        new RegExp(`RNNLAB_THREADS must be a whole number in \\[1, 64\\]; got '${raw}'`),
      );
    }
  } finally {
    if (saved === undefined) delete process.env.RNNLAB_THREADS;
    else process.env.RNNLAB_THREADS = saved;
  }
});

test('variational dropout: lstm only; trains; masks only while training, the same at every step', async () => {
  const eng = await createEngine();
  const opts = { vocabSize: V, embedDim: E, numHiddens: 8, dropout: 0.3, variational: true, seed: 2 };
  assert.throws(
    () => new SequenceModel(eng, { ...opts, cell: 'gru' }),
    /variational dropout .* lstm only; got 'gru'/,
  );
  const model = new SequenceModel(eng, { ...opts, cell: 'lstm', numLayers: 2 });
  const first = model.evaluate(X, Y, B, T).loss;
  assert.equal(model.evaluate(X, Y, B, T).loss, first, 'evaluate is deterministic (no dropout)');
  for (let i = 0; i < 80; i++) model.trainStep(X, Y, B, T, { optimizer: 'adam', lr: 0.05, clip: 1 });
  const after = model.evaluate(X, Y, B, T).loss;
  assert.ok(after < first * 0.6, `loss ${first} → ${after}`);
  const m = model.lastDropoutMasks(B, T)!;
  assert.equal(m.recurrent!.length, 2);
  for (const mask of [m.embedding, ...m.outputs]) {
    const row = mask.length / T; // [B, width] per step
    for (let i = row; i < mask.length; i++) assert.equal(mask[i], mask[i % row]);
  }
  model.dispose();
  const none = new SequenceModel(eng, { ...opts, dropout: 0, variational: false, cell: 'lstm' });
  assert.equal(none.lastDropoutMasks(B, T), undefined);
  none.dispose();
  await eng.dispose();
});
