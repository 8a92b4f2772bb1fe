/**
 * 002 §1.4's Keras language model and its `generate_sequence`, rebuilt with tfjs layers, as written —
 * and corrected.
 *
 * The model (§1.4.2): Embedding(input_dim=vocab_size, output_dim=embedding_dim, input_length=max_length)
 * → LSTM(hidden_units, return_sequences=True) → Dense(output_units, activation='softmax'), compiled
 * with adam and categorical cross-entropy. It outputs a distribution over the vocabulary at EVERY time
 * step: [batch, max_length, vocab_size].
 *
 * The generator (§1.4.4), per new word: tokenise the text so far, pad it to max_length with zeros
 * AFTER the text (padding='post'), predict, and take `np.argmax(predicted)` — the argmax over the
 * whole [1, max_length, vocab_size] output, flattened. That index is step·vocab_size + word: it is a
 * word id only when the maximum falls at step 0 (the prediction after the FIRST word alone); anywhere
 * else it exceeds the vocabulary and `index_to_word[predicted_index]` raises KeyError. And the steps
 * after the text read padding, not text. The fix: read the distribution at the last real step
 * (index len−1 with post-padding — causal, so the padding after it changes nothing — or the last index
 * with pre-padding), and sample from it.
 *
 * Keras conventions kept: the Tokenizer numbers words from 1 by frequency and keeps 0 for padding
 * ({@link kerasVocab}); `texts_to_sequences` drops words it does not know; `pad_sequences` truncates
 * at the front ('pre') by default. Keras's LSTM uses recurrent_activation='sigmoid' (tfjs's default is
 * 'hardSigmoid'), so the layer is built with 'sigmoid'.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../tensor';
import { Vocab } from '../data';
import { argmax, sampleLogits } from './sample';
import { LMConfigOptions, NamedWeight } from './model';

/** Options of {@link kerasLanguageModel}, in the document's names (camelCase). */
export interface KerasLMOptions {
  vocabSize: number;
  embeddingDim: number;
  maxLength: number;
  hiddenUnits: number;
  /** The Dense layer's width; a language model needs vocabSize. @default vocabSize */
  outputUnits?: number;
  /** @default 0 */
  seed?: number;
}

/** The document's Sequential model, compiled as written (adam, categorical cross-entropy, accuracy). */
export function kerasLanguageModel(o: KerasLMOptions): tf.Sequential {
  const seed = o.seed ?? 0;
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: o.vocabSize,
      outputDim: o.embeddingDim,
      inputLength: o.maxLength,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
    }),
  );
  model.add(
    tf.layers.lstm({
      units: o.hiddenUnits,
      returnSequences: true,
      recurrentActivation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
      recurrentInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: o.outputUnits ?? o.vocabSize,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }),
    }),
  );
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/**
 * The same architecture as a `LanguageModel` (model.ts) configuration (one LSTM layer, embedding, dense), so
 * it can be trained on any backend and its weights set into the Keras model with {@link setKerasWeights}.
 */
export function kerasAsLMConfig(o: KerasLMOptions): LMConfigOptions {
  if ((o.outputUnits ?? o.vocabSize) !== o.vocabSize)
    throw new Error(
      `kerasAsLMConfig: outputUnits ${o.outputUnits} must equal vocabSize ${o.vocabSize} for a language model`,
    );
  return {
    cell: 'lstm',
    vocabSize: o.vocabSize,
    embedDim: o.embeddingDim,
    numHiddens: o.hiddenUnits,
    numLayers: 1,
    seed: o.seed ?? 0,
  };
}

/** The Sequential model's weights in order, by their `LanguageModel` (model.ts) names. */
const KERAS_WEIGHT_NAMES = [
  'embedding/embeddings',
  'lstm_0/kernel',
  'lstm_0/recurrent_kernel',
  'lstm_0/bias',
  'dense/kernel',
  'dense/bias',
];

/** The Sequential model's weights by `LanguageModel` (model.ts) names, so a language model of either backend can load them. */
export function getKerasWeights(model: tf.Sequential): Record<string, NamedWeight> {
  const w = model.getWeights();
  if (w.length !== KERAS_WEIGHT_NAMES.length)
    throw new Error(
      `getKerasWeights: expected ${KERAS_WEIGHT_NAMES.length} weights (embedding, LSTM ×3, dense ×2), got ${w.length}`,
    );
  return Object.fromEntries(
    KERAS_WEIGHT_NAMES.map((n, i) => [
      n,
      { shape: [...w[i]!.shape], data: w[i]!.dataSync().slice() as Float32Array },
    ]),
  );
}

