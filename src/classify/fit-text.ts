/**
 * Training and prediction for the {@link TextClassifier}s: seeded mini-batches of unpadded word-index
 * sequences, each batch padded on the fly (001 §4.1's `pad_sequences`), with early stopping on a
 * validation set.
 *
 * Speed: when the model masks padding, a batch only needs padding up to its own longest sentence —
 * padding further changes no prediction (see text-classifier.ts) but costs time steps. Sentences of
 * similar length are grouped into batches ("bucketing"), so a batch of 64 is padded to ~20 steps
 * instead of 100. Without masking the padding is part of the input and every batch is padded to `maxlen`.
 */
import * as tf from '@tensorflow/tfjs';
import { PadOptions, padSequences } from '../data';
import { Rng } from '../tensor';
import { TextClassifier } from './text-classifier';
import { TrainingLoop } from '../train/index';
import { CLASSIFY_PROTOCOL } from './protocol';

/** How sequences are padded and truncated ({@link padSequences}); `maxlen` is required here. */
export interface TextPadOptions extends PadOptions {
  maxlen: number;
}

/** Default padding: 001 §4.1's maxlen 100 with Keras's 'pre' padding and truncation. */
export const DEFAULT_TEXT_PAD: TextPadOptions = CLASSIFY_PROTOCOL.pad;

/**
 * Seeded batches of indices 0..n−1: shuffle, then (with `bucket`) sort each window of 20 batches by
 * length and cut it into batches, and finally shuffle the batch order.
 */
export function textBatches(
  lengths: readonly number[],
  batchSize: number,
  rng: Rng,
  bucket = true,
): number[][] {
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new Error(`textBatches: batchSize must be an integer ≥ 1, got ${batchSize}`);
  const order = rng.permutation(lengths.length);
  const batches: number[][] = [];
  const window = bucket ? batchSize * 20 : batchSize;
  for (let w = 0; w < order.length; w += window) {
    const chunk = order.slice(w, w + window);
    if (bucket) chunk.sort((a, b) => lengths[a]! - lengths[b]! || a - b);
    for (let s = 0; s < chunk.length; s += batchSize) batches.push(chunk.slice(s, s + batchSize));
  }
  return rng.shuffle(batches);
}

/** The padded int32 input of one batch: [batchSize, numSteps] (numSteps = the longest, when masked). */
export function batchInput(
  clf: TextClassifier,
  sequences: readonly (readonly number[])[],
  pad: TextPadOptions,
): tf.Tensor2D {
  const longest = sequences.reduce((m, s) => Math.max(m, s.length), 0);
  const maxlen = clf.maskZero ? Math.max(1, Math.min(pad.maxlen, longest)) : pad.maxlen;
  return tf.tensor2d(padSequences(sequences, { ...pad, maxlen }), [sequences.length, maxlen], 'int32');
}

/** Options of {@link fitTextClassifier}. */
export interface FitTextOptions {
  /** @default 3 */
  epochs?: number;
  /** @default 64 (001 §4.3) */
  batchSize?: number;
  /** @default DEFAULT_TEXT_PAD */
  pad?: TextPadOptions;
  /** Group sentences of similar length into batches (used only when the model masks). @default true */
  bucket?: boolean;
  /** Seed of the batch order. @default 0 */
  seed?: number;
  /** Scored after every epoch; with `restoreBest` the best epoch's weights are kept. */
  validation?: { sequences: readonly (readonly number[])[]; labels: ArrayLike<number> };
  /** Restore the weights of the epoch with the best validation accuracy. @default true */
  restoreBest?: boolean;
  /** After every batch: the epoch, batches done in it, their number, and the batch loss. */
  onBatch?(epoch: number, batch: number, numBatches: number, loss: number): void;
  /** After every epoch, with its record. */
  onEpoch?(epoch: number, record: EpochRecord): void;
}

/** What one epoch measured. */
export interface EpochRecord {
  /** Mean training loss over the epoch's batches. */
  loss: number;
  /** Training accuracy over the epoch's batches (while the weights moved). */
  accuracy: number;
  valLoss?: number;
  valAccuracy?: number;
  seconds: number;
}

/** Per-epoch records and the epoch whose weights the model holds at the end (0-based). */
export interface TextHistory {
  epochs: EpochRecord[];
  bestEpoch: number;
}

