/**
 * `rnnlab translate`: trains the English→French (or, with `--pair eng-cmn`, English→Chinese) translator
 * (src/seq2seq) within a wall-clock budget on data/fra-eng (data/cmn-eng) and reports test BLEU, chrF and
 * example translations; or, with `--checkpoint FILE "sentence"`, translates with a saved model.
 *
 *   rnnlab translate [--pair eng-fra|eng-cmn] [--attention additive|dot|scaled-dot|none] [--seconds N] [--beam K] [--threads N] [--save FILE] [--json]
 *   rnnlab translate --checkpoint FILE "i am cold ." ["another sentence" …] [--beam K] [--json]
 */
import {
  Command,
  checkpointOption,
  choiceOption,
  integerOption,
  numberOption,
  printJson,
  refuseOptions,
  saveOption,
  threadsOption,
  UsageError,
} from './command';
import { createEngine, trainingThreads } from '../engine';
import { splitDigest, sourceOverlap } from '../data';
import { cmnFullArgs, TRANSLATOR_PROTOCOL } from '../seq2seq';
import { SEQ2SEQ_ATTENTIONS, seq2seqConfig } from '../seq2seq';
import { Seq2SeqModel } from '../seq2seq';
import { trainTranslator, translatorLoss } from '../seq2seq';
import { MAX_SOURCE_TOKENS, translate } from '../seq2seq';
import { evaluatePair, languagePair, PAIR_NAMES } from '../seq2seq';
import { loadTranslator, saveTranslator } from '../seq2seq';
import { sentenceBleu } from '../metrics';
import { progress } from '../train';
import { Rng } from '../tensor';

/** The translator's protocol: every default below. */
const P = TRANSLATOR_PROTOCOL;

/** The options that only training uses: refused with --checkpoint. */
const TRAINING_OPTIONS = [
  'pair',
  'attention',
  'cell',
  'seconds',
  'steps',
  'batch',
  'lr',
  'bucket',
  'data',
  'seed',
  'save',
  'save-every',
  'validate-every',
  'dropout',
  'word-dropout',
  'lr-decay',
  'patience',
] as const;