/**
 * Sets named weights (a `LanguageModel` (model.ts)'s `getWeights()`: tfjs names and layouts) into the
 * Sequential model: embedding, LSTM kernel, recurrent kernel, bias, dense kernel, bias.
 */
export function setKerasWeights(model: tf.Sequential, w: Record<string, NamedWeight>): void {
  const tensors = KERAS_WEIGHT_NAMES.map((n) => {
    const x = w[n];
    if (x === undefined) throw new Error(`setKerasWeights: missing weight '${n}'`);
    return tf.tensor(x.data, x.shape);
  });
  try {
    model.setWeights(tensors);
  } finally {
    tf.dispose(tensors);
  }
}

/** A word vocabulary laid out as Keras's Tokenizer: '<pad>' = 0, then words by frequency from 1; no unknown token. */
export function kerasVocab(words: readonly string[], minFreq = 1): Vocab {
  return Vocab.build(words, { unknown: null, reserved: ['<pad>'], minFreq, separator: ' ' });
}

/** `tokenizer.texts_to_sequences([text])[0]`: the ids of the known words of `text`; unknown words are dropped. */
export function textsToSequences(vocab: Vocab, text: string): number[] {
  return text
    .split(/\s+/)
    .filter((w) => w.length > 0 && w !== '<pad>' && vocab.has(w))
    .map((w) => vocab.id(w));
}

/** `pad_sequences([ids], maxlen, padding, truncating='pre')[0]`: zeros before or after; too long keeps the end. */
export function padSequence(ids: readonly number[], maxLength: number, padding: 'pre' | 'post'): number[] {
  const kept = ids.length > maxLength ? ids.slice(ids.length - maxLength) : [...ids];
  const pad = new Array<number>(maxLength - kept.length).fill(0);
  return padding === 'post' ? [...kept, ...pad] : [...pad, ...kept];
}

/**
 * Training data for the model: every window of maxLength ids starting at a multiple of `stride`, with
 * the next id at every position as target — X, Y [N, maxLength].
 */
export function kerasWindows(
  ids: Int32Array,
  maxLength: number,
  stride = maxLength,
): { X: Int32Array; Y: Int32Array; count: number } {
  const starts: number[] = [];
  for (let s = 0; s + maxLength + 1 <= ids.length; s += stride) starts.push(s);
  const X = new Int32Array(starts.length * maxLength),
    Y = new Int32Array(starts.length * maxLength);
  starts.forEach((s, i) => {
    X.set(ids.subarray(s, s + maxLength), i * maxLength);
    Y.set(ids.subarray(s + 1, s + maxLength + 1), i * maxLength);
  });
  return { X, Y, count: starts.length };
}

/**
 * `model.fit(train_data, train_labels, batch_size, epochs)` with one-hot labels built a batch at a
 * time (so [N, maxLength, vocab] never sits in memory): one `trainOnBatch` per batch, batches in a
 * seeded random order. Calls `onBatch` with the batch loss; returns the mean loss of each epoch.
 */
export async function fitKeras(
  model: tf.Sequential,
  X: Int32Array,
  Y: Int32Array,
  o: {
    maxLength: number;
    vocabSize: number;
    batchSize: number;
    epochs: number;
    maxBatches?: number;
    seed?: number;
    onBatch?(batch: number, loss: number): void;
  },
): Promise<number[]> {
  const L = o.maxLength,
    N = X.length / L,
    rng = new Rng(o.seed ?? 0);
  const epochLosses: number[] = [];
  let batch = 0;
  for (let e = 0; e < o.epochs && (o.maxBatches === undefined || batch < o.maxBatches); e++) {
    const order = rng.permutation(N);
    let sum = 0,
      n = 0;
    for (let i = 0; i + o.batchSize <= N; i += o.batchSize) {
      if (o.maxBatches !== undefined && batch >= o.maxBatches) break;
      const rows = order.slice(i, i + o.batchSize);
      const xb = new Int32Array(rows.length * L),
        yb = new Int32Array(rows.length * L);
      rows.forEach((r, j) => {
        xb.set(X.subarray(r * L, (r + 1) * L), j * L);
        yb.set(Y.subarray(r * L, (r + 1) * L), j * L);
      });
      const x = tf.tensor2d(xb, [rows.length, L], 'int32');
      const y = tf.oneHot(tf.tensor2d(yb, [rows.length, L], 'int32'), o.vocabSize); // [batch, maxLength, vocab]
      const out = await model.trainOnBatch(x, y);
      tf.dispose([x, y]);
      const loss = Array.isArray(out) ? out[0]! : out;
      sum += loss;
      n++;
      batch++;
      o.onBatch?.(batch, loss);
    }
    epochLosses.push(sum / Math.max(1, n));
  }
  return epochLosses;
}

