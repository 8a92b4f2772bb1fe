/**
 * One function that runs the headline protocol (src/lm/protocol.ts, {@link LM_PROTOCOL}) on a corpus
 * of data/: load, split 90/10, build, train within the budget, validate.
 *
 * `rnnlab lm` and notebook 06 both call {@link trainOnCorpus}; bench/torch_charlm.py is the same
 * protocol in PyTorch.
 */
import { CorpusName, loadCorpus } from '../data';
import { splitTrainValidation } from '../data';
import { TokenLevel, Vocab } from '../data';
import { perplexity } from '../metrics';
import { LanguageModel, LMCell, LMOptimizer } from './model';
import { createLanguageModel, LMBackend } from './create';
import { LM_PROTOCOL, TRANSFORMER_PROTOCOL } from './protocol';
import type { Engine } from '../engine/index';
import { LMSampler, LMStepInfo, trainLanguageModel, TrainLMResult } from './train';
import { validationLoss } from './evaluate';

/** Options of {@link trainOnCorpus}: a corpus, a cell, a budget; every other field defaults to {@link LM_PROTOCOL}. */
export interface CorpusRunOptions {
  corpus: CorpusName;
  /** @default 'lstm' ('transformer': every default below from {@link TRANSFORMER_PROTOCOL}; numSteps is its context) */
  cell?: LMCell;
  /** @default 'char' */
  level?: TokenLevel;
  /** Minimum count of a word to get its own id (word level). @default 1 */
  minFreq?: number;
  /** Only the first this many characters of the corpus (small runs). @default all */
  maxChars?: number;
  /**
   * Train on only the first this many tokens of the training split; the validation split stays the
   * last 10% of the (whole) corpus, so runs with different amounts of data are compared on the same
   * text — a learning curve. @default the whole training split
   */
  trainTokens?: number;
  /** Training seconds (validation excluded). At least one of seconds, maxSteps. */
  seconds?: number;
  maxSteps?: number;
  /** @default 64 */
  embedDim?: number;
  /** @default 256 */
  numHiddens?: number;
  /** @default 1 */
  numLayers?: number;
  /** @default 0 */
  dropout?: number;
  /** One dropout mask per sequence, also on the recurrent state (LSTM on the engine). @default false */
  variational?: boolean;
  /** @default 32 */
  batchSize?: number;
  /** @default 64 */
  numSteps?: number;
  /** @default 'adam' */
  optimizer?: LMOptimizer;
  /** @default LM_PROTOCOL.optimizerLr[optimizer] (adam: 2e-3; the Transformer's: 1e-3) */
  lr?: number;
  /** Weight decay λ on the weight matrices (L2 in the loss unless `decoupled`). @default 0 */
  weightDecay?: number;
  /** Decoupled (AdamW-style) weight decay instead of L2 in the loss. @default false */
  decoupled?: boolean;
  /** λ₁ of the L1 penalty on the weight matrices. @default 0 */
  l1?: number;
  /** @default 5 */
  clip?: number;
  /** Linear learning-rate warm-up in steps. @default 0 (the Transformer's: 100) */
  warmup?: number;
  /** @default 'windows' */
  sampler?: LMSampler;
  /** @default 256 */
  validationWindow?: number;
  /** Seed of the weights and the batches. @default 0 */
  seed?: number;
  /** @default the fastest available */
  backend?: LMBackend;
  /** The engine the model runs on (backend 'engine'; the caller disposes it). @default a new one, owned by the model */
  engine?: Engine;
  /** Threads of the engine created when no `engine` is given. @default RNNLAB_THREADS, else 1 */
  threads?: number;
  /** Measure the validation loss every this many steps (for curves). @default 0 */
  evalEvery?: number;
  onStep?(info: LMStepInfo): void;
  onEval?(info: { step: number; elapsed: number; valLoss: number }): void;
  /** Call `onCheckpoint` every this many training seconds. @default 0 (never) */
  checkpointEvery?: number;
  /** Saves the model mid-training, e.g. with `saveLanguageModel` (src/lm/persist.ts). */
  onCheckpoint?(model: LanguageModel, vocab: Vocab, info: LMStepInfo): void;
}