export const command: Command = {
  name: 'translate',
  summary:
    'train an English→French (or →Chinese) encoder–decoder within a time budget and report test BLEU and chrF; or translate with a checkpoint',
  usage:
    '[--pair eng-fra|eng-cmn] [--attention additive|dot|scaled-dot|none] [--seconds N] [--beam K] [--threads N] [--save FILE] [--json] | --checkpoint FILE "sentence" …',
  options: {
    pair: {
      type: 'string',
      description:
        "language pair: eng-fra (data/fra-eng) or eng-cmn (data/cmn-eng, Chinese per character, BLEU with sacrebleu's zh tokenisation)",
      defaultText: P.pair,
    },
    attention: {
      type: 'string',
      description: 'attention score: additive (Bahdanau), dot, scaled-dot (Luong, /√d) or none',
      defaultText: P.attention,
    },
    cell: { type: 'string', description: 'recurrent cell: gru or lstm', defaultText: P.cell },
    seconds: {
      type: 'string',
      description: 'wall-clock training budget in seconds',
      defaultText: `${P.seconds}; none with --steps`,
    },
    steps: {
      type: 'string',
      description: `stop after this many steps (with --seconds too, whichever comes first); the long English→Chinese run: ${cmnFullArgs().join(' ')}`,
    },
    'validate-every': {
      type: 'string',
      description:
        'measure the validation loss every N steps and after the last, and end with the weights of the lowest; 0 = never',
      defaultText: String(P.validateEvery),
    },
    dropout: {
      type: 'string',
      description: 'dropout between the stacked recurrent layers while training',
      defaultText: String(P.dropout),
    },
    'word-dropout': {
      type: 'string',
      description:
        'replace each training source word and decoder input by <unk> with this probability (word dropout)',
      defaultText: String(P.wordDropout),
    },
    'lr-decay': {
      type: 'string',
      description:
        'on a validation plateau (--patience measurements without a new lowest), go back to the lowest weights and multiply the learning rate by this; 1 = never',
      defaultText: String(P.lrDecay),
    },
    patience: {
      type: 'string',
      description: 'validations without a new lowest loss before --lr-decay acts',
      defaultText: String(P.patience),
    },
    beam: {
      type: 'string',
      description: 'beam width for the test translations; 1 = greedy search',
      defaultText: String(P.beamWidth),
    },
    'length-penalty': {
      type: 'string',
      description: "α of beam search's length normalisation log P / L^α",
      defaultText: String(P.lengthPenalty),
    },
    'max-len': {
      type: 'string',
      description: 'most tokens generated per sentence, <eos> included',
      defaultText: String(P.maxLen),
    },
    batch: {
      type: 'string',
      description: 'sentence pairs per training step',
      defaultText: String(P.batchSize),
    },
    lr: { type: 'string', description: "Adam's learning rate", defaultText: String(P.lr) },
    bucket: {
      type: 'string',
      description:
        'sort pools of this many batches by length (less padding, but learns slower per step: see docs/translation.md); 0 = plain random batches',
      defaultText: String(P.bucketBatches),
    },
    data: {
      type: 'string',
      description: 'pairs file: fra.txt or fra-small.txt (eng-fra); cmn-simplified.txt or cmn.txt (eng-cmn)',
      defaultText: `${P.data} / cmn-simplified.txt`,
    },
    seed: {
      type: 'string',
      description: 'seed of the weights and the batch order (the split is fixed)',
      defaultText: String(P.seed),
    },
    threads: {
      type: 'string',
      description: 'engine threads for training and decoding (the large matrix products split across them)',
      defaultText: 'RNNLAB_THREADS, else the cores available',
    },
    save: { type: 'string', description: 'write the trained model to this checkpoint file' },
    'save-every': {
      type: 'string',
      description: 'with --save, also rewrite the checkpoint every N training seconds',
      defaultText: String(P.saveEvery),
    },
    checkpoint: {
      type: 'string',
      description: 'translate the given sentences with this checkpoint instead of training',
    },
    json: {
      type: 'boolean',
      description: 'print { bleu, chrf, steps, examples, … } (or { translations }) as JSON',
    },
  },
  async run(args) {
    // Everything is checked here, before the data or a checkpoint is read or the engine started.
    const beamWidth = integerOption(args, 'beam', P.beamWidth, 1, 64);
    const lengthPenalty = numberOption(args, 'length-penalty', P.lengthPenalty, 0, 5);
    const maxLen = integerOption(args, 'max-len', P.maxLen, 1, 200);
    const decoding = { beamWidth, lengthPenalty, maxLen };
    const json = args.values.json === true;
    // Read before any engine is created, for training and for --checkpoint alike.
    const threads = threadsOption(args, trainingThreads);
    const checkpoint = checkpointOption(args);
    if (checkpoint !== undefined) {
      refuseOptions(args, TRAINING_OPTIONS, 'with --checkpoint (they are training options)');
      if (args.positionals.length === 0) {
        throw new UsageError('--checkpoint needs one or more sentences to translate, e.g. "i am cold ."');
      }
      // Empty text is refused before the checkpoint is read; token counts need its language pair.
      const sentence = (i: number): string => {
        const text = args.positionals[i]!;
        return `sentence ${i + 1} (${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)})`;
      };
      args.positionals.forEach((text, i) => {
        if (text.trim() === '') throw new UsageError(`${sentence(i)} is empty: nothing to translate`);
      });
      const engine = await createEngine({ threads });
      try {
        const { model, srcVocab, tgtVocab, meta } = loadTranslator(checkpoint, engine);
        const pair = languagePair(typeof meta.pair === 'string' ? meta.pair : 'eng-fra'); // checkpoints before --pair: eng-fra
        const sources = args.positionals.map((text, i) => {
          const tokens = pair.tokenizeSource(text);
          if (tokens.length === 0) throw new UsageError(`${sentence(i)} is empty: nothing to translate`);
          if (tokens.length > MAX_SOURCE_TOKENS) {
            throw new UsageError(
              `${sentence(i)} has ${tokens.length} tokens; at most ${MAX_SOURCE_TOKENS} are translated`,
            );
          }
          return tokens;
        });
        const out = translate(model, srcVocab, tgtVocab, sources, decoding);
        const translations = out.map((t, i) => ({
          source: args.positionals[i]!,
          tokens: t.source.slice(0, -1).join(' '),
          translation: pair.detokenize(t.tokens),
          logProb: t.logProb,
        }));
        if (json) printJson({ checkpoint, pair: pair.name, decoding, threads: engine.threads, translations });
        else for (const t of translations) console.log(`${t.source}  →  ${t.translation}`);
        model.dispose();
      } finally {
        await engine.dispose();
      }
      return 0;
    }
    if (args.positionals.length > 0)
      throw new UsageError(`sentences to translate need --checkpoint FILE; got '${args.positionals[0]}'`);
    const attention = choiceOption(args, 'attention', SEQ2SEQ_ATTENTIONS, P.attention);
    const cell = choiceOption(args, 'cell', ['gru', 'lstm'] as const, P.cell);
    const pair = languagePair(choiceOption(args, 'pair', PAIR_NAMES, P.pair));
    const file = choiceOption(args, 'data', pair.files, pair.name === 'eng-fra' ? P.data : pair.files[0]!);
    const maxSteps = args.values.steps === undefined ? undefined : integerOption(args, 'steps', 0, 1, 1e9);
    // A step budget alone is reproducible whatever the machine's load: no time budget unless asked.
    const seconds =
      maxSteps !== undefined && args.values.seconds === undefined
        ? undefined
        : numberOption(args, 'seconds', P.seconds, 1, 86400);
    const validateEvery = integerOption(args, 'validate-every', P.validateEvery, 0, 1e9);
    const bucketBatches = integerOption(args, 'bucket', P.bucketBatches, 0, 10000);
    const batchSize = integerOption(args, 'batch', P.batchSize, 1, 4096);
    const lr = numberOption(args, 'lr', P.lr, 1e-6, 1);
    const dropout = numberOption(args, 'dropout', P.dropout, 0, 0.95);
    const wordDropout = numberOption(args, 'word-dropout', P.wordDropout, 0, 0.95);
    const lrDecay = numberOption(args, 'lr-decay', P.lrDecay, 1e-6, 1);
    const patience = integerOption(args, 'patience', P.patience, 1, 1000);
    if (lrDecay < 1 && validateEvery === 0)
      throw new UsageError(`--lr-decay ${lrDecay} needs validation: --validate-every must be above 0`);
    const seed = integerOption(args, 'seed', P.seed, 0, 2 ** 31 - 1);
    const save = saveOption(args);
    if (save === undefined) refuseOptions(args, ['save-every'], 'without --save');
    const saveEvery = numberOption(args, 'save-every', P.saveEvery, 1, 86400);

    const data = pair.load({ file });
    process.stderr.write(
      `translate: ${pair.name}, ${data.train.length} training pairs, ${data.validation.length} validation, ${data.test.length} test; vocabularies ${data.srcVocab.size} (English) and ${data.tgtVocab.size} (${pair.target})\n`,
    );
    const config = seq2seqConfig({
      cell,
      attention,
      dropout,
      srcVocabSize: data.srcVocab.size,
      tgtVocabSize: data.tgtVocab.size,
    });
    const engine = await createEngine({ threads });
    try {
      const model = new Seq2SeqModel(engine, config, seed);
      process.stderr.write(
        `translate: ${config.cell.toUpperCase()} encoder–decoder, ${config.numLayers} layers of ${config.numHiddens}, attention ${attention}, ${model.numParams.toLocaleString('en')} parameters; ${engine.describe()}\n`,
      );
      const bar =
        seconds !== undefined
          ? progress({ label: 'translate', total: seconds, unit: 's' })
          : progress({ label: 'translate', total: maxSteps!, unit: 'steps' });
      const cpu0 = process.cpuUsage();
      const r = trainTranslator(model, data, {
        seconds,
        maxSteps,
        seed,
        bucketBatches,
        batchSize,
        lr,
        clip: P.clip,
        wordDropout,
        lrDecay,
        patience,
        onStep: (i) =>
          bar.update(seconds !== undefined ? i.elapsed : i.step, { step: i.step, loss: i.smoothLoss }),
        validation: validateEvery > 0 ? data.validation : undefined,
        validateEvery,
        onValidate: (v) =>
          process.stderr.write(`\ntranslate: step ${v.step}, validation loss ${v.loss.toFixed(4)}\n`),
        // Nothing lost on a crash: the checkpoint is rewritten (atomically) during training too.
        checkpointEvery: save !== undefined ? saveEvery : 0,
        onCheckpoint: (i) => {
          const meta = {
            pair: pair.name,
            trainLoss: i.smoothLoss,
            seconds: i.elapsed,
            partial: true,
            date: new Date().toISOString(),
          };
          if (save !== undefined) saveTranslator(save, model, data.srcVocab, data.tgtVocab, meta);
        },
      });
      const cpu = process.cpuUsage(cpu0);
      bar.done({ step: r.steps, loss: r.trainLoss });
      const valLoss = translatorLoss(model, data, data.validation);
      // Saved before the test set is decoded (which takes a while), and again with BLEU afterwards.
      if (save !== undefined) {
        const meta = {
          pair: pair.name,
          valLoss,
          trainLoss: r.trainLoss,
          seconds: r.seconds,
          trainedSteps: r.steps,
          bestStep: r.best?.step ?? r.steps,
          date: new Date().toISOString(),
        };
        saveTranslator(save, model, data.srcVocab, data.tgtVocab, meta);
      }
      process.stderr.write(
        `translate: validation loss ${valLoss.toFixed(4)} nats/token; translating ${data.test.length} test sentences (${beamWidth === 1 ? 'greedy' : `beam ${beamWidth}`})…\n`,
      );
      const t0 = performance.now();
      const { bleu, chrf, translations } = evaluatePair(model, pair, data, data.test, decoding);
      const decodeSeconds = (performance.now() - t0) / 1000;
      const greedy =
        beamWidth > 1
          ? evaluatePair(model, pair, data, data.test, { ...decoding, beamWidth: 1 })
          : { bleu, chrf };
      const fixed = translate(
        model,
        data.srcVocab,
        data.tgtVocab,
        pair.examples.map(([en]) => en.split(' ')),
        decoding,
      ).map((t, i) => {
        const [source, reference] = pair.examples[i]!;
        return {
          source,
          reference,
          translation: pair.detokenize(t.tokens),
          bleu2: sentenceBleu(t.tokens, pair.tokenizeTarget(reference), 2),
        };
      });
      const pick = new Rng(seed + 1).permutation(data.test.length).slice(0, 6);
      const examples = [
        ...fixed,
        ...pick.map((i) => ({
          source: data.test[i]!.src.join(' '),
          reference: pair.detokenize(data.test[i]!.tgt),
          translation: pair.detokenize(translations[i]!.tokens),
          bleu2: sentenceBleu(translations[i]!.tokens, data.test[i]!.tgt, 2),
        })),
      ];
      if (save !== undefined) {
        const bytes = saveTranslator(save, model, data.srcVocab, data.tgtVocab, {
          pair: pair.name,
          bleu: bleu.score,
          chrf: chrf.score,
          valLoss,
          trainLoss: r.trainLoss,
          seconds: r.seconds,
          trainedSteps: r.steps,
          bestStep: r.best?.step ?? r.steps,
          date: new Date().toISOString(),
        });
        process.stderr.write(`translate: saved ${save} (${(bytes / 2 ** 20).toFixed(1)} MiB)\n`);
      }
      const result = {
        pair: pair.name,
        bleu: bleu.score,
        bleuGreedy: greedy.bleu.score,
        bleuTokenize: pair.bleuTokenize,
        chrf: chrf.score,
        chrfGreedy: greedy.chrf.score,
        steps: r.steps,
        seconds: r.seconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        epochs: r.epochs,
        // The budget as asked: seconds null with --steps alone (then the steps alone decide).
        training: {
          batchSize,
          lr,
          clip: P.clip,
          bucketBatches,
          seed,
          budget: { seconds: seconds ?? null, steps: maxSteps ?? null },
          validateEvery,
          wordDropout,
          lrDecay,
          patience,
          /** Each learning-rate reduction (--lr-decay): after which step, and the new rate. */
          lrChanges: r.lrChanges,
        },
        trainLoss: r.trainLoss,
        valLoss,
        /** Validation losses measured during training; the model kept is the lowest's (bestStep). */
        validation: r.validation,
        bestStep: r.best?.step ?? r.steps,
        bleuDetail: { precisions: bleu.precisions, bp: bleu.bp, hypLen: bleu.hypLen, refLen: bleu.refLen },
        decoding: { ...decoding, decodeSeconds },
        model: { ...config, parameters: model.numParams },
        data: {
          pair: pair.name,
          file,
          train: data.train.length,
          validation: data.validation.length,
          test: data.test.length,
          splitSha256: splitDigest(data),
          testSourcesSeenInTraining: sourceOverlap(data.test, data.train),
        },
        engine: engine.describe(),
        threads,
        examples,
      };
      model.dispose();
      if (json) printJson(result);
      else {
        console.log(
          `test BLEU-4 ${bleu.score.toFixed(2)} (tokenize ${pair.bleuTokenize}), chrF ${chrf.score.toFixed(2)} (${beamWidth === 1 ? 'greedy' : `beam ${beamWidth}; greedy ${greedy.bleu.score.toFixed(2)} / ${greedy.chrf.score.toFixed(2)}`}), ${r.steps} steps in ${r.seconds.toFixed(0)} s, validation loss ${valLoss.toFixed(3)}`,
        );
        for (const e of examples)
          console.log(`  ${e.source}  →  ${e.translation}    (reference: ${e.reference})`);
      }
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};
