/**
 * `rnnlab lm [--corpus tinyshakespeare|timemachine] [--model rnn|gru|lstm|transformer] [--seconds N | --steps N] [--save FILE] [--json]`:
 * trains a character language model within a wall-clock budget, with the protocol of the headline
 * number (src/lm/protocol.ts), a progress bar on stderr; reports steps, training loss, validation loss
 * and perplexity and a sample, and saves a checkpoint that `rnnlab generate` reads.
 */
import {
  Command,
  choiceOption,
  ParsedArgs,
  integerOption,
  noPositionals,
  numberOption,
  printJson,
  refuseOptions,
  saveOption,
  threadsOption,
  UsageError,
} from './command';
import { createEngine, Engine, trainingThreads } from '../engine';
import { CORPORA } from '../data';
import { LM_MODELS, LM_OPTIMIZERS, LMCell, LMOptimizer } from '../lm';
import type { LMBackend } from '../lm';
import { LM_BACKENDS } from '../lm';
import { defaultPrime, LM_PROTOCOL, TRANSFORMER_PROTOCOL, trainOnCorpus } from '../lm/index';
import { generate } from '../lm';
import { generalizationFigures } from '../lm';
import { saveLanguageModel } from '../lm';
import { uniformLoss } from '../lm';
import { progress } from '../train';