/** What {@link trainOnCorpus} returns: the trained model and its vocabulary, and the figures. */
export interface CorpusRun {
  model: LanguageModel;
  vocab: Vocab;
  train: Int32Array;
  validation: Int32Array;
  training: TrainLMResult;
  valLoss: number;
  valPerplexity: number;
}

/** Loads the corpus, splits it 90/10, builds a model, trains it within the budget and validates it. */
export async function trainOnCorpus(o: CorpusRunOptions): Promise<CorpusRun> {
  const corpus = loadCorpus(o.corpus, {
    level: o.level ?? 'char',
    maxChars: o.maxChars,
    vocab: o.minFreq !== undefined ? { minFreq: o.minFreq } : undefined,
  });
  const split = splitTrainValidation(corpus.ids, LM_PROTOCOL.trainFraction);
  const validation = split.validation;
  const trainTokens = o.trainTokens ?? split.train.length;
  if (!Number.isInteger(trainTokens) || trainTokens < 2 || trainTokens > split.train.length)
    throw new Error(
      `trainTokens must be an integer in [2, ${split.train.length}] (the training split); got ${trainTokens}`,
    );
  const train = split.train.subarray(0, trainTokens);
  const seed = o.seed ?? LM_PROTOCOL.seed;
  const tr = o.cell === 'transformer',
    TP = TRANSFORMER_PROTOCOL;
  const numSteps = o.numSteps ?? LM_PROTOCOL.numSteps;
  const numHiddens = o.numHiddens ?? (tr ? TP.d : LM_PROTOCOL.numHiddens);
  const model = await createLanguageModel(
    {
      cell: o.cell ?? LM_PROTOCOL.cell,
      vocabSize: corpus.vocab.size,
      embedDim: o.embedDim ?? LM_PROTOCOL.embedDim,
      numHiddens,
      numLayers: o.numLayers ?? (tr ? TP.numLayers : LM_PROTOCOL.numLayers),
      dropout: o.dropout ?? LM_PROTOCOL.dropout,
      variational: o.variational ?? LM_PROTOCOL.variational,
      seed,
      // the Transformer's context is the training length
      transformer: tr
        ? {
            numHeads: TP.numHeads,
            ffnDim: TP.ffnMultiple * numHiddens,
            maxLen: numSteps,
            positional: TP.positional,
          }
        : undefined,
    },
    { backend: o.backend, engine: o.engine, threads: o.threads },
  );
  const window = o.validationWindow ?? LM_PROTOCOL.validationWindow;
  const training = trainLanguageModel(model, train, {
    batchSize: o.batchSize ?? LM_PROTOCOL.batchSize,
    numSteps,
    sampler: o.sampler ?? LM_PROTOCOL.sampler,
    optimizer: o.optimizer,
    lr: o.lr ?? (tr ? TP.lr : undefined),
    weightDecay: o.weightDecay,
    decoupled: o.decoupled,
    l1: o.l1,
    clip: o.clip ?? (tr ? TP.clip : LM_PROTOCOL.clip),
    warmup: o.warmup ?? (tr ? TP.warmup : 0),
    seconds: o.seconds,
    maxSteps: o.maxSteps,
    seed: seed + 1,
    validation,
    validationWindow: window,
    evalEvery: o.evalEvery,
    onStep: o.onStep,
    onEval: o.onEval,
    checkpointEvery: o.checkpointEvery,
    onCheckpoint: o.onCheckpoint ? (info) => o.onCheckpoint!(model, corpus.vocab, info) : undefined,
  });
  const valLoss =
    training.evals.length > 0 && training.evals[training.evals.length - 1]!.step === training.steps
      ? training.evals[training.evals.length - 1]!.valLoss
      : validationLoss(model, validation, window);
  return {
    model,
    vocab: corpus.vocab,
    train,
    validation,
    training,
    valLoss,
    valPerplexity: perplexity(valLoss),
  };
}

/** A priming text that suits each corpus (lower case, letters only at word level, as d2l cleans it). */
export function defaultPrime(corpus: CorpusName, level: TokenLevel = 'char'): string {
  const prime = corpus === 'tinyshakespeare' ? 'ROMEO:' : 'The Time Traveller';
  return level === 'word'
    ? prime
        .replace(/[^A-Za-z]+/g, ' ')
        .trim()
        .toLowerCase()
    : prime;
}
