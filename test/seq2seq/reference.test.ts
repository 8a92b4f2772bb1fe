import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/tensor';
import { gradCheck } from '../../src/checks/gradcheck';
import { tinyTranslationBatch } from '../../src/seq2seq/checks';
import { seq2seqConfig, Seq2SeqAttention, Seq2SeqCell } from '../../src/seq2seq/config';
import {
  initReferenceSeq2Seq,
  referenceLossAndGradients,
  referenceToEngineWeights,
} from '../../src/seq2seq/reference';

const tinyBatch = tinyTranslationBatch;

const tiny = (cell: Seq2SeqCell, attention: Seq2SeqAttention) =>
  seq2seqConfig({
    cell,
    attention,
    srcVocabSize: 7,
    tgtVocabSize: 8,
    embedDim: 3,
    numHiddens: 4,
    numLayers: 2,
    dropout: 0,
    attentionHiddens: 3,
  });

test('every parameter gradient of the whole translator vs central differences (float64, rel. err ≤ 1e-6)', () => {
  for (const cell of ['gru', 'lstm'] as const) {
    for (const attention of ['none', 'additive', 'dot', 'scaled-dot'] as const) {
      const c = tiny(cell, attention);
      const p = initReferenceSeq2Seq(c, new Rng(5), 'float64');
      // non-zero biases, so that their gradients are tested in general position
      for (const [k, t] of Object.entries(p))
        if (/\/b/.test(k)) for (let i = 0; i < t.size; i++) t.data[i] = 0.3 * Math.sin(i + k.length);
      // larger attention weights: at Glorot scale ∂L/∂W_q is ~6e-5, where central differences (ε = 1e-6)
      // lose ~6 digits to rounding; scaled by 4 the gradients are well above that floor
      for (const [k, t] of Object.entries(p))
        if (k.startsWith('attention/')) for (let i = 0; i < t.size; i++) t.data[i]! *= 4;
      const batch = tinyBatch();
      const { grads, count } = referenceLossAndGradients(c, p, batch);
      assert.equal(count, 10);
      // ε = 1e-4: the loss is O(1) but some gradients here are O(1e-5) (the LSTM's attention weights), and
      // central differences err by ~ε²·L''' (truncation) + 1e-16·|L|/ε (rounding) — relative to a gradient
      // of 1e-5, ε = 1e-6 leaves ~1e-5 of rounding, ε = 1e-4 leaves < 2e-7 of either (measured: worst 1.0e-7)
      const rows = gradCheck(() => referenceLossAndGradients(c, p, batch, true).loss, p, grads, 1e-4);
      assert.equal(rows.length, Object.keys(p).length);
      for (const r of rows)
        assert.ok(r.relError <= 1e-6, `${cell}/${attention}: ∂L/∂${r.name} relative error ${r.relError}`);
      const names = Object.keys(p);
      assert.equal(
        names.some((n) => n.startsWith('attention/')),
        attention === 'additive',
      );
      assert.equal(names.includes('combine/W'), attention !== 'none');
    }
  }
});

test('padding: labels −1 and source tokens after <eos> do not change the loss (packed sequences)', () => {
  const c = tiny('gru', 'additive');
  const p = initReferenceSeq2Seq(c, new Rng(9), 'float64');
  const b = tinyBatch();
  const base = referenceLossAndGradients(c, p, b, true).loss;
  // change the decoder input after a sentence's end: its outputs there carry no label
  const b2 = { ...b, tgtIn: b.tgtIn.slice() };
  b2.tgtIn[2 * 5 + 4] = 7;
  assert.equal(referenceLossAndGradients(c, p, b2, true).loss, base);
  // the encoder stops at each source's <eos> (packed sequences): a token after it changes nothing …
  const b3 = { ...b, src: b.src.slice() };
  b3.src[1 * 4 + 3] = 6;
  assert.equal(referenceLossAndGradients(c, p, b3, true).loss, base);
  // … while the same change inside the source does
  const b4 = { ...b, src: b.src.slice() };
  b4.src[1 * 4 + 0] = 5;
  assert.notEqual(referenceLossAndGradients(c, p, b4, true).loss, base);
});

test('referenceToEngineWeights lays gates side by side in tfjs order', () => {
  const c = tiny('lstm', 'additive');
  const p = initReferenceSeq2Seq(c, new Rng(1), 'float64');
  const w = referenceToEngineWeights(c, p);
  assert.deepEqual(w['encoder/lstm_0/kernel']!.shape, [3, 16]);
  assert.deepEqual(w['decoder/lstm_1/recurrent_kernel']!.shape, [4, 16]);
  // column block 2 is the candidate c (tfjs order i, f, c, o)
  const Wxc = p['encoder/l0/W_xc'] as Tensor;
  assert.equal(w['encoder/lstm_0/kernel']!.data[2 * 4 + 1], Math.fround(Wxc.data[1]!));
  assert.ok(w['attention/w_v'] && w['combine/kernel'] && w['output/bias']);
});