export const command: Command = {
  name: 'lm',
  summary: 'train a character language model within a time budget; report validation perplexity and a sample',
  usage:
    '[--corpus tinyshakespeare|timemachine] [--model rnn|gru|lstm|transformer] [--seconds N] [--threads N] ' +
    '[--optimizer NAME] [--lr X] [--weight-decay λ [--decoupled]] [--l1 λ] [--dropout p [--variational]] ' +
    '[--train-chars N] [--eval-every N] [--save FILE] [--json]',
  options: {
    corpus: {
      type: 'string',
      description: `training text: ${CORPORA.join(', ')}`,
      defaultText: LM_PROTOCOL.corpus,
    },
    model: {
      type: 'string',
      description: `architecture: ${LM_MODELS.join(', ')} (transformer: TRANSFORMER_PROTOCOL in src/lm/protocol.ts)`,
      defaultText: LM_PROTOCOL.cell,
    },
    seconds: {
      type: 'string',
      description: 'wall-clock training budget in seconds (validation not included)',
      defaultText: `${LM_PROTOCOL.seconds}, or none with --steps`,
    },
    steps: { type: 'string', description: 'stop after this many training steps' },
    save: { type: 'string', description: 'write a checkpoint (weights, config, vocabulary) to this file' },
    'save-every': {
      type: 'string',
      description: 'with --save, also rewrite the checkpoint every N training seconds',
      defaultText: String(LM_PROTOCOL.saveEvery),
    },
    seed: {
      type: 'string',
      description: 'random seed of the weights and batches',
      defaultText: String(LM_PROTOCOL.seed),
    },
    hidden: {
      type: 'string',
      description: 'hidden units per layer (transformer: its width d)',
      defaultText: `${LM_PROTOCOL.numHiddens} (transformer ${TRANSFORMER_PROTOCOL.d})`,
    },
    layers: {
      type: 'string',
      description: 'recurrent layers (transformer: blocks)',
      defaultText: `${LM_PROTOCOL.numLayers} (transformer ${TRANSFORMER_PROTOCOL.numLayers})`,
    },
    context: {
      type: 'string',
      description: "characters per training row (BPTT length; the transformer's context)",
      defaultText: String(LM_PROTOCOL.numSteps),
    },
    backend: {
      type: 'string',
      description: `implementation: ${LM_BACKENDS.join(', ')}`,
      defaultText: LM_BACKENDS[0],
    },
    threads: {
      type: 'string',
      description: 'engine threads (the large matrix products split across them); --backend engine only',
      defaultText: 'RNNLAB_THREADS, else the cores available',
    },
    optimizer: {
      type: 'string',
      description: `update rule: ${LM_OPTIMIZERS.join(', ')} (src/engine/optimizer.ts)`,
      defaultText: LM_PROTOCOL.optimizer,
    },
    lr: {
      type: 'string',
      description: 'learning rate η',
      defaultText:
        `the optimizer's in LM_PROTOCOL.optimizerLr ` +
        `(adam ${LM_PROTOCOL.lr}; transformer ${TRANSFORMER_PROTOCOL.lr})`,
    },
    'weight-decay': {
      type: 'string',
      description: 'weight decay λ on the weight matrices: L2 in the loss (g ← g + λθ), or with --decoupled',
      defaultText: String(LM_PROTOCOL.weightDecay),
    },
    decoupled: {
      type: 'boolean',
      description: 'with --weight-decay: decoupled decay θ ← θ − η(u + λθ) (AdamW-style), not L2 in the loss',
    },
    l1: {
      type: 'string',
      description: 'L1 penalty λ₁ on the weight matrices (g ← g + λ₁ sign θ)',
      defaultText: String(LM_PROTOCOL.l1),
    },
    dropout: {
      type: 'string',
      description:
        'dropout rate on the embedding output and each layer output while training (Zaremba et al. 2014)',
      defaultText: String(LM_PROTOCOL.dropout),
    },
    variational: {
      type: 'boolean',
      description: 'with --dropout: one mask per sequence, also on the recurrent state (lstm, engine)',
    },
    'train-chars': {
      type: 'string',
      description: 'train on only the first N characters of the training split (validation unchanged)',
      defaultText: 'the whole training split',
    },
    'eval-every': {
      type: 'string',
      description:
        'validate every N steps; --json then adds the curve, the best step, the training-text loss and sparsity',
      defaultText: 'never (validation after training only)',
    },
    'sample-length': {
      type: 'string',
      description: 'characters to generate after training',
      defaultText: String(LM_PROTOCOL.sampleLength),
    },
    json: {
      type: 'boolean',
      description: 'print { steps, trainLoss, valLoss, valPerplexity, sample, … } as JSON',
    },
  },
  async run(args) {
    // Everything is checked here, before the corpus is read or the engine started.
    noPositionals(args);
    const P = LM_PROTOCOL,
      T = TRANSFORMER_PROTOCOL;
    const corpus = choiceOption(args, 'corpus', CORPORA, P.corpus);
    const cell = choiceOption(args, 'model', LM_MODELS, P.cell);
    const tr = cell === 'transformer';
    const backend = choiceOption(args, 'backend', LM_BACKENDS, LM_BACKENDS[0]!);
    if (tr && backend !== 'engine') {
      throw new UsageError(`--model transformer runs on --backend engine only; got '${backend}'`);
    }
    const maxSteps = args.values.steps === undefined ? undefined : integerOption(args, 'steps', 0, 1, 1e9);
    const seconds =
      args.values.seconds === undefined && maxSteps !== undefined
        ? undefined
        : numberOption(args, 'seconds', P.seconds, 1, 86400);
    const seed = integerOption(args, 'seed', P.seed, 0, 2 ** 31 - 1);
    const numHiddens = integerOption(args, 'hidden', tr ? T.d : P.numHiddens, 1, 4096);
    const numLayers = integerOption(args, 'layers', tr ? T.numLayers : P.numLayers, 1, tr ? 32 : 8);
    const numSteps = integerOption(args, 'context', P.numSteps, 1, 4096);
    const sampleLength = integerOption(args, 'sample-length', P.sampleLength, 0, 100000);
    const save = saveOption(args);
    if (save === undefined) refuseOptions(args, ['save-every'], 'without --save');
    const saveEvery = numberOption(args, 'save-every', P.saveEvery, 1, 86400);
    if (backend !== 'engine') {
      refuseOptions(args, ['threads'], `with --backend ${backend} (it runs on tfjs's own threads)`);
    }
    const { optimizer, lr, weightDecay, decoupled, l1 } = optimizerOptions(args, cell, backend);
    const { dropout, variational, trainTokens, evalEvery } = regularizationOptions(args, cell, backend);
    const threads = threadsOption(args, trainingThreads);
    // The model runs on this engine (created with --threads, passed down, disposed below).
    const engine: Engine | undefined = backend === 'engine' ? await createEngine({ threads }) : undefined;
    try {
      const prime = defaultPrime(corpus);
      const bar =
        seconds !== undefined
          ? progress({ label: `lm ${cell}`, total: seconds, unit: 's' })
          : progress({ label: `lm ${cell}`, total: maxSteps!, unit: 'steps' });
      const run = await trainOnCorpus({
        corpus,
        cell,
        seconds,
        maxSteps,
        seed,
        numHiddens,
        numLayers,
        backend,
        engine,
        numSteps,
        optimizer,
        lr,
        weightDecay,
        decoupled,
        l1,
        dropout,
        variational,
        trainTokens,
        evalEvery,
        onStep: (s) =>
          bar.update(seconds !== undefined ? s.elapsed : s.step, { step: s.step, loss: s.smoothLoss }),
        // Nothing lost on a crash: the checkpoint is rewritten (atomically) during training too.
        checkpointEvery: save !== undefined ? saveEvery : 0,
        onCheckpoint: (model, vocab, s) => {
          if (save !== undefined)
            saveLanguageModel(save, model, vocab, {
              corpus,
              prime,
              steps: s.step,
              seconds: s.elapsed,
              trainLoss: s.smoothLoss,
              partial: true,
              savedAt: new Date().toISOString(),
            });
        },
      });
      bar.done({
        step: run.training.steps,
        loss: run.training.trainLoss,
        seconds: +run.training.seconds.toFixed(1),
      });
      process.stderr.write(
        `lm: validation over non-overlapping ${LM_PROTOCOL.validationWindow}-character windows: loss ${run.valLoss.toFixed(4)}, perplexity ${run.valPerplexity.toFixed(3)}\n`,
      );
      const sample = generate(run.model, run.vocab, {
        prime,
        length: sampleLength,
        temperature: LM_PROTOCOL.temperature,
        seed,
      });
      const result = {
        corpus,
        model: cell,
        backend: run.model.backend,
        ...(backend === 'engine' ? { threads } : {}),
        steps: run.training.steps,
        seconds: run.training.seconds,
        cpuSeconds: run.training.cpuSeconds,
        trainLoss: run.training.trainLoss,
        valLoss: run.valLoss,
        valPerplexity: run.valPerplexity,
        uniformPerplexity: Math.exp(uniformLoss(run.vocab.size)),
        vocabSize: run.vocab.size,
        numParams: run.model.numParams,
        numHiddens,
        numLayers,
        context: numSteps,
        optimizer,
        lr,
        weightDecay,
        decoupled,
        l1,
        dropout,
        variational,
        ...(trainTokens !== undefined ? { trainChars: trainTokens } : {}),
        // the figures of chapter 13's table (src/lm/generalization.ts)
        ...(evalEvery > 0 ? { ...generalizationFigures(run), evals: run.training.evals } : {}),
        seed,
        sample,
        ...(save !== undefined ? { checkpoint: save } : {}),
      };
      if (save !== undefined) {
        saveLanguageModel(save, run.model, run.vocab, {
          corpus,
          prime,
          steps: result.steps,
          seconds: result.seconds,
          trainLoss: result.trainLoss,
          valLoss: result.valLoss,
          valPerplexity: result.valPerplexity,
          savedAt: new Date().toISOString(),
        });
        process.stderr.write(`lm: checkpoint written to ${save}\n`);
      }
      run.model.dispose();
      if (args.values.json) printJson(result);
      else {
        for (const [k, v] of Object.entries(result))
          if (k !== 'sample')
            console.log(`${k.padEnd(18)}${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : v}`);
        console.log(`\n${sample}`);
      }
      return 0;
    } finally {
      await engine?.dispose(); // stops the engine's worker threads, if any
    }
  },
};