/** The model's output for one padded sequence: [maxLength, vocab] probabilities, row-major. */
function predictOne(model: tf.Sequential, padded: number[]): Float32Array {
  return tf.tidy(
    () =>
      (model.predict(tf.tensor2d(padded, [1, padded.length], 'int32')) as tf.Tensor)
        .dataSync()
        .slice() as Float32Array,
  );
}

/** One iteration of the document's loop, as it ran. */
export interface AsWrittenStep {
  /** The padded input ids (post-padding). */
  input: number[];
  /** How many of them are text (the rest is padding). */
  textLength: number;
  /** `np.argmax(predicted)` over the flattened [maxLength, vocab] output. */
  flatIndex: number;
  /** Where that maximum sits: time step ⌊flatIndex / vocab⌋ and word (flatIndex mod vocab). */
  step: number;
  word: number;
  /** `index_to_word[flatIndex]`: the word, or undefined where Python raises KeyError. */
  predictedWord: string | undefined;
}

/**
 * `generate_sequence(seed_sequence, max_sequence_length)` exactly as 002 §1.4.4 writes it. Stops where
 * Python would stop: at the KeyError of `index_to_word[predicted_index]` (Keras's index_word has
 * keys 1 … vocab−1 only). Returns the text so far, every iteration, and the error if one was raised.
 * `iterations` stops the loop early (to look at the first call only); as written it is max_sequence_length.
 */
export function generateSequenceAsWritten(
  model: tf.Sequential,
  vocab: Vocab,
  seedSequence: string,
  maxSequenceLength: number,
  iterations = maxSequenceLength,
): { text: string; steps: AsWrittenStep[]; error?: string } {
  const V = vocab.size;
  let text = seedSequence;
  const steps: AsWrittenStep[] = [];
  for (let i = 0; i < iterations; i++) {
    const ids = textsToSequences(vocab, text); //                       tokenizer.texts_to_sequences([seed_sequence])[0]
    const input = padSequence(ids, maxSequenceLength, 'post'); //       pad_sequences(…, maxlen, padding='post')
    const predicted = predictOne(model, input); //                      model.predict → [1, maxlen, vocab]
    const flatIndex = argmax(predicted); //                             np.argmax(predicted): over all steps × vocab
    const predictedWord = flatIndex >= 1 && flatIndex < V ? vocab.token(flatIndex) : undefined;
    steps.push({
      input,
      textLength: Math.min(ids.length, maxSequenceLength),
      flatIndex,
      step: Math.floor(flatIndex / V),
      word: flatIndex % V,
      predictedWord,
    });
    if (predictedWord === undefined) return { text, steps, error: `KeyError: ${flatIndex}` };
    text += ' ' + predictedWord; //                                     seed_sequence += ' ' + predicted_word
  }
  return { text, steps };
}

/** Options of {@link generateSequenceCorrected}. */
export interface CorrectedOptions {
  /** Words to add. */
  numWords: number;
  /** The model's input length. */
  maxLength: number;
  /** Where the zeros go; the distribution is read at the last real step either way. @default 'pre' */
  padding?: 'pre' | 'post';
  /** 0: greedy. @default 1 */
  temperature?: number;
  /** @default 0 */
  seed?: number;
}

/** The distribution of the next word after `ids`: the model's output at the last real step. */
export function nextWordDistribution(
  model: tf.Sequential,
  ids: readonly number[],
  maxLength: number,
  padding: 'pre' | 'post',
): Float32Array {
  if (ids.length === 0) throw new Error('nextWordDistribution: no known word to predict from');
  const input = padSequence(ids, maxLength, padding);
  const out = predictOne(model, input);
  const V = out.length / maxLength;
  const last = padding === 'pre' ? maxLength - 1 : Math.min(ids.length, maxLength) - 1;
  return out.slice(last * V, (last + 1) * V);
}

/**
 * The corrected generator: the distribution at the last real step, a draw from it (temperature,
 * seeded; padding id 0 is never drawn), appended; repeated `numWords` times.
 */
export function generateSequenceCorrected(
  model: tf.Sequential,
  vocab: Vocab,
  seedSequence: string,
  o: CorrectedOptions,
): string {
  const rng = new Rng(o.seed ?? 0);
  let text = seedSequence;
  for (let i = 0; i < o.numWords; i++) {
    const p = nextWordDistribution(model, textsToSequences(vocab, text), o.maxLength, o.padding ?? 'pre');
    const logits = Array.from(p, (x, j) => (j === 0 ? -Infinity : Math.log(x)));
    text += ' ' + vocab.token(sampleLogits(logits, rng, { temperature: o.temperature ?? 1 }));
  }
  return text;
}
