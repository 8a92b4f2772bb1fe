import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { Seq2SeqModel } from '../../src/seq2seq/model';
import { seq2seqConfig } from '../../src/seq2seq/config';
import {
  engineVsReferenceErrors,
  referenceGradientErrors,
  tinySeq2SeqConfig,
  tinyTranslationBatch,
} from '../../src/seq2seq/checks';
import { beamSearch, greedySearch } from '../../src/seq2seq/search';
import { makeBatch, prepareTranslationData, TranslationPair } from '../../src/data/translation';

test('engine translator = float64 reference: loss and every gradient (GRU, LSTM × none, additive, dot, scaled-dot; SIMD and fallback)', async () => {
  for (const simd of [true, false]) {
    const engine = await createEngine({ simd, threads: 1 });
    try {
      for (const cell of ['gru', 'lstm'] as const) {
        for (const attention of ['none', 'additive', 'dot', 'scaled-dot'] as const) {
          const errors = engineVsReferenceErrors(engine, cell, attention);
          assert.ok(Object.keys(errors).length >= 12);
          for (const [name, e] of Object.entries(errors))
            assert.ok(
              e <= 1e-4,
              `${simd ? 'simd' : 'fallback'} ${cell}/${attention}: ${name} relative error ${e}`,
            );
        }
      }
    } finally {
      await engine.dispose();
    }
  }
});

test('the registered reference checks (finite differences) pass for one variant', () => {
  const errors = referenceGradientErrors('gru', 'dot');
  for (const [name, e] of Object.entries(errors)) assert.ok(e <= 1e-6, `${name}: ${e}`);
});

test('step-by-step decoding reproduces teacher forcing: Σ_t −log P(y_t) from step() = loss × tokens', async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    for (const attention of ['none', 'additive', 'dot'] as const) {
      const c = tinySeq2SeqConfig('gru', attention);
      const model = new Seq2SeqModel(engine, c, 3);
      const b = tinyTranslationBatch();
      const { loss, count } = model.lossAndGradients(b, { train: false, backward: false });
      let state = model.encode(b.src, b.srcLens, b.srcSteps);
      let nll = 0;
      for (let t = 0; t < b.tgtSteps; t++) {
        const prev = Int32Array.from({ length: 3 }, (_, r) => b.tgtIn[r * b.tgtSteps + t]!);
        const r = model.step(prev, state);
        state = r.state;
        for (let row = 0; row < 3; row++) {
          const y = b.labels[row * b.tgtSteps + t]!;
          if (y >= 0) nll -= r.logProbs[row * c.tgtVocabSize + y]!;
        }
      }
      assert.ok(Math.abs(nll - loss * count) < 1e-4 * nll, `${attention}: ${nll} vs ${loss * count}`);
      model.dispose();
    }
  } finally {
    await engine.dispose();
  }
});

