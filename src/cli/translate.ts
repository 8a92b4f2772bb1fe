/**
 * `rnnlab translate`: trains the English→French translator (src/seq2seq) within a wall-clock budget on
 * data/fra-eng and reports test BLEU and example translations; or, with `--checkpoint FILE "sentence"`,
 * translates with a saved model.
 *
 *   rnnlab translate [--attention additive|dot|scaled-dot|none] [--seconds N] [--beam K] [--threads N] [--save FILE] [--json]
 *   rnnlab translate --checkpoint FILE "i am cold ." ["another sentence" …] [--beam K] [--json]
 */
import { Command, choiceOption, numberOption, printJson, stringOption, threadsOption, UsageError } from './command';
import { createEngine, trainingThreads } from '../engine/engine';
import { loadTranslationData, splitDigest, sourceOverlap } from '../data/translation';
import { TRANSLATOR_PROTOCOL } from '../seq2seq/protocol';
import { SEQ2SEQ_ATTENTIONS, seq2seqConfig } from '../seq2seq/config';
import { Seq2SeqModel } from '../seq2seq/model';
import { trainTranslator, translatorLoss } from '../seq2seq/train';
import { D2L_EXAMPLES, evaluateBleu, tokenizeSource, translate } from '../seq2seq/translate';
import { loadTranslator, saveTranslator } from '../seq2seq/persist';
import { sentenceBleu } from '../metrics/bleu';
import { progress } from '../train/progress';
import { Rng } from '../tensor/rng';

/** The translator's protocol: every default below. */
const P = TRANSLATOR_PROTOCOL;

