import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { Seq2SeqModel } from '../../src/seq2seq/model';
import { seq2seqConfig } from '../../src/seq2seq/config';
import { trainTranslator, translatorLoss, ValidationPoint } from '../../src/seq2seq/train';
import { prepareTranslationData, TranslationPair } from '../../src/data/translation';

/**
 * Training pairs that map each source word to one target word, and validation pairs with the same
 * sources but other targets: at first the validation loss falls (`.` and `<eos>` are learned), then it
 * rises as the training mapping is memorised — an overfitting run on purpose.
 */
function conflictingData() {
  const src = ['a', 'b', 'c', 'd', 'e', 'f'];
  const tgt = ['u', 'v', 'w', 'x', 'y', 'z'];
  const pairs: TranslationPair[] = [];
  for (let i = 0; i < 48; i++) pairs.push({ src: [src[i % 6]!, '.'], tgt: [tgt[i % 6]!, '.'], line: i + 1 });
  const d = prepareTranslationData(pairs, { numTest: 0, numValidation: 0 });
  const validation = src.map((w, i) => ({ src: [w, '.'], tgt: [tgt[(i + 3) % 6]!, '.'], line: 100 + i }));
  return { ...d, validation };
}

/** The run every test here makes: 43 steps that overfit conflictingData, validated every 5. */
const overfitting = (d: ReturnType<typeof conflictingData>) =>
  ({ maxSteps: 43, batchSize: 8, lr: 0.05, validation: d.validation, validateEvery: 5 }) as const;

async function tinyModel(d: ReturnType<typeof conflictingData>) {
  const engine = await createEngine({ threads: 1 });
  const config = seq2seqConfig({
    srcVocabSize: d.srcVocab.size,
    tgtVocabSize: d.tgtVocab.size,
    embedDim: 8,
    numHiddens: 16,
    numLayers: 1,
    dropout: 0,
  });
  return { engine, model: new Seq2SeqModel(engine, config, 1) };
}

test('trainTranslator validates every n steps and after the last, and keeps the weights of the lowest validation loss', async () => {
  const d = conflictingData();
  const { engine, model } = await tinyModel(d);
  try {
    // Weights seen at each validation, recorded independently of trainTranslator's own copy.
    const seen = new Map<number, ReturnType<Seq2SeqModel['getWeights']>>();
    const points: ValidationPoint[] = [];
    const r = trainTranslator(model, d, {
      ...overfitting(d),
      onValidate: (v) => {
        points.push(v);
        seen.set(v.step, model.getWeights());
      },
    });
    assert.deepEqual(
      r.validation.map((v) => v.step),
      [5, 10, 15, 20, 25, 30, 35, 40, 43],
    );
    assert.deepEqual(points, r.validation, 'onValidate saw every measurement');
    const lowest = r.validation.reduce((a, b) => (b.loss < a.loss ? b : a));
    assert.deepEqual(r.best, lowest);
    assert.ok(r.best!.step < r.steps, `the run must overfit for this test (best at step ${r.best!.step})`);
    assert.ok(r.validation.at(-1)!.loss > lowest.loss);
    // The model now holds the weights it had at the best step, and their loss is the one measured.
    assert.deepEqual(model.getWeights(), seen.get(r.best!.step));
    assert.equal(translatorLoss(model, d, d.validation), lowest.loss);
  } finally {
    model.dispose();
    await engine.dispose();
  }
});

test('trainTranslator with keepBest false ends with the last weights; validateEvery needs validation pairs', async () => {
  const d = conflictingData();
  const { engine, model } = await tinyModel(d);
  try {
    const r = trainTranslator(model, d, {
      ...overfitting(d),
      keepBest: false,
    });
    assert.ok(r.best!.step < r.steps);
    assert.equal(translatorLoss(model, d, d.validation), r.validation.at(-1)!.loss);
    assert.throws(
      () => trainTranslator(model, d, { maxSteps: 1, validateEvery: 5 }),
      /validateEvery = 5 needs validation pairs/,
    );
    assert.throws(
      () => trainTranslator(model, d, { maxSteps: 1, validation: d.validation, validateEvery: 2.5 }),
      /validateEvery must be an integer ≥ 0 \(0: never\), got 2\.5/,
    );
    const none = trainTranslator(model, d, { maxSteps: 2, batchSize: 8 });
    assert.deepEqual(none.validation, []);
    assert.equal(none.best, undefined);
  } finally {
    model.dispose();
    await engine.dispose();
  }
});

test('trainTranslator with lrDecay: on a plateau it goes back to the lowest weights and multiplies the learning rate', async () => {
  const d = conflictingData();
  const { engine, model } = await tinyModel(d);
  try {
    // What the loop does, observed from outside: the rate of every step and every weight restore.
    const rates: number[] = [];
    const restored: ReturnType<Seq2SeqModel['getWeights']>[] = [];
    const seen = new Map<number, ReturnType<Seq2SeqModel['getWeights']>>();
    const trainStep = model.trainStep.bind(model),
      setWeights = model.setWeights.bind(model);
    model.trainStep = (b, o) => (rates.push(o!.lr!), trainStep(b, o));
    model.setWeights = (w) => (restored.push(w), setWeights(w));
    const r = trainTranslator(model, d, {
      ...overfitting(d),
      lrDecay: 0.5,
      patience: 2,
      onValidate: (v) => seen.set(v.step, model.getWeights()),
    });
    assert.equal(rates.length, 43);
    assert.ok(r.lrChanges.length >= 1, 'the run must overfit and decay at least once for this test');
    // Independently: the first decay comes after the second measurement in a row above the lowest so far.
    let low = Infinity,
      worse = 0,
      first = -1;
    for (const v of r.validation) {
      if (v.loss < low) [low, worse] = [v.loss, 0];
      else if (++worse === 2) {
        first = v.step;
        break;
      }
    }
    assert.equal(r.lrChanges[0]!.step, first);
    assert.equal(r.lrChanges[0]!.lr, 0.025);
    r.lrChanges.forEach((c, i) => assert.equal(c.lr, 0.05 * 0.5 ** (i + 1)));
    // Each step's rate: 0.05 until the first decay, then halved at each change.
    rates.forEach((lr, i) => {
      const changes = r.lrChanges.filter((c) => c.step <= i).length;
      assert.equal(lr, 0.05 * 0.5 ** changes, `step ${i + 1}`);
    });
    // The first restore put back the weights of the lowest measurement before it.
    const before = r.validation.filter((v) => v.step < first);
    const lowest = before.reduce((a, b) => (b.loss < a.loss ? b : a));
    assert.deepEqual(restored[0], seen.get(lowest.step));
    assert.equal(translatorLoss(model, d, d.validation), r.best!.loss, 'it ends with the lowest weights');
    assert.throws(
      () => trainTranslator(model, d, { maxSteps: 1, lrDecay: 0.5 }),
      /lrDecay = 0\.5 needs validateEvery > 0/,
    );
    assert.throws(
      () =>
        trainTranslator(model, d, { maxSteps: 1, validation: d.validation, validateEvery: 1, lrDecay: 0 }),
      /lrDecay must be in \(0, 1\] \(1: never\), got 0/,
    );
    assert.throws(
      () =>
        trainTranslator(model, d, { maxSteps: 1, validation: d.validation, validateEvery: 1, patience: 0 }),
      /patience must be a positive integer, got 0/,
    );
    assert.throws(
      () => trainTranslator(model, d, { maxSteps: 1, wordDropout: 1 }),
      /wordDropout must be in \[0, 1\), got 1/,
    );
  } finally {
    model.dispose();
    await engine.dispose();
  }
});
