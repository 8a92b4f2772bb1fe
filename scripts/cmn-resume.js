// node scripts/cmn-resume.js FROM.ckpt TO.ckpt STEPS LR — resumes an English→Chinese checkpoint with
// another learning rate (fresh Adam moments, batch order seed 1), validating every 100 steps and keeping
// the lowest validation loss's weights; prints JSON. The exploratory learning-rate drop of
// docs/translation-chinese.md. Needs `npm run build` (reads dist/).
const r = require(require('node:path').join(__dirname, '..', 'dist', 'index.js'));
(async () => {
  const [from, to, steps, lr] = process.argv.slice(2);
  if (!from || !to || !(Number(steps) >= 1) || !(Number(lr) > 0)) {
    console.error('usage: node scripts/cmn-resume.js FROM.ckpt TO.ckpt STEPS LR');
    process.exit(2);
  }
  const S = r.seq2seq,
    T = S.TRANSLATOR_PROTOCOL,
    pair = S.ENG_CMN,
    D = pair.load();
  const eng = await r.engine.createEngine({ threads: 2 });
  const { model } = S.loadTranslator(from, eng);
  const c0 = process.cpuUsage(),
    t0 = Date.now();
  const run = S.trainTranslator(model, D, {
    maxSteps: Number(steps),
    lr: Number(lr),
    seed: 1,
    batchSize: T.batchSize,
    clip: T.clip,
    validation: D.validation,
    validateEvery: 100,
    onValidate: (v) => console.error(new Date().toISOString(), JSON.stringify(v)),
  });
  const c = process.cpuUsage(c0);
  S.saveTranslator(to, model, D.srcVocab, D.tgtVocab, {
    pair: pair.name,
    from,
    lr: Number(lr),
    trainedSteps: run.steps,
    bestStep: run.best.step,
    valLoss: run.best.loss,
  });
  const out = {
    steps: run.steps,
    wall: (Date.now() - t0) / 1000,
    cpu: (c.user + c.system) / 1e6,
    trainLoss: run.trainLoss,
    validation: run.validation,
    best: run.best,
  };
  console.log(JSON.stringify(out));
  model.dispose();
  await eng.dispose();
})();
