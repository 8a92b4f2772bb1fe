import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { buildNmtVocab } from '../../src/data/translation';
import { extendSource } from '../../src/seq2seq/copy';
import { seq2seqConfig } from '../../src/seq2seq/config';
import { Seq2SeqModel } from '../../src/seq2seq/model';
import { summarizeTokens } from '../../src/summarize/summarize';

const srcVocab = buildNmtVocab([['foo', 'is', 'a', 'tool', 'for', 'bar']], 1);
const tgtVocab = buildNmtVocab([['a', 'tool', 'for']], 1); // foo, is, bar are outside it

test("the copy model's step: P over the extended vocabulary sums to 1; copy mass only on source words", async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    const c = seq2seqConfig({
      srcVocabSize: srcVocab.size,
      tgtVocabSize: tgtVocab.size,
      embedDim: 4,
      numHiddens: 6,
      numLayers: 1,
      attentionHiddens: 3,
      copy: true,
    });
    const model = new Seq2SeqModel(engine, c, 3);
    const sources = [
      ['foo', 'is', 'a', 'tool'],
      ['bar', 'for', 'bar'],
    ];
    const Ts = 5,
      V = tgtVocab.size;
    const src = new Int32Array(2 * Ts).fill(srcVocab.id('<pad>')),
      ext = new Int32Array(2 * Ts).fill(-1),
      lens = new Int32Array(2);
    sources.forEach((s, b) => {
      src.set(srcVocab.encode(s), b * Ts);
      src[b * Ts + s.length] = srcVocab.id('<eos>');
      lens[b] = s.length + 1;
      ext.set(extendSource(s, tgtVocab).ext, b * Ts);
    });
    const st = model.encode(src, lens, Ts, true, { ext, numExtra: 2, unk: tgtVocab.unknownId });
    // second step fed an extended id (V = "foo" in row 0): it must be read as <unk>, not rejected
    let state = st;
    for (const prev of [
      [tgtVocab.id('<bos>'), tgtVocab.id('<bos>')],
      [V, V],
    ]) {
      const r = model.step(Int32Array.from(prev), state);
      for (let b = 0; b < 2; b++) {
        let total = 0;
        for (let w = 0; w < V + 2; w++) total += Math.exp(r.logProbs[b * (V + 2) + w]!);
        assert.ok(Math.abs(total - 1) < 1e-5, `row ${b}: Σ P = ${total}`);
      }
      // row 1 has one OOV word (bar = V); id V + 1 belongs to no source word of row 1: probability 0
      assert.equal(r.logProbs[1 * (V + 2) + V + 1], -Infinity);
      state = r.state;
    }
    assert.equal(state.pGen![0]!.length, 2);
    const out = summarizeTokens(model, srcVocab, tgtVocab, sources, { maxLen: 6, record: true });
    assert.equal(out.length, 2);
    for (const [b, s] of out.entries()) {
      // every generated word is a target word or a copied source word; copied ids are marked
      s.raw.forEach((w) => assert.ok(tgtVocab.has(w) || sources[b]!.includes(w), `row ${b}: ${w}`));
      s.raw.forEach((w, i) => assert.equal(s.copiedOov[i], !tgtVocab.has(w)));
      assert.ok(s.pGen!.every((g) => g > 0 && g < 1));
    }
    // beam search over the extended vocabulary: the same rules for its words
    const beam = summarizeTokens(model, srcVocab, tgtVocab, sources, { maxLen: 6, beamWidth: 3 });
    beam.forEach((s, b) =>
      s.raw.forEach((w) => assert.ok(tgtVocab.has(w) || sources[b]!.includes(w), `beam row ${b}: ${w}`)),
    );
    model.dispose();
  } finally {
    await engine.dispose();
  }
});