test('with the model: beam width 1 = greedy; attention weights recorded per step sum to 1 over the real source', async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    const c = tinySeq2SeqConfig('lstm', 'additive');
    const model = new Seq2SeqModel(engine, c, 11);
    const b = tinyTranslationBatch();
    const opts = { bos: 2, eos: 3, vocabSize: c.tgtVocabSize, maxLen: 6 };
    const g = greedySearch(model.step, model.encode(b.src, b.srcLens, b.srcSteps), 3, opts);
    const k1 = beamSearch(model.step, model.select, model.encode(b.src, b.srcLens, b.srcSteps), 3, {
      ...opts,
      beamWidth: 1,
    });
    const k3 = beamSearch(model.step, model.select, model.encode(b.src, b.srcLens, b.srcSteps, true), 3, {
      ...opts,
      beamWidth: 3,
      lengthPenalty: 0,
    });
    for (let s = 0; s < 3; s++) {
      assert.deepEqual(k1[s]!.tokens, g[s]!.tokens);
      assert.ok(Math.abs(k1[s]!.logProb - g[s]!.logProb) < 1e-5);
      // the beam's reported log-probability is that of its tokens, re-scored one step at a time
      const h = k3[s]!,
        seq = [...h.tokens, ...(h.ended ? [3] : [])];
      let state = model.select(model.encode(b.src, b.srcLens, b.srcSteps), [s]);
      let lp = 0,
        prev = 2;
      for (const y of seq) {
        const r = model.step(Int32Array.of(prev), state);
        lp += r.logProbs[y]!;
        state = r.state;
        prev = y;
      }
      assert.ok(Math.abs(lp - h.logProb) < 1e-4, `sentence ${s}: ${lp} vs ${h.logProb}`);
    }
    // recorded attention: one row per step of the best hypothesis of row 0
    const st = model.encode(b.src, b.srcLens, b.srcSteps, true);
    let state = st;
    for (let t = 0; t < 3; t++) state = model.step(Int32Array.from([2, 4, 5]), state).state;
    const hist = state.attention![1]!;
    assert.equal(hist.length, 3);
    for (const w of hist) {
      assert.ok(Math.abs(w[0]! + w[1]! - 1) < 1e-6); // sentence 1 has 2 source tokens
      assert.equal(w[2], 0);
      assert.equal(w[3], 0);
    }
    model.dispose();
  } finally {
    await engine.dispose();
  }
});

test('dropout: training losses vary with the masks, evaluation is deterministic; weights round-trip by name', async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    const c = { ...tinySeq2SeqConfig('gru', 'dot'), dropout: 0.5 };
    const model = new Seq2SeqModel(engine, c, 1);
    const b = tinyTranslationBatch();
    const e1 = model.evaluate(b),
      e2 = model.evaluate(b);
    assert.equal(e1, e2);
    const t1 = model.lossAndGradients(b).loss,
      t2 = model.lossAndGradients(b).loss;
    assert.notEqual(t1, t2);
    const other = new Seq2SeqModel(engine, c, 2);
    assert.notEqual(other.evaluate(b), e1);
    other.setWeights(model.getWeights());
    assert.equal(other.evaluate(b), e1);
    assert.throws(() => other.setWeights({}), /missing weight 'encoder\/embedding'/);
    model.dispose();
    other.dispose();
  } finally {
    await engine.dispose();
  }
});

test('training learns a toy translation (reverse three symbols) to zero errors', async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    const words = ['a', 'b', 'c', 'd', 'e'];
    const pairs: TranslationPair[] = [];
    let line = 0;
    for (const x of words)
      for (const y of words)
        for (const z of words)
          pairs.push({
            src: [x, y, z],
            tgt: [z.toUpperCase(), y.toUpperCase(), x.toUpperCase()],
            line: ++line,
          });
    const d = prepareTranslationData(pairs, { numTest: 0, numValidation: 0, minFreq: 1 });
    const c = seq2seqConfig({
      srcVocabSize: d.srcVocab.size,
      tgtVocabSize: d.tgtVocab.size,
      embedDim: 16,
      numHiddens: 32,
      numLayers: 1,
      dropout: 0,
      attention: 'dot',
    });
    const model = new Seq2SeqModel(engine, c, 4);
    let last = Infinity;
    for (let step = 0; step < 300; step++) {
      const batch = makeBatch(
        d.train.slice((step * 25) % 125, ((step * 25) % 125) + 25),
        d.srcVocab,
        d.tgtVocab,
      );
      last = model.trainStep(batch, { lr: 0.01, clip: 1 }).loss;
    }
    assert.ok(last < 0.05, `final training loss ${last}`);
    const b = makeBatch(d.train, d.srcVocab, d.tgtVocab);
    const out = greedySearch(model.step, model.encode(b.src, b.srcLens, b.srcSteps), b.batchSize, {
      bos: 2,
      eos: 3,
      vocabSize: c.tgtVocabSize,
      maxLen: 6,
    });
    const wrong = out.filter(
      (h, i) => d.tgtVocab.decode(h.tokens).join(' ') !== d.train[i]!.tgt.join(' '),
    ).length;
    assert.equal(wrong, 0);
    model.dispose();
  } finally {
    await engine.dispose();
  }
});

