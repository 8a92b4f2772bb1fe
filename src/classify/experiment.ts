/**
 * One train-and-test run of the text classification chapter, shared by `rnnlab classify` and notebook
 * 07 so that both measure the same thing: on a given split, fit the Tokenizer on the training texts
 * (never on test texts), hold out a validation part of the training set for early stopping, train,
 * and score on the test part. The bag-of-words baseline goes through the same split and Tokenizer.
 */
import { bagOfWords } from '../data';
import { Split, take, trainTestSplit } from '../data';
import { Tokenizer } from '../data';
import { ClassificationReport, classificationReport, threshold } from '../metrics';
import { logisticPredictProba, trainLogisticRegression } from '../nn';
import {
  DEFAULT_TEXT_PAD,
  EpochRecord,
  fitTextClassifier,
  predictTextProba,
  TextHistory,
  TextPadOptions,
} from './fit-text';
import { TextClassifier, textClassifier, TextModelKind } from './text-classifier';
import { CLASSIFY_PROTOCOL } from './protocol';

/** Options of {@link trainAndTest}. */
export interface TextExperimentOptions {
  kind: TextModelKind;
  /** Tokenizer `numWords`: keep the numWords − 1 most frequent training words. @default 10000 (001 §4.1) */
  numWords?: number;
  /** @default 128 */
  embeddingDim?: number;
  /** @default 64 */
  numHiddens?: number;
  /** @default true */
  maskZero?: boolean;
  /** @default 3 */
  epochs?: number;
  /** @default 64 */
  batchSize?: number;
  /** @default 1e-3 */
  learningRate?: number;
  /** @default DEFAULT_TEXT_PAD (maxlen 100, 'pre', 'pre') */
  pad?: TextPadOptions;
  /** Share of the training part held out for early stopping; 0 trains on all of it for `epochs`. @default 0.1 */
  validationFraction?: number;
  /** Seed of weights, batch order and the validation carve-out. @default 0 */
  seed?: number;
  onBatch?(epoch: number, batch: number, numBatches: number, loss: number): void;
  onEpoch?(epoch: number, record: EpochRecord): void;
}

/** The scores on the test part, with what produced them. */
export interface TextExperimentResult extends ClassificationReport {
  history: TextHistory;
  /** P(positive) for each test item, in the order of `split.test`. */
  probabilities: Float32Array;
  predicted: Int32Array;
  /** The trained model (dispose it with `clf.model.dispose()` when done). */
  clf: TextClassifier;
  tokenizer: Tokenizer;
  numParams: number;
  /** Wall-clock seconds of training (all epochs, validation included). */
  trainSeconds: number;
}

/** Trains a recurrent classifier on `split.train` and scores it on `split.test` (see the file comment). */
export async function trainAndTest(
  texts: readonly string[],
  labels: ArrayLike<number>,
  split: Split,
  options: TextExperimentOptions,
): Promise<TextExperimentResult> {
  const P = CLASSIFY_PROTOCOL;
  const seed = options.seed ?? P.seed;
  const valFraction = options.validationFraction ?? P.validationFraction;
  let fitIdx = split.train,
    valIdx: number[] = [];
  if (valFraction > 0) {
    const inner = trainTestSplit(split.train.length, valFraction, seed + 1, take(labels, split.train));
    fitIdx = take(split.train, inner.train);
    valIdx = take(split.train, inner.test);
  }
  const tokenizer = new Tokenizer({ numWords: options.numWords ?? P.numWords }).fitOnTexts(
    take(texts, fitIdx),
  );
  const encode = (idx: number[]): number[][] => tokenizer.textsToSequences(take(texts, idx));
  const pad = options.pad ?? DEFAULT_TEXT_PAD;
  const clf = textClassifier({
    kind: options.kind,
    vocabSize: tokenizer.vocabSize,
    embeddingDim: options.embeddingDim ?? P.embeddingDim,
    numHiddens: options.numHiddens ?? P.numHiddens,
    maskZero: options.maskZero ?? P.maskZero,
    seed,
    learningRate: options.learningRate ?? P.learningRate,
  });
  const t0 = Date.now();
  const history = await fitTextClassifier(clf, encode(fitIdx), take(labels, fitIdx), {
    epochs: options.epochs ?? P.epochs,
    batchSize: options.batchSize ?? P.batchSize,
    pad,
    seed,
    ...(valIdx.length > 0 ? { validation: { sequences: encode(valIdx), labels: take(labels, valIdx) } } : {}),
    ...(options.onBatch ? { onBatch: options.onBatch } : {}),
    ...(options.onEpoch ? { onEpoch: options.onEpoch } : {}),
  });
  const trainSeconds = (Date.now() - t0) / 1000;
  const probabilities = predictTextProba(clf, encode(split.test), pad);
  const predicted = threshold(probabilities);
  const numParams = clf.model.countParams();
  return {
    ...classificationReport(predicted, take(labels, split.test)),
    history,
    probabilities,
    predicted,
    clf,
    tokenizer,
    numParams,
    trainSeconds,
  };
}

/** Options of {@link bagOfWordsBaseline}. */
export interface BaselineOptions {
  /** @default 10000 */
  numWords?: number;
  /** @default 1e-4 (see trainLogisticRegression) */
  l2?: number;
  /** @default 0 */
  seed?: number;
}

/** Bag-of-words logistic regression on word counts: Tokenizer on `split.train`, scored on `split.test`. */
export function bagOfWordsBaseline(
  texts: readonly string[],
  labels: ArrayLike<number>,
  split: Split,
  options: BaselineOptions = {},
): ClassificationReport & { probabilities: Float64Array; seconds: number } {
  const t0 = Date.now();
  const numWords = options.numWords ?? CLASSIFY_PROTOCOL.numWords;
  const tokenizer = new Tokenizer({ numWords }).fitOnTexts(take(texts, split.train));
  const features = (idx: number[]) =>
    bagOfWords(tokenizer.textsToSequences(take(texts, idx)), tokenizer.vocabSize);
  const model = trainLogisticRegression(features(split.train), take(labels, split.train), {
    l2: options.l2 ?? CLASSIFY_PROTOCOL.l2,
    seed: options.seed ?? CLASSIFY_PROTOCOL.seed,
  });
  const probabilities = logisticPredictProba(model, features(split.test));
  return {
    ...classificationReport(threshold(probabilities), take(labels, split.test)),
    probabilities,
    seconds: (Date.now() - t0) / 1000,
  };
}
