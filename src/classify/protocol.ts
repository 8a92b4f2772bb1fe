/**
 * The classification protocol — every default of a sentiment run, written once: 001 §4's pipeline
 * (Tokenizer of the 10,000 most frequent words → pad_sequences to 100, 'pre' → Embedding(128) →
 * LSTM(64) → one sigmoid unit), Adam at 1e-3, batches of 64, 3 epochs keeping the epoch with the best
 * validation accuracy on 10% of the training part; a fixed held-out test split of 10% (seed 2005), and
 * 10-fold cross-validation; the bag-of-words baseline with an L2 penalty of 1e-4.
 *
 * `trainAndTest`, `bagOfWordsBaseline`, `fitTextClassifier` and `rnnlab classify` take their defaults
 * from here.
 */
import type { TextModelKind } from './text-classifier';

/** The classification settings (and the `rnnlab classify` defaults of the full profile). */
export const CLASSIFY_PROTOCOL = {
  kind: 'lstm' as TextModelKind,
  /** Tokenizer `numWords`: keep the numWords − 1 most frequent training words (001 §4.1). */
  numWords: 10000,
  /** 001 §4.1's maxlen 100, with Keras's 'pre' padding and truncation. */
  pad: { maxlen: 100, padding: 'pre', truncating: 'pre' } as const,
  embeddingDim: 128,
  numHiddens: 64,
  maskZero: true,
  epochs: 3,
  batchSize: 64,
  learningRate: 1e-3,
  /** Share of the training part held out for early stopping. */
  validationFraction: 0.1,
  /** Seed of the weights, the batch order and the validation carve-out. */
  seed: 0,
  /** The seed of the held-out test split: fixed, so every model and seed is scored on the same sentences. */
  testSplitSeed: 2005,
  /** Share of the data held out for testing. */
  testFraction: 0.1,
  /** Folds of the cross-validation. */
  folds: 10,
  /** L2 penalty of the bag-of-words logistic regression. */
  l2: 1e-4,
} as const;