test('packed sequences: extra padding leaves loss, gradients and encodings unchanged; a sentence encodes the same alone as in a batch', async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    for (const cell of ['gru', 'lstm'] as const) {
      const c = tinySeq2SeqConfig(cell, 'additive');
      const model = new Seq2SeqModel(engine, c, 5);
      const b = tinyTranslationBatch();
      // the same batch with 3 more padded source steps and 2 more target steps
      const Ts = b.srcSteps + 3,
        Tt = b.tgtSteps + 2;
      const wide = {
        ...b,
        srcSteps: Ts,
        tgtSteps: Tt,
        src: new Int32Array(3 * Ts).fill(1),
        tgtIn: new Int32Array(3 * Tt).fill(1),
        labels: new Int32Array(3 * Tt).fill(-1),
      };
      for (let r = 0; r < 3; r++) {
        wide.src.set(b.src.subarray(r * b.srcSteps, (r + 1) * b.srcSteps), r * Ts);
        wide.tgtIn.set(b.tgtIn.subarray(r * b.tgtSteps, (r + 1) * b.tgtSteps), r * Tt);
        wide.labels.set(b.labels.subarray(r * b.tgtSteps, (r + 1) * b.tgtSteps), r * Tt);
      }
      const l1 = model.lossAndGradients(b).loss,
        g1 = model.params.map((q) => q.grad.toArray());
      const l2 = model.lossAndGradients(wide).loss,
        g2 = model.params.map((q) => q.grad.toArray());
      assert.ok(Math.abs(l1 - l2) <= 1e-6 * l1, `${cell}: loss ${l1} vs ${l2} with more padding`);
      g1.forEach((g, i) =>
        g.forEach((x, j) =>
          assert.ok(
            Math.abs(x - g2[i]![j]!) <= 1e-5 * (1 + Math.abs(x)),
            `${cell} ${model.params[i]!.name}[${j}]: ${x} vs ${g2[i]![j]}`,
          ),
        ),
      );
      // sentence 1 (2 source tokens) alone vs inside the batch of 3
      const all = model.encode(b.src, b.srcLens, b.srcSteps);
      const one = model.encode(b.src.slice(b.srcSteps, b.srcSteps + 2), Int32Array.of(2), 2);
      for (let l = 0; l < c.numLayers; l++) {
        const h = c.numHiddens;
        one.layers[l]!.h.forEach((x, j) =>
          assert.ok(Math.abs(x - all.layers[l]!.h[h + j]!) < 1e-6, `${cell} layer ${l} final state [${j}]`),
        );
      }
      model.dispose();
    }
  } finally {
    await engine.dispose();
  }
});

test('setWeights refuses NaN, infinite and wrongly sized weights, naming them, and changes nothing then', async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    const model = new Seq2SeqModel(engine, tinySeq2SeqConfig('gru', 'additive'), 3);
    const before = model.getWeights();
    const name = Object.keys(before).at(-1)!;
    const bad = model.getWeights();
    bad[name]!.data[0] = Infinity;
    assert.throws(
      () => model.setWeights(bad),
      new RegExp(`setWeights: weight '${name}' holds Infinity at index 0`),
    );
    const short = model.getWeights();
    short[name] = { shape: short[name]!.shape, data: new Float32Array(1) };
    assert.throws(() => model.setWeights(short), /needs \d+ values, got 1/);
    for (const [k, w] of Object.entries(model.getWeights()))
      assert.deepEqual(w.data, before[k]!.data, `${k} unchanged`);
    model.dispose();
  } finally {
    await engine.dispose();
  }
});
