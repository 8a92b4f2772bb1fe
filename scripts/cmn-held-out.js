// node scripts/cmn-held-out.js CHECKPOINT [--validation | --scores] — translates the 20 simple held-out
// sentences of data/cmn-eng (seq2seq.simpleHeldOut: the first 20 distinct test sentences of ≤ 5 words)
// with beam 4; with --validation also the validation loss and greedy BLEU (zh) / chrF on the 1,000
// validation pairs; with --scores those and greedy and beam-4 BLEU (zh) / chrF on the 1,000 test pairs
// (as the notebook scores them). Prints JSON. Used for docs/translation-chinese.md. Needs `npm run build`
// (reads dist/).
const r = require(require('node:path').join(__dirname, '..', 'dist', 'index.js'));
(async () => {
  const [file, mode] = process.argv.slice(2);
  const eng = await r.engine.createEngine({ threads: 2 });
  const { model, srcVocab, tgtVocab, meta } = r.seq2seq.loadTranslator(file, eng);
  const pair = r.seq2seq.ENG_CMN,
    D = pair.load();
  const out = { meta };
  const score = (pairs, beamWidth) => {
    const e = r.seq2seq.evaluatePair(model, pair, D, pairs, { beamWidth });
    return { bleu: e.bleu.score, chrf: e.chrf.score };
  };
  if (mode === '--validation' || mode === '--scores') {
    out.valLoss = r.seq2seq.translatorLoss(model, D, D.validation);
    out.validationGreedy = score(D.validation, 1);
  }
  if (mode === '--scores') {
    out.testGreedy = score(D.test, 1);
    out.testBeam4 = score(D.test, 4);
  }
  const simple = r.seq2seq.simpleHeldOut(D.test, 20, 5);
  const t = r.seq2seq.translate(
    model,
    srcVocab,
    tgtVocab,
    simple.map((s) => s.src),
    { beamWidth: 4 },
  );
  out.rows = simple.map((s, i) => ({
    en: s.src.join(' '),
    out: pair.detokenize(t[i].tokens),
    refs: s.references.map((x) => pair.detokenize(x)),
  }));
  console.log(JSON.stringify(out, null, 1));
  model.dispose();
  await eng.dispose();
})();
