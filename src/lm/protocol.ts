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
import { CellType, LanguageModel } from './model';
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

/** Options of {@link trainOnCorpus}: a corpus, a cell, a budget; every other field defaults to {@link PROTOCOL}. */
export interface CorpusRunOptions {
  corpus: CorpusName;
  /** @default 'lstm' */
  cell?: CellType;
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
  const model = await createLanguageModel({
    cell: o.cell ?? 'lstm', vocabSize: corpus.vocab.size, embedDim: o.embedDim ?? PROTOCOL.embedDim,
    numHiddens: o.numHiddens ?? PROTOCOL.numHiddens, numLayers: o.numLayers ?? PROTOCOL.numLayers, dropout: o.dropout ?? 0, seed,
  }, { backend: o.backend });
  const window = o.validationWindow ?? PROTOCOL.validationWindow;
  const training = trainLanguageModel(model, train, {
    batchSize: o.batchSize ?? PROTOCOL.batchSize, numSteps: o.numSteps ?? PROTOCOL.numSteps, sampler: o.sampler ?? PROTOCOL.sampler,
    lr: o.lr ?? PROTOCOL.lr, clip: o.clip ?? PROTOCOL.clip, seconds: o.seconds, maxSteps: o.maxSteps, seed: seed + 1,
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