/** The update rule and penalties of `rnnlab lm`, checked against the model and backend that must run them. */
export function optimizerOptions(
  args: ParsedArgs,
  cell: LMCell,
  backend: LMBackend,
): { optimizer: LMOptimizer; lr: number; weightDecay: number; decoupled: boolean; l1: number } {
  const P = LM_PROTOCOL;
  const optimizer = choiceOption(args, 'optimizer', LM_OPTIMIZERS, P.optimizer);
  const lr = numberOption(
    args,
    'lr',
    cell === 'transformer' ? TRANSFORMER_PROTOCOL.lr : P.optimizerLr[optimizer],
    1e-12,
    1000,
  );
  const weightDecay = numberOption(args, 'weight-decay', P.weightDecay, 0, 1000);
  const l1 = numberOption(args, 'l1', P.l1, 0, 1000);
  if (weightDecay === 0) refuseOptions(args, ['decoupled'], 'without a --weight-decay above 0');
  const decoupled = args.values.decoupled === true || P.decoupled;
  if (cell === 'transformer') {
    if (optimizer !== 'adam')
      throw new UsageError(`--model transformer trains with --optimizer adam only; got '${optimizer}'`);
    refuseOptions(args, ['weight-decay', 'l1'], 'with --model transformer');
  }
  if (backend === 'tfjs') {
    if (optimizer === 'adagrad' || optimizer === 'rmsprop')
      throw new UsageError(`--optimizer ${optimizer} runs on --backend engine only (tfjs's differs)`);
    refuseOptions(args, ['weight-decay', 'l1'], 'with --backend tfjs (the engine has them)');
  }
  return { optimizer, lr, weightDecay, decoupled, l1 };
}

/** Dropout, the training-set size and the validation interval of `rnnlab lm` (chapter 13's options). */
export function regularizationOptions(
  args: ParsedArgs,
  cell: LMCell,
  backend: LMBackend,
): { dropout: number; variational: boolean; trainTokens: number | undefined; evalEvery: number } {
  const dropout = numberOption(args, 'dropout', LM_PROTOCOL.dropout, 0, 0.99);
  if (cell === 'transformer')
    refuseOptions(args, ['dropout'], 'with --model transformer (it has no dropout)');
  const variational = args.values.variational === true || LM_PROTOCOL.variational;
  if (variational) {
    if (dropout === 0) throw new UsageError('--variational needs a --dropout above 0');
    if (cell !== 'lstm' || backend !== 'engine')
      throw new UsageError(
        `--variational runs with --model lstm on --backend engine only; got --model ${cell} --backend ${backend}`,
      );
  }
  const trainTokens =
    args.values['train-chars'] === undefined ? undefined : integerOption(args, 'train-chars', 0, 2, 1e9);
  const evalEvery = integerOption(args, 'eval-every', 0, 1, 1e9);
  return { dropout, variational, trainTokens, evalEvery };
}