export const command: Command = {
  name: 'translate',
  summary: 'train an English→French encoder–decoder within a time budget and report test BLEU; or translate with a checkpoint',
  usage: '[--attention additive|dot|scaled-dot|none] [--seconds N] [--beam K] [--threads N] [--save FILE] [--json] | --checkpoint FILE "sentence" …',
  options: {
    attention: { type: 'string', description: 'attention score: additive (Bahdanau), dot, scaled-dot (Luong, /√d) or none', defaultText: P.attention },
    cell: { type: 'string', description: 'recurrent cell: gru or lstm', defaultText: P.cell },
    seconds: { type: 'string', description: 'wall-clock training budget in seconds', defaultText: String(P.seconds) },
    steps: { type: 'string', description: 'stop after this many steps (also within --seconds)' },
    beam: { type: 'string', description: 'beam width for the test translations; 1 = greedy search', defaultText: String(P.beamWidth) },
    'length-penalty': { type: 'string', description: 'α of beam search\'s length normalisation log P / L^α', defaultText: String(P.lengthPenalty) },
    'max-len': { type: 'string', description: 'most tokens generated per sentence, <eos> included', defaultText: String(P.maxLen) },
    batch: { type: 'string', description: 'sentence pairs per training step', defaultText: String(P.batchSize) },
    lr: { type: 'string', description: "Adam's learning rate", defaultText: String(P.lr) },
    bucket: { type: 'string', description: 'sort pools of this many batches by length (less padding, but learns slower per step: see docs/translation.md); 0 = plain random batches', defaultText: String(P.bucketBatches) },
    data: { type: 'string', description: 'pairs file in data/fra-eng: fra.txt or fra-small.txt', defaultText: P.data },
    seed: { type: 'string', description: 'seed of the weights and the batch order (the split is fixed)', defaultText: String(P.seed) },
    threads: { type: 'string', description: 'engine threads for training and decoding (the large matrix products split across them)', defaultText: 'RNNLAB_THREADS, else the cores available' },
    save: { type: 'string', description: 'write the trained model to this checkpoint file' },
    checkpoint: { type: 'string', description: 'translate the given sentences with this checkpoint instead of training' },
    json: { type: 'boolean', description: 'print { bleu, steps, examples, … } (or { translations }) as JSON' },
  },
  async run(args) {
    const beamWidth = numberOption(args, 'beam', P.beamWidth, 1, 64);
    if (!Number.isInteger(beamWidth)) throw new UsageError(`--beam must be a whole number; got '${String(args.values.beam)}'`);
    const lengthPenalty = numberOption(args, 'length-penalty', P.lengthPenalty, 0, 5);
    const maxLen = numberOption(args, 'max-len', P.maxLen, 1, 200);
    const decoding = { beamWidth, lengthPenalty, maxLen };
    const json = args.values.json === true;
    // Read before any engine is created, for training and for --checkpoint alike.
    const threads = threadsOption(args, trainingThreads());
    const checkpoint = stringOption(args, 'checkpoint');
    if (checkpoint !== undefined) {
      if (args.positionals.length === 0) throw new UsageError('--checkpoint needs one or more sentences to translate, e.g. "i am cold ."');
      const engine = await createEngine({ threads });
      try {
        const { model, srcVocab, tgtVocab } = loadTranslator(checkpoint, engine);
        const sources = args.positionals.map(tokenizeSource);
        const out = translate(model, srcVocab, tgtVocab, sources, decoding);
        const translations = out.map((t, i) => ({ source: args.positionals[i]!, tokens: t.source.slice(0, -1).join(' '), translation: t.tokens.join(' '), logProb: t.logProb }));
        if (json) printJson({ checkpoint, decoding, threads: engine.threads, translations });
        else for (const t of translations) console.log(`${t.source}  →  ${t.translation}`);
        model.dispose();
      } finally {
        await engine.dispose();
      }
      return 0;
    }
    if (args.positionals.length > 0) throw new UsageError(`sentences to translate need --checkpoint FILE; got '${args.positionals[0]}'`);
    const attention = choiceOption(args, 'attention', SEQ2SEQ_ATTENTIONS, P.attention);
    const cell = choiceOption(args, 'cell', ['gru', 'lstm'] as const, P.cell);
    const file = choiceOption(args, 'data', ['fra.txt', 'fra-small.txt'] as const, P.data);
    const seconds = numberOption(args, 'seconds', P.seconds, 1, 86400);
    const maxSteps = args.values.steps === undefined ? undefined : numberOption(args, 'steps', 0, 1, 1e9);
    const bucketBatches = numberOption(args, 'bucket', P.bucketBatches, 0, 10000);
    const batchSize = numberOption(args, 'batch', P.batchSize, 1, 4096);
    if (!Number.isInteger(batchSize)) throw new UsageError(`--batch must be a whole number; got '${String(args.values.batch)}'`);
    const lr = numberOption(args, 'lr', P.lr, 1e-6, 1);
    const seed = numberOption(args, 'seed', P.seed, 0, 2 ** 31);
    const save = stringOption(args, 'save');

    const data = loadTranslationData({ file });
    process.stderr.write(`translate: ${data.train.length} training pairs, ${data.validation.length} validation, ${data.test.length} test; vocabularies ${data.srcVocab.size} (en) and ${data.tgtVocab.size} (fr)\n`);
    const config = seq2seqConfig({ cell, attention, srcVocabSize: data.srcVocab.size, tgtVocabSize: data.tgtVocab.size });
    const engine = await createEngine({ threads });
    try {
      const model = new Seq2SeqModel(engine, config, seed);
      process.stderr.write(`translate: ${config.cell.toUpperCase()} encoder–decoder, ${config.numLayers} layers of ${config.numHiddens}, attention ${attention}, ${model.numParams.toLocaleString('en')} parameters; ${engine.describe()}\n`);
      const bar = progress({ label: 'translate', total: seconds, unit: 's' });
      const cpu0 = process.cpuUsage();
      const r = trainTranslator(model, data, { seconds, maxSteps, seed, bucketBatches, batchSize, lr, clip: P.clip, onStep: (i) => bar.update(i.elapsed, { step: i.step, loss: i.smoothLoss }) });
      const cpu = process.cpuUsage(cpu0);
      bar.done({ step: r.steps, loss: r.trainLoss });
      const valLoss = translatorLoss(model, data, data.validation);
      process.stderr.write(`translate: validation loss ${valLoss.toFixed(4)} nats/token; translating ${data.test.length} test sentences (${beamWidth === 1 ? 'greedy' : `beam ${beamWidth}`})…\n`);
      const t0 = performance.now();
      const { bleu, translations } = evaluateBleu(model, data.srcVocab, data.tgtVocab, data.test, decoding);
      const decodeSeconds = (performance.now() - t0) / 1000;
      const bleuGreedy = beamWidth > 1 ? evaluateBleu(model, data.srcVocab, data.tgtVocab, data.test, { ...decoding, beamWidth: 1 }).bleu.score : bleu.score;
      const d2l = translate(model, data.srcVocab, data.tgtVocab, D2L_EXAMPLES.map(([en]) => en.split(' ')), decoding)
        .map((t, i) => ({ source: D2L_EXAMPLES[i]![0], reference: D2L_EXAMPLES[i]![1], translation: t.tokens.join(' '), bleu2: sentenceBleu(t.tokens, D2L_EXAMPLES[i]![1].split(' '), 2) }));
      const pick = new Rng(seed + 1).permutation(data.test.length).slice(0, 6);
      const examples = [
        ...d2l,
        ...pick.map((i) => ({ source: data.test[i]!.src.join(' '), reference: data.test[i]!.tgt.join(' '), translation: translations[i]!.tokens.join(' '), bleu2: sentenceBleu(translations[i]!.tokens, data.test[i]!.tgt, 2) })),
      ];
      if (save) {
        const bytes = saveTranslator(save, model, data.srcVocab, data.tgtVocab, { bleu: bleu.score, valLoss, trainLoss: r.trainLoss, seconds: r.seconds, date: new Date().toISOString() });
        process.stderr.write(`translate: saved ${save} (${(bytes / 2 ** 20).toFixed(1)} MiB)\n`);
      }
      const result = {
        bleu: bleu.score,
        bleuGreedy,
        steps: r.steps,
        seconds: r.seconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        epochs: r.epochs,
        training: { batchSize, lr, clip: P.clip, bucketBatches, seed },
        trainLoss: r.trainLoss,
        valLoss,
        bleuDetail: { precisions: bleu.precisions, bp: bleu.bp, hypLen: bleu.hypLen, refLen: bleu.refLen },
        decoding: { ...decoding, decodeSeconds },
        model: { ...config, parameters: model.numParams },
        data: { file, train: data.train.length, validation: data.validation.length, test: data.test.length, splitSha256: splitDigest(data), testSourcesSeenInTraining: sourceOverlap(data.test, data.train) },
        engine: engine.describe(), threads,
        examples,
      };
      model.dispose();
      if (json) printJson(result);
      else {
        console.log(`test BLEU-4 ${bleu.score.toFixed(2)} (${beamWidth === 1 ? 'greedy' : `beam ${beamWidth}; greedy ${bleuGreedy.toFixed(2)}`}), ${r.steps} steps in ${r.seconds.toFixed(0)} s, validation loss ${valLoss.toFixed(3)}`);
        for (const e of examples) console.log(`  ${e.source}  →  ${e.translation}    (reference: ${e.reference})`);
      }
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};