/** P(positive) for each sequence, in batches (the model in inference mode). */
export function predictTextProba(
  clf: TextClassifier,
  sequences: readonly (readonly number[])[],
  pad: TextPadOptions = DEFAULT_TEXT_PAD,
  batchSize = 256,
): Float32Array {
  const out = new Float32Array(sequences.length);
  // Sorting by length keeps the padding per batch small; results go back to their own positions.
  const order = Array.from(sequences.keys()).sort((a, b) => sequences[a]!.length - sequences[b]!.length);
  for (let s = 0; s < order.length; s += batchSize) {
    const idx = order.slice(s, s + batchSize);
    const p = tf.tidy(() => {
      const x = batchInput(
        clf,
        idx.map((i) => sequences[i]!),
        pad,
      );
      return (clf.model.predict(x) as tf.Tensor).dataSync();
    });
    idx.forEach((i, k) => {
      out[i] = p[k]!;
    });
  }
  return out;
}

/** Mean binary cross-entropy and accuracy (threshold 0.5) of probabilities against 0/1 labels. */
export function binaryScores(
  p: ArrayLike<number>,
  labels: ArrayLike<number>,
): { loss: number; accuracy: number } {
  if (p.length !== labels.length)
    throw new Error(`binaryScores: ${p.length} probabilities for ${labels.length} labels`);
  let loss = 0,
    hit = 0;
  const eps = 1e-7; // Keras's epsilon, as binaryCrossentropy clips
  for (let i = 0; i < p.length; i++) {
    const q = Math.min(1 - eps, Math.max(eps, p[i]!));
    loss -= labels[i]! === 1 ? Math.log(q) : Math.log(1 - q);
    if ((p[i]! > 0.5 ? 1 : 0) === labels[i]) hit++;
  }
  return { loss: loss / p.length, accuracy: hit / p.length };
}

/** Trains `clf` on sequences (unpadded word indices) with 0/1 labels; see the options. */
export async function fitTextClassifier(
  clf: TextClassifier,
  sequences: readonly (readonly number[])[],
  labels: ArrayLike<number>,
  options: FitTextOptions = {},
): Promise<TextHistory> {
  if (sequences.length !== labels.length)
    throw new Error(`fitTextClassifier: ${sequences.length} sequences for ${labels.length} labels`);
  const epochs = options.epochs ?? CLASSIFY_PROTOCOL.epochs,
    batchSize = options.batchSize ?? CLASSIFY_PROTOCOL.batchSize;
  const pad = options.pad ?? DEFAULT_TEXT_PAD;
  const restoreBest = options.restoreBest ?? true;
  const rng = new Rng(options.seed ?? CLASSIFY_PROTOCOL.seed);
  const lengths = sequences.map((s) => s.length);
  const history: TextHistory = { epochs: [], bestEpoch: -1 };
  let best: tf.Tensor[] | undefined;
  let bestScore = -Infinity;
  // The divergence stop and the step record (the budget is the epochs): src/train/loop.ts.
  const loop = new TrainingLoop();
  for (let e = 0; e < epochs; e++) {
    const t0 = Date.now();
    const batches = textBatches(lengths, batchSize, rng, clf.maskZero && (options.bucket ?? true));
    let lossSum = 0,
      hitSum = 0,
      seen = 0;
    for (let b = 0; b < batches.length; b++) {
      const idx = batches[b]!;
      const x = batchInput(
        clf,
        idx.map((i) => sequences[i]!),
        pad,
      );
      const y = tf.tensor2d(
        idx.map((i) => labels[i]!),
        [idx.length, 1],
      );
      let acc = 0;
      const { loss } = await loop
        .stepAsync(async () => {
          const [batchLoss, batchAccuracy] = (await clf.model.trainOnBatch(x, y)) as number[];
          acc = batchAccuracy!;
          return batchLoss!;
        })
        .finally(() => tf.dispose([x, y]));
      lossSum += loss * idx.length;
      hitSum += acc * idx.length;
      seen += idx.length;
      options.onBatch?.(e, b + 1, batches.length, loss);
    }
    const record: EpochRecord = {
      loss: lossSum / seen,
      accuracy: hitSum / seen,
      seconds: (Date.now() - t0) / 1000,
    };
    if (options.validation) {
      const v = binaryScores(
        predictTextProba(clf, options.validation.sequences, pad),
        options.validation.labels,
      );
      record.valLoss = v.loss;
      record.valAccuracy = v.accuracy;
    }
    history.epochs.push(record);
    const score = record.valAccuracy ?? e; // without validation: the last epoch
    if (score > bestScore) {
      bestScore = score;
      history.bestEpoch = e;
      if (restoreBest && options.validation) {
        tf.dispose(best ?? []);
        best = clf.model.getWeights().map((w) => w.clone());
      }
    }
    options.onEpoch?.(e, record);
  }
  if (best) {
    clf.model.setWeights(best);
    tf.dispose(best);
  }
  return history;
}
