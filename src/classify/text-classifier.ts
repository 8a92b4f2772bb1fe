/**
 * Sentence classifiers from tfjs layers, after 001 §4.2 (构建递归神经网络模型):
 *
 *   ids [batchSize, numSteps] → Embedding → E [batchSize, numSteps, embeddingDim]
 *     → LSTM | GRU | bidirectional LSTM → H_T [batchSize, numHiddens (×2 when bidirectional)]
 *     → Dense(1, sigmoid) → p = P(positive) [batchSize, 1]        trained with binary cross-entropy
 *
 * With `maskZero` (the default) the Embedding marks index 0 — the padding of `padSequences` — as absent
 * and the recurrent layer carries its state unchanged across those steps (tfjs `rnn()`:
 * H_t = m_t ⊙ cell(X_t, H_{t−1}) + (1 − m_t) ⊙ H_{t−1}), so how much a sentence is padded, and on which
 * side, does not change its prediction.
 *
 * {@link documentTextClassifier} is the document's model exactly as printed, mistakes included.
 *
 * Every initializer is seeded, so the same seed gives the same initial weights. The recurrent layers
 * use σ for their gates (Keras ≥ 2.3's default; tfjs's own default is 'hardSigmoid') and, as Keras
 * does by default, start the LSTM forget-gate bias at 1 (`unitForgetBias`).
 */
import * as tf from '@tensorflow/tfjs';

export type TextModelKind = 'lstm' | 'gru' | 'bilstm';
export const TEXT_MODEL_KINDS: readonly TextModelKind[] = ['lstm', 'gru', 'bilstm'];

/** Options of {@link textClassifier}. */
export interface TextClassifierOptions {
  kind: TextModelKind;
  /** Rows of the embedding table: largest word index + 1 (`Tokenizer.vocabSize`). */
  vocabSize: number;
  /** @default 128 (001 §4.2) */
  embeddingDim?: number;
  /** Units of the recurrent layer (per direction for 'bilstm'). @default 64 (001 §4.2) */
  numHiddens?: number;
  /** Treat index 0 as padding and skip it. @default true */
  maskZero?: boolean;
  /** Seed of all initial weights. @default 0 */
  seed?: number;
  /** Adam's step size. @default 1e-3 (Keras's default for 'adam') */
  learningRate?: number;
}

/** A compiled model plus what the training loop needs to know about it. */
export interface TextClassifier {
  model: tf.Sequential;
  kind: TextModelKind;
  /** True when padded steps are masked, so batches may be cut to their longest sentence. */
  maskZero: boolean;
  options: Required<TextClassifierOptions>;
}

function recurrent(
  kind: 'lstm' | 'gru',
  units: number,
  seed: number,
  extra: { goBackwards?: boolean } = {},
): tf.RNN {
  const common = {
    units,
    recurrentActivation: 'sigmoid' as const,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ gain: 1, seed: seed + 1 }),
    ...extra,
  };
  return kind === 'lstm' ? tf.layers.lstm({ ...common, unitForgetBias: true }) : tf.layers.gru(common);
}

/**
 * tfjs's Bidirectional builds its backward layer from the forward layer's config, seed included, so
 * both directions would start from identical weights; this redraws the backward half with other seeds.
 */
function reseedBackward(layer: tf.layers.Layer, units: number, seed: number): void {
  const w = layer.getWeights(); // the variables' own values: [kernel, recurrentKernel, bias] forward, then backward
  if (w.length !== 6) throw new Error(`bidirectional LSTM: expected 6 weight tensors, got ${w.length}`);
  const fresh = tf.tidy(() => [
    tf.initializers.glorotUniform({ seed: seed + 100 }).apply(w[3]!.shape),
    tf.initializers.orthogonal({ gain: 1, seed: seed + 101 }).apply(w[4]!.shape),
    tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]), // unit forget bias
  ]);
  layer.setWeights([w[0]!, w[1]!, w[2]!, ...fresh]);
  tf.dispose(fresh);
}

/** Embedding → LSTM | GRU | BiLSTM → Dense(1, sigmoid), compiled with Adam and binary cross-entropy. */
export function textClassifier(options: TextClassifierOptions): TextClassifier {
  const o: Required<TextClassifierOptions> = {
    embeddingDim: 128,
    numHiddens: 64,
    maskZero: true,
    seed: 0,
    learningRate: 1e-3,
    ...options,
  };
  if (!(Number.isInteger(o.vocabSize) && o.vocabSize >= 2))
    throw new Error(`textClassifier: vocabSize must be an integer ≥ 2, got ${o.vocabSize}`);
  if (!(TEXT_MODEL_KINDS as readonly string[]).includes(o.kind))
    throw new Error(`textClassifier: kind must be one of ${TEXT_MODEL_KINDS.join(', ')}, got '${o.kind}'`);
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: o.vocabSize,
      outputDim: o.embeddingDim,
      maskZero: o.maskZero,
      inputShape: [null],
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: o.seed }),
    }),
  );
  if (o.kind === 'bilstm') {
    const bi = tf.layers.bidirectional({
      layer: recurrent('lstm', o.numHiddens, o.seed + 10),
      mergeMode: 'concat',
    });
    model.add(bi);
    reseedBackward(bi, o.numHiddens, o.seed);
  } else {
    model.add(recurrent(o.kind, o.numHiddens, o.seed + 10));
  }
  model.add(
    tf.layers.dense({
      units: 1,
      activation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: o.seed + 20 }),
    }),
  );
  model.compile({
    optimizer: tf.train.adam(o.learningRate),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return { model, kind: o.kind, maskZero: o.maskZero, options: o };
}

/** Options of {@link documentTextClassifier}; the defaults are 001 §4.2's numbers. */
export interface DocumentModelOptions {
  /** Keras `num_classes`, which the document never defines. @default 2 */
  numClasses?: number;
  /** @default 10000 */
  vocabSize?: number;
  /** @default 128 */
  embeddingDim?: number;
  /** Keras `input_length`. @default 100 */
  inputLength?: number;
  /** @default 64 */
  numHiddens?: number;
  /** @default 0 */
  seed?: number;
}

/**
 * 001 §4.2–4.3 as printed: Embedding(10000, 128, input_length=100) → LSTM(64) →
 * Dense(num_classes, softmax) → Dense(1, sigmoid), compiled with Adam and *categorical*
 * cross-entropy. It cannot learn. `fit` refuses 0/1 targets of shape [n, 1] (tfjs, like Keras 2,
 * checks that categorical cross-entropy gets one-hot targets) and one-hot targets [n, 2] do not match
 * the single output. Computed anyway, the loss normalises the single output by its own sum (p / p = 1),
 * clips it to 1 − ε and is the constant −ȳ·log(1 − ε) ≈ 1.2·10⁻⁷·ȳ, with every gradient exactly 0
 * (notebook 07 shows the numbers). Kept to reproduce that.
 */
export function documentTextClassifier(options: DocumentModelOptions = {}): tf.Sequential {
  const {
    numClasses = 2,
    vocabSize = 10000,
    embeddingDim = 128,
    inputLength = 100,
    numHiddens = 64,
    seed = 0,
  } = options;
  const model = tf.sequential();
  model.add(
    tf.layers.embedding({
      inputDim: vocabSize,
      outputDim: embeddingDim,
      inputLength,
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }),
    }),
  );
  model.add(recurrent('lstm', numHiddens, seed + 10));
  model.add(
    tf.layers.dense({
      units: numClasses,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 20 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 1,
      activation: 'sigmoid',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 30 }),
    }),
  );
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
