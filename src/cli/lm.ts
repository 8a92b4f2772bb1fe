/**
 * `rnnlab lm [--corpus tinyshakespeare|timemachine] [--model rnn|gru|lstm|transformer] [--seconds N | --steps N] [--save FILE] [--json]`:
 * trains a character language model within a wall-clock budget, with the protocol of the headline
 * number (src/lm/protocol.ts), a progress bar on stderr; reports steps, training loss, validation loss
 * and perplexity and a sample, and saves a checkpoint that `rnnlab generate` reads.
 */
import { Command, choiceOption, numberOption, printJson, stringOption, threadsOption, UsageError } from './command';
import { createEngine, Engine, trainingThreads } from '../engine/engine';
import { CORPORA } from '../data/corpus';
import { LM_MODELS } from '../lm/model';
import { LM_BACKENDS } from '../lm/create';
import { defaultPrime, LM_PROTOCOL, TRANSFORMER_PROTOCOL, trainOnCorpus } from '../lm/index';
import { generate } from '../lm/sample';
import { saveLanguageModel } from '../lm/persist';
import { uniformLoss } from '../lm/ngram';
import { progress } from '../train/progress';

export const command: Command = {
  name: 'lm',
  summary: 'train a character language model within a time budget; report validation perplexity and a sample',
  usage: '[--corpus tinyshakespeare|timemachine] [--model rnn|gru|lstm|transformer] [--seconds N] [--threads N] [--save FILE] [--json]',
  options: {
    corpus: { type: 'string', description: `training text: ${CORPORA.join(', ')}`, defaultText: LM_PROTOCOL.corpus },
    model: { type: 'string', description: `architecture: ${LM_MODELS.join(', ')} (transformer: TRANSFORMER_PROTOCOL in src/lm/protocol.ts)`, defaultText: LM_PROTOCOL.cell },
    seconds: { type: 'string', description: 'wall-clock training budget in seconds (validation not included)', defaultText: `${LM_PROTOCOL.seconds}, or none with --steps` },
    steps: { type: 'string', description: 'stop after this many training steps' },
    save: { type: 'string', description: 'write a checkpoint (weights, config, vocabulary) to this file' },
    'save-every': { type: 'string', description: 'with --save, also rewrite the checkpoint every N training seconds', defaultText: String(LM_PROTOCOL.saveEvery) },
    seed: { type: 'string', description: 'random seed of the weights and batches', defaultText: String(LM_PROTOCOL.seed) },
    hidden: { type: 'string', description: 'hidden units per layer (transformer: its width d)', defaultText: `${LM_PROTOCOL.numHiddens} (transformer ${TRANSFORMER_PROTOCOL.d})` },
    layers: { type: 'string', description: 'recurrent layers (transformer: blocks)', defaultText: `${LM_PROTOCOL.numLayers} (transformer ${TRANSFORMER_PROTOCOL.numLayers})` },
    context: { type: 'string', description: 'characters per training row (BPTT length; the transformer\'s context)', defaultText: String(LM_PROTOCOL.numSteps) },
    backend: { type: 'string', description: `implementation: ${LM_BACKENDS.join(', ')}`, defaultText: LM_BACKENDS[0] },
    threads: { type: 'string', description: 'engine threads (the large matrix products split across them; the tfjs backend ignores it)', defaultText: 'RNNLAB_THREADS, else the cores available' },
    'sample-length': { type: 'string', description: 'characters to generate after training', defaultText: String(LM_PROTOCOL.sampleLength) },
    json: { type: 'boolean', description: 'print { steps, trainLoss, valLoss, valPerplexity, sample, … } as JSON' },
  },
  async run(args) {
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
    const corpus = choiceOption(args, 'corpus', CORPORA, LM_PROTOCOL.corpus);
    const cell = choiceOption(args, 'model', LM_MODELS, LM_PROTOCOL.cell);
    const tr = cell === 'transformer';
    const backend = choiceOption(args, 'backend', LM_BACKENDS, LM_BACKENDS[0]!);
    if (tr && backend !== 'engine') throw new UsageError(`--model transformer runs on --backend engine only; got '${backend}'`);
    const maxSteps = args.values.steps === undefined ? undefined : numberOption(args, 'steps', 0, 1, 1e9);
    if (maxSteps !== undefined && !Number.isInteger(maxSteps)) throw new UsageError(`--steps must be an integer; got '${String(args.values.steps)}'`);
    const seconds = args.values.seconds === undefined && maxSteps !== undefined ? undefined : numberOption(args, 'seconds', LM_PROTOCOL.seconds, 1, 86400);
    const seed = numberOption(args, 'seed', LM_PROTOCOL.seed, 0, 2 ** 31 - 1);
    const numHiddens = numberOption(args, 'hidden', tr ? TRANSFORMER_PROTOCOL.d : LM_PROTOCOL.numHiddens, 1, 4096);
    const numLayers = numberOption(args, 'layers', tr ? TRANSFORMER_PROTOCOL.numLayers : LM_PROTOCOL.numLayers, 1, tr ? 32 : 8);
    const numSteps = numberOption(args, 'context', LM_PROTOCOL.numSteps, 1, 4096);
    const sampleLength = numberOption(args, 'sample-length', LM_PROTOCOL.sampleLength, 0, 100000);
    for (const [name, v] of [['seed', seed], ['hidden', numHiddens], ['layers', numLayers], ['sample-length', sampleLength], ['context', numSteps]] as const) {
      if (!Number.isInteger(v)) throw new UsageError(`--${name} must be an integer; got '${String(args.values[name])}'`);
    }
    const save = stringOption(args, 'save');
    const threads = threadsOption(args, trainingThreads());
    const saveEvery = numberOption(args, 'save-every', LM_PROTOCOL.saveEvery, 1, 86400);
    // The model runs on this engine (created with --threads, passed down, disposed below).
    const engine: Engine | undefined = backend === 'engine' ? await createEngine({ threads }) : undefined;
    try {
      const prime = defaultPrime(corpus);
      const bar = seconds !== undefined ? progress({ label: `lm ${cell}`, total: seconds, unit: 's' }) : progress({ label: `lm ${cell}`, total: maxSteps!, unit: 'steps' });
      const run = await trainOnCorpus({
        corpus, cell, seconds, maxSteps, seed, numHiddens, numLayers, backend, engine, numSteps,
        onStep: (s) => bar.update(seconds !== undefined ? s.elapsed : s.step, { step: s.step, loss: s.smoothLoss }),
        // Nothing lost on a crash: the checkpoint is rewritten (atomically) during training too.
        checkpointEvery: save !== undefined ? saveEvery : 0,
        onCheckpoint: (model, vocab, s) => {
          if (save !== undefined) saveLanguageModel(save, model, vocab, { corpus, prime, steps: s.step, seconds: s.elapsed, trainLoss: s.smoothLoss, partial: true, savedAt: new Date().toISOString() });
        },
      });
      bar.done({ step: run.training.steps, loss: run.training.trainLoss, seconds: +run.training.seconds.toFixed(1) });
      process.stderr.write(`lm: validation over non-overlapping ${LM_PROTOCOL.validationWindow}-character windows: loss ${run.valLoss.toFixed(4)}, perplexity ${run.valPerplexity.toFixed(3)}\n`);
      const sample = generate(run.model, run.vocab, { prime, length: sampleLength, temperature: LM_PROTOCOL.temperature, seed });
      const result = {
        corpus, model: cell, backend: run.model.backend, ...(backend === 'engine' ? { threads } : {}),
        steps: run.training.steps, seconds: run.training.seconds, cpuSeconds: run.training.cpuSeconds,
        trainLoss: run.training.trainLoss, valLoss: run.valLoss, valPerplexity: run.valPerplexity,
        uniformPerplexity: Math.exp(uniformLoss(run.vocab.size)),
        vocabSize: run.vocab.size, numParams: run.model.numParams, numHiddens, numLayers, context: numSteps, seed,
        sample, ...(save !== undefined ? { checkpoint: save } : {}),
      };
      if (save !== undefined) {
        saveLanguageModel(save, run.model, run.vocab, {
          corpus, prime, steps: result.steps, seconds: result.seconds, trainLoss: result.trainLoss, valLoss: result.valLoss,
          valPerplexity: result.valPerplexity, savedAt: new Date().toISOString(),
        });
        process.stderr.write(`lm: checkpoint written to ${save}\n`);
      }
      run.model.dispose();
      if (args.values.json) printJson(result);
      else {
        for (const [k, v] of Object.entries(result)) if (k !== 'sample') console.log(`${k.padEnd(18)}${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : v}`);
        console.log(`\n${sample}`);
      }
      return 0;
    } finally {
      await engine?.dispose(); // stops the engine's worker threads, if any
    }
  },
};
