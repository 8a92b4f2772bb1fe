/**
 * `rnnlab summarize`: trains the summariser of chapter 10 (src/summarize: the chapter-9 encoder–decoder,
 * with the pointer-generator's copy mechanism unless --no-copy) on Debian's package descriptions within a
 * wall-clock budget, and reports test ROUGE against the lead-k, first-sentence and oracle baselines
 * with a paired-bootstrap interval; or, with `--checkpoint FILE "text"`, summarises a text.
 *
 *   rnnlab summarize [--copy|--no-copy] [--seconds N] [--steps N] [--beam K] [--threads N]
 *                    [--save FILE] [--predictions FILE] [--json]
 *   rnnlab summarize --checkpoint FILE "a long description …" [--beam K] [--json]
 */
import * as fs from 'node:fs';
import {
  Command,
  integerOption,
  numberOption,
  printJson,
  saveOption,
  stringOption,
  threadsOption,
  UsageError,
} from './command';
import { createEngine, trainingThreads } from '../engine/index';
import { tokenizeSummaryText } from '../data/index';
import { loadTranslator, saveTranslator } from '../seq2seq/index';
import { corpusRouge } from '../metrics/index';
import { progress } from '../train/index';
import { Rng } from '../tensor/index';
import {
  SUMMARIZE_PROTOCOL as P,
  loadSummaryData,
  summarizeTokens,
  baselines,
  compareRougeL,
  createSummarizer,
  evaluateSummarizer,
  rougeF1,
  summarizerLoss,
  trainSummarizer,
} from '../summarize/index';

/** A whole-number option. */
function intOption(
  args: Parameters<typeof numberOption>[0],
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  return integerOption(args, name, fallback, min, max);
}

/** Reads a predictions file of another run: one JSON object per line with `prediction` and `reference`. */
function readPredictions(file: string): { prediction: string; reference: string }[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`--compare ${file}: ${(err as Error).message}`);
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line, i) => {
      try {
        const o = JSON.parse(line) as { prediction?: unknown; reference?: unknown };
        if (typeof o.prediction !== 'string' || typeof o.reference !== 'string')
          throw new Error('no prediction and reference strings');
        return { prediction: o.prediction, reference: o.reference };
      } catch (err) {
        throw new UsageError(`--compare ${file}: line ${i + 1}: ${(err as Error).message}`);
      }
    });
}

