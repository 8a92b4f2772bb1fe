// node scripts/cmn-held-out.js CHECKPOINT — translates the 20 simple held-out sentences of data/cmn-eng
// (seq2seq.simpleHeldOut: the first 20 distinct test sentences of ≤ 5 words) with beam 4; prints JSON.
// Used for docs/translation-chinese.md. Needs `npm run build` (reads dist/).
const r = require(require('node:path').join(__dirname, '..', 'dist', 'index.js'));
(async () => {
  const eng = await r.engine.createEngine({ threads: 1 });
  const { model, srcVocab, tgtVocab, meta } = r.seq2seq.loadTranslator(process.argv[2], eng);
  const pair = r.seq2seq.ENG_CMN, D = pair.load();
  const simple = r.seq2seq.simpleHeldOut(D.test, 20, 5);
  const out = r.seq2seq.translate(model, srcVocab, tgtVocab, simple.map((s) => s.src), { beamWidth: 4 });
  const rows = simple.map((s, i) => ({ en: s.src.join(' '), out: pair.detokenize(out[i].tokens), refs: s.references.map((x) => pair.detokenize(x)) }));
  console.log(JSON.stringify({ meta, rows }, null, 1));
  model.dispose(); await eng.dispose();
})();
