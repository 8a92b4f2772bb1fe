import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { Seq2SeqModel } from '../../src/seq2seq/model';
import { seq2seqConfig } from '../../src/seq2seq/config';
import { D2L_EXAMPLES, tokenizeSource, translate } from '../../src/seq2seq/translate';
import { prepareTranslationData, TranslationPair } from '../../src/data/translation';

/** A tiny corpus whose vocabularies hold every word of the sentences translated below. */
function tinyData() {
  const words = ['go', 'i', 'lost', "he's", 'calm', "i'm", 'home', '.'];
  const fr = ['va', '!', "j'ai", 'perdu', 'il', 'est', 'calme', 'je', 'suis', 'chez', 'moi', '.'];
  const pairs: TranslationPair[] = [];
  for (let i = 0; i < 60; i++)
    pairs.push({
      src: [words[i % 8]!, words[(i * 3) % 8]!, '.'],
      tgt: [fr[i % 12]!, fr[(i * 5) % 12]!, '.'],
      line: i + 1,
    });
  return prepareTranslationData(pairs, { numTest: 2, numValidation: 2 });
}

test("translate: a beam of width 1 (alwaysBeam) gives greedy search's tokens and log-probabilities", async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    const d = tinyData();
    for (const attention of ['none', 'additive', 'dot'] as const) {
      const c = seq2seqConfig({
        srcVocabSize: d.srcVocab.size,
        tgtVocabSize: d.tgtVocab.size,
        embedDim: 8,
        numHiddens: 8,
        numLayers: 2,
        dropout: 0,
        attention,
      });
      const model = new Seq2SeqModel(engine, c, 3);
      const sentences = [...D2L_EXAMPLES.map(([en]) => tokenizeSource(en)), ['go', 'home', 'i', '.']];
      const greedy = translate(model, d.srcVocab, d.tgtVocab, sentences, {
        beamWidth: 1,
        maxLen: 7,
        chunk: 2,
        recordAttention: true,
      });
      const beam1 = translate(model, d.srcVocab, d.tgtVocab, sentences, {
        beamWidth: 1,
        alwaysBeam: true,
        maxLen: 7,
        chunk: 2,
        recordAttention: true,
      });
      const beam3 = translate(model, d.srcVocab, d.tgtVocab, sentences, {
        beamWidth: 3,
        maxLen: 7,
        chunk: 2,
      });
      assert.equal(greedy.length, sentences.length);
      greedy.forEach((g, i) => {
        assert.deepEqual(beam1[i]!.tokens, g.tokens, `${attention}, sentence ${i}`);
        assert.ok(
          Math.abs(beam1[i]!.logProb - g.logProb) < 1e-5,
          `${attention}, sentence ${i}: ${beam1[i]!.logProb} vs ${g.logProb}`,
        );
        // only the greedy code path records attention: beam1 really went through beamSearch
        assert.equal((g.attention?.length ?? 0) > 0, attention !== 'none');
        assert.ok(beam1[i]!.attention === undefined && beam3[i]!.attention === undefined);
      });
      // the width-3 beam is a different search: it is not the greedy code path under another name
      assert.ok(beam3.some((b, i) => b.logProb !== greedy[i]!.logProb));
      model.dispose();
    }
  } finally {
    await engine.dispose();
  }
});

test('D2L_EXAMPLES: the four sentences of d2l with their references, already in the preprocessed form', () => {
  assert.equal(D2L_EXAMPLES.length, 4);
  for (const [en, fr] of D2L_EXAMPLES) {
    assert.deepEqual(tokenizeSource(en), en.split(' '));
    assert.ok(fr.length > 0);
  }
});
