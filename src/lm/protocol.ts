/**
 * The protocol of the headline number, and one function that runs it on a corpus of data/:
 *
 * - character level; the first 90% of the text trains, the last 10% validates;
 * - validation loss = mean cross-entropy over all non-overlapping 256-character windows of the
 *   validation text, the state starting from zero in each window (src/lm/evaluate.ts);
 * - embedding 64, one LSTM layer of 256 units, batch 32, 64 steps, Adam at 2e-3, gradients clipped at
 *   global norm 5, every batch row an independent random window of the training text.
 *
 * `rnnlab lm` and notebook 06 both call {@link trainOnCorpus}; bench/torch_charlm.py is the same
 * protocol in PyTorch.
 */
import { CorpusName, loadCorpus } from '../data/corpus';
import { splitTrainValidation } from '../data/windows';
import { TokenLevel, Vocab } from '../data/vocab';
import { perplexity } from '../metrics/perplexity';
import { LanguageModel, LMCell } from './model';
import { createLanguageModel, LMBackend } from './create';
import { LMSampler, LMStepInfo, trainLanguageModel, TrainLMResult } from './train';
import { validationLoss } from './evaluate';

/** The headline protocol's settings. */
export const PROTOCOL = {
  trainFraction: 0.9,
  validationWindow: 256,
  embedDim: 64,
  numHiddens: 256,
  numLayers: 1,
  batchSize: 32,
  numSteps: 64,
  lr: 2e-3,
  clip: 5,
  sampler: 'windows' as LMSampler,
} as const;

/**
 * The Transformer's protocol (chapter 14): the same data, split, validation, batch (32 rows of 64
 * characters, every row a random window) and budget as {@link PROTOCOL}'s LSTM; its own sizes and
 * optimiser settings — a decoder-only pre-norm Transformer of width 128 (4 heads of 32), 2 blocks with
 * feed-forward width 512, sinusoidal positions, context 64 (= numSteps); Adam at 1e-3 after a linear
 * warm-up over 100 steps (nanoGPT's character-level settings), gradients clipped at global norm 1; about 0.41 M parameters against the LSTM's 0.35 M. bench/torch_transformer.py is the same in PyTorch.
 */
export const TRANSFORMER_PROTOCOL = {
  trainFraction: PROTOCOL.trainFraction,
  validationWindow: PROTOCOL.validationWindow,
  batchSize: PROTOCOL.batchSize,
  numSteps: PROTOCOL.numSteps,
  sampler: PROTOCOL.sampler,
  d: 128,
  numHeads: 4,
  numLayers: 2,
  /** Feed-forward width as a multiple of d (512 for d = 128). */
  ffnMultiple: 4,
  positional: 'sinusoidal' as const,
  lr: 1e-3,
  warmup: 100,
  clip: 1,
} as const;

/** Options of {@link trainOnCorpus}: a corpus, a cell, a budget; every other field defaults to {@link PROTOCOL}. */
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
  /** @default 32 */
  batchSize?: number;
  /** @default 64 */
  numSteps?: number;
  /** @default 2e-3 */
  lr?: number;
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
  const corpus = loadCorpus(o.corpus, { level: o.level ?? 'char', maxChars: o.maxChars, vocab: o.minFreq !== undefined ? { minFreq: o.minFreq } : undefined });
  const { train, validation } = splitTrainValidation(corpus.ids, PROTOCOL.trainFraction);
  const seed = o.seed ?? 0;
  const tr = o.cell === 'transformer', TP = TRANSFORMER_PROTOCOL;
  const numSteps = o.numSteps ?? PROTOCOL.numSteps;
  const numHiddens = o.numHiddens ?? (tr ? TP.d : PROTOCOL.numHiddens);
  const model = await createLanguageModel({
    cell: o.cell ?? 'lstm', vocabSize: corpus.vocab.size, embedDim: o.embedDim ?? PROTOCOL.embedDim,
    numHiddens, numLayers: o.numLayers ?? (tr ? TP.numLayers : PROTOCOL.numLayers),
    dropout: o.dropout ?? 0, seed,
    transformer: tr ? { numHeads: TP.numHeads, ffnDim: TP.ffnMultiple * numHiddens, maxLen: numSteps, positional: TP.positional } : undefined,
  }, { backend: o.backend });
  const window = o.validationWindow ?? PROTOCOL.validationWindow;
  const training = trainLanguageModel(model, train, {
    batchSize: o.batchSize ?? PROTOCOL.batchSize, numSteps, sampler: o.sampler ?? PROTOCOL.sampler,
    lr: o.lr ?? (tr ? TP.lr : PROTOCOL.lr), clip: o.clip ?? (tr ? TP.clip : PROTOCOL.clip), warmup: o.warmup ?? (tr ? TP.warmup : 0), seconds: o.seconds, maxSteps: o.maxSteps, seed: seed + 1,
    validation, validationWindow: window, evalEvery: o.evalEvery, onStep: o.onStep, onEval: o.onEval,
    checkpointEvery: o.checkpointEvery, onCheckpoint: o.onCheckpoint ? (info) => o.onCheckpoint!(model, corpus.vocab, info) : undefined,
  });
  const valLoss = training.evals.length > 0 && training.evals[training.evals.length - 1]!.step === training.steps
    ? training.evals[training.evals.length - 1]!.valLoss
    : validationLoss(model, validation, window);
  return { model, vocab: corpus.vocab, train, validation, training, valLoss, valPerplexity: perplexity(valLoss) };
}

/** A priming text that suits each corpus (lower case, letters only at word level, as d2l cleans it). */
export function defaultPrime(corpus: CorpusName, level: TokenLevel = 'char'): string {
  const prime = corpus === 'tinyshakespeare' ? 'ROMEO:' : 'The Time Traveller';
  return level === 'word' ? prime.replace(/[^A-Za-z]+/g, ' ').trim().toLowerCase() : prime;
}