export const command: Command = {
  name: 'summarize',
  summary:
    'train an abstractive summariser (pointer-generator) on Debian package descriptions and report ' +
    'test ROUGE against baselines; or summarise with a checkpoint',
  usage:
    '[--copy|--no-copy] [--seconds N] [--steps N] [--beam K] [--threads N] [--save FILE] ' +
    '[--predictions FILE] [--json] | --checkpoint FILE "text" …',
  options: {
    copy: {
      type: 'boolean',
      description: 'the pointer-generator: copy source words through the attention (the default)',
    },
    'no-copy': { type: 'boolean', description: 'the plain encoder–decoder with attention of chapter 9' },
    seconds: {
      type: 'string',
      description: 'wall-clock training budget in seconds',
      defaultText: `${P.seconds}; none with --steps`,
    },
    steps: {
      type: 'string',
      description:
        'stop after this many steps (and within --seconds only if that is given); ' +
        `--steps ${P.steps} --threads ${P.threads} reproduces the published figures (docs/summarization.md)`,
    },
    beam: {
      type: 'string',
      description: 'beam width for the test summaries; 1 = greedy search',
      defaultText: String(P.beamWidth),
    },
    'length-penalty': {
      type: 'string',
      description: "α of beam search's length normalisation log P / L^α",
      defaultText: String(P.lengthPenalty),
    },
    'no-repeat-ngram': {
      type: 'string',
      description: 'never repeat an n-gram of this length in a summary; 0 = off',
      defaultText: String(P.noRepeatNgram),
    },
    'max-len': {
      type: 'string',
      description: 'most tokens generated per summary, <eos> included',
      defaultText: String(P.maxLen),
    },
    batch: { type: 'string', description: 'pairs per training step', defaultText: String(P.batchSize) },
    lr: { type: 'string', description: "Adam's learning rate", defaultText: String(P.lr) },
    seed: {
      type: 'string',
      description: 'seed of the weights and the batch order (the split is fixed)',
      defaultText: String(P.seed),
    },
    'max-train': {
      type: 'string',
      description: 'train on the first N training pairs only (quick runs)',
      defaultText: 'all',
    },
    'test-pairs': {
      type: 'string',
      description: 'score the first N test pairs only (quick runs)',
      defaultText: 'all 2,000',
    },
    threads: {
      type: 'string',
      description: 'engine threads for training and decoding',
      defaultText: 'RNNLAB_THREADS, else the cores available',
    },
    save: { type: 'string', description: 'write the trained model to this checkpoint file' },
    predictions: {
      type: 'string',
      description: 'write one JSON line { source, reference, prediction } per test pair to this file',
    },
    compare: {
      type: 'string',
      description:
        "another run's --predictions file: paired-bootstrap interval of this run's ROUGE-L F1 " +
        "minus that one's",
    },
    checkpoint: {
      type: 'string',
      description: 'summarise the given texts with this checkpoint instead of training',
    },
    json: {
      type: 'boolean',
      description: 'print { rouge1, rouge2, rougeL, baselines, steps, … } (or { summaries }) as JSON',
    },
  },
  async run(args) {
    if (args.values.copy === true && args.values['no-copy'] === true)
      throw new UsageError('give --copy or --no-copy, not both');
    const copy = args.values['no-copy'] !== true;
    const decoding = {
      beamWidth: intOption(args, 'beam', P.beamWidth, 1, 64),
      lengthPenalty: numberOption(args, 'length-penalty', P.lengthPenalty, 0, 5),
      noRepeatNgram: intOption(args, 'no-repeat-ngram', P.noRepeatNgram, 0, 10),
      maxLen: intOption(args, 'max-len', P.maxLen, 1, 200),
    };
    const json = args.values.json === true;
    const checkpoint = stringOption(args, 'checkpoint');
    if (checkpoint !== undefined) {
      if (args.positionals.length === 0)
        throw new UsageError(
          '--checkpoint needs one or more texts to summarise, e.g. "foo is a tool that …"',
        );
      const sources = args.positionals.map((t, i) => {
        const tokens = tokenizeSummaryText(t).slice(0, 100);
        if (tokens.length === 0)
          throw new UsageError(`text ${i + 1} (${JSON.stringify(t)}) has no words to summarise`);
        return tokens;
      });
      const engine = await createEngine();
      try {
        let loaded: ReturnType<typeof loadTranslator>;
        try {
          loaded = loadTranslator(checkpoint, engine);
        } catch (err) {
          throw new UsageError(`--checkpoint ${checkpoint}: ${(err as Error).message}`);
        }
        const { model, srcVocab, tgtVocab } = loaded;
        const out = summarizeTokens(model, srcVocab, tgtVocab, sources, decoding);
        const summaries = out.map((s, i) => ({
          text: args.positionals[i]!,
          tokens: sources[i]!.join(' '),
          summary: s.tokens.join(' '),
          logProb: s.logProb,
        }));
        if (json) printJson({ checkpoint, copy: model.config.copy, decoding, summaries });
        else for (const s of summaries) console.log(s.summary);
        model.dispose();
      } finally {
        await engine.dispose();
      }
      return 0;
    }
    if (args.positionals.length > 0)
      throw new UsageError(`texts to summarise need --checkpoint FILE; got '${args.positionals[0]}'`);
    const maxSteps = args.values.steps === undefined ? undefined : intOption(args, 'steps', 0, 1, 1e9);
    // A step budget is the whole budget unless --seconds is given too: the figures then do not depend
    // on the machine's speed or load.
    const seconds =
      maxSteps !== undefined && args.values.seconds === undefined
        ? undefined
        : numberOption(args, 'seconds', P.seconds, 1, 86400);
    const batchSize = intOption(args, 'batch', P.batchSize, 1, 4096);
    const lr = numberOption(args, 'lr', P.lr, 1e-6, 1);
    const seed = intOption(args, 'seed', P.seed, 0, 2 ** 31);
    const maxTrain =
      args.values['max-train'] === undefined ? undefined : intOption(args, 'max-train', 0, 10, 1e9);
    const testPairs =
      args.values['test-pairs'] === undefined ? undefined : intOption(args, 'test-pairs', 0, 1, 1e9);
    const save = saveOption(args),
      predictionsFile = stringOption(args, 'predictions'),
      compareFile = stringOption(args, 'compare');
    const other = compareFile === undefined ? undefined : readPredictions(compareFile);
    const threads = threadsOption(args, trainingThreads);

    const data = loadSummaryData({ ...P, maxTrain });
    const test = testPairs === undefined ? data.test : data.test.slice(0, testPairs);
    if (other && other.length !== test.length)
      throw new UsageError(
        `--compare ${compareFile} has ${other.length} predictions for ${test.length} test pairs`,
      );
    if (other && other.some((o, i) => o.reference !== test[i]!.tgt.join(' ')))
      throw new UsageError(`--compare ${compareFile}: its references are not this run's test pairs in order`);
    process.stderr.write(
      `summarize: ${data.train.length} training pairs, ${data.validation.length} validation, ` +
        `${test.length} test; vocabularies ${data.srcVocab.size} (input) and ${data.tgtVocab.size} (synopsis)\n`,
    );
    const base = baselines(data.validation, test, P.leadKs);
    process.stderr.write(
      `summarize: baselines on test — lead-${base.lead.k} ROUGE-L ${base.lead.rougeL.toFixed(2)}, ` +
        `first sentence ${base.firstSentence.rougeL.toFixed(2)}, oracle span ${base.oracle.rougeL.toFixed(2)}\n`,
    );
    const engine = await createEngine({ threads });
    try {
      const model = createSummarizer(engine, data, P, copy, seed);
      const c = model.config;
      process.stderr.write(
        `summarize: ${c.cell.toUpperCase()} encoder–decoder${copy ? ' + copy (pointer-generator)' : ''}, ` +
          `${c.numLayers}×${c.numHiddens}, attention ${c.attention}, ` +
          `${model.numParams.toLocaleString('en')} parameters; ${engine.describe()}\n`,
      );
      const byTime = seconds !== undefined;
      const bar = progress({
        label: 'summarize',
        total: seconds ?? maxSteps ?? 0,
        unit: byTime ? 's' : 'steps',
      });
      const r = trainSummarizer(model, data, {
        seconds,
        maxSteps,
        seed,
        batchSize,
        lr,
        clip: P.clip,
        onStep: (i) => bar.update(byTime ? i.elapsed : i.step, { step: i.step, loss: i.smoothLoss }),
      });
      bar.done({ step: r.steps, loss: r.trainLoss });
      const valLoss = summarizerLoss(model, data, data.validation);
      process.stderr.write(
        `summarize: validation loss ${valLoss.toFixed(4)} nats/token; summarising ${test.length} test ` +
          `inputs (${decoding.beamWidth === 1 ? 'greedy' : `beam ${decoding.beamWidth}`})…\n`,
      );
      const t0 = performance.now();
      const { rouge, summaries } = evaluateSummarizer(model, data, test, decoding);
      const decodeSeconds = (performance.now() - t0) / 1000;
      const vsLead = compareRougeL(rouge, base.corpus.lead, P.bootstrapSamples, seed);
      const vsCompare = other
        ? compareRougeL(
            rouge,
            corpusRouge(
              other.map((o) => o.prediction),
              other.map((o) => o.reference),
            ),
            P.bootstrapSamples,
            seed,
          )
        : undefined;
      const lines = test.map((p, i) => ({
        package: p.package,
        source: p.src.join(' '),
        reference: p.tgt.join(' '),
        prediction: summaries[i]!.tokens.join(' '),
      }));
      if (predictionsFile) {
        fs.writeFileSync(
          predictionsFile,
          lines
            .map(({ source, reference, prediction }) => JSON.stringify({ source, reference, prediction }))
            .join('\n') + '\n',
        );
        process.stderr.write(`summarize: wrote ${lines.length} predictions to ${predictionsFile}\n`);
      }
      if (save) {
        const bytes = saveTranslator(save, model, data.srcVocab, data.tgtVocab, {
          task: 'summarize',
          rougeL: rouge.rougeL.f1,
          valLoss,
          trainLoss: r.trainLoss,
          seconds: r.seconds,
          date: new Date().toISOString(),
        });
        process.stderr.write(`summarize: saved ${save} (${(bytes / 2 ** 20).toFixed(1)} MiB)\n`);
      }
      const examples = new Rng(seed + 1)
        .permutation(test.length)
        .slice(0, 6)
        .map((i) => ({
          ...lines[i]!,
          copiedWords: summaries[i]!.raw.filter((_, k) => summaries[i]!.copiedOov[k]),
          rougeL: 100 * rouge.pairs[i]!.rougeL.f1,
        }));
      const result = {
        ...rougeF1(rouge),
        rougeDetail: { rouge1: rouge.rouge1, rouge2: rouge.rouge2, rougeL: rouge.rougeL },
        baselines: { lead: base.lead, firstSentence: base.firstSentence, oracle: base.oracle },
        rougeLVsLead: vsLead,
        ...(vsCompare ? { rougeLVsCompare: { file: compareFile, ...vsCompare } } : {}),
        copy,
        steps: r.steps,
        seconds: r.seconds,
        epochs: r.epochs,
        trainLoss: r.trainLoss,
        valLoss,
        training: { batchSize, lr, clip: P.clip, seed },
        decoding: { ...decoding, decodeSeconds },
        model: { ...c, parameters: model.numParams },
        data: {
          set: 'debian-descriptions',
          train: data.train.length,
          validation: data.validation.length,
          test: test.length,
        },
        engine: engine.describe(),
        threads,
        examples,
      };
      model.dispose();
      if (json) printJson(result);
      else {
        console.log(
          `test ROUGE-1/2/L F1 ${result.rouge1.toFixed(2)} / ${result.rouge2.toFixed(2)} / ` +
            `${result.rougeL.toFixed(2)} (${copy ? 'copy' : 'no copy'}), ${r.steps} steps in ${r.seconds.toFixed(0)} s`,
        );
        console.log(
          `  lead-${base.lead.k} ${base.lead.rougeL.toFixed(2)}, first sentence ` +
            `${base.firstSentence.rougeL.toFixed(2)}, oracle ${base.oracle.rougeL.toFixed(2)}; ROUGE-L minus lead ` +
            `${vsLead.difference.toFixed(2)} [${vsLead.low.toFixed(2)}, ${vsLead.high.toFixed(2)}]`,
        );
        for (const e of examples)
          console.log(`  ${e.package}: ${e.prediction}    (reference: ${e.reference})`);
      }
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};
