/**
 * Document 003 §4.1 (文本摘要生成) as printed, and what is needed to run it. Its three listings:
 *
 * - 4.1.1 "RNN实现" (RNN) and 4.1.2 "LSTM实现" (LSTM) define the same model, line for line:
 *   Embedding(input_dim=vocab_size, output_dim=embedding_dim, input_length=max_length) →
 *   LSTM(units=hidden_units, return_sequences=True) → Dense(units=decoding_units, softmax). The "RNN"
 *   listing has no SimpleRNN. The model maps an input of max_length tokens to max_length distributions:
 *   one output token per INPUT position, so a "summary" is as long as the text. The notebook builds it
 *   with lm.kerasLanguageModel (the same three layers; chapter 6) and trains it on aligned targets
 *   ({@link alignedTargets}).
 * - All three end in `model.predict(input_text)` on a Python string: a model takes token ids, so a
 *   tokenizer, the ids and the padding must come first.
 * - 4.1.3 "注意力机制实现" adds `model.add(Attention())` between the LSTM and the Dense layer of a
 *   Sequential model. Keras's `Attention` is called on a LIST [query, value] (or [query, value, key]);
 *   a Sequential model hands each layer the single output of the one before, so Keras refuses it
 *   ("Attention layer must be called on a list of inputs, namely [query, value] or [query, value, key]").
 *   tfjs has no Attention layer at all; {@link KerasAttention} is one with Keras's contract (dot-product
 *   scores, softmax over the value steps), to show that it works when given [query, value] in a
 *   functional model and fails in a Sequential one.
 */
import * as tf from '@tensorflow/tfjs';

/** The model definitions of the three listings, verbatim (imports, training and generation omitted). */
export const LISTINGS_003: Record<'4.1.1' | '4.1.2' | '4.1.3', string> = {
  '4.1.1': `# 定义RNN模型
model = Sequential()
model.add(Embedding(input_dim=vocab_size, output_dim=embedding_dim, input_length=max_length))
model.add(LSTM(units=hidden_units, return_sequences=True))
model.add(Dense(units=decoding_units, activation='softmax'))`,
  '4.1.2': `# 定义LSTM模型
model = Sequential()
model.add(Embedding(input_dim=vocab_size, output_dim=embedding_dim, input_length=max_length))
model.add(LSTM(units=hidden_units, return_sequences=True))
model.add(Dense(units=decoding_units, activation='softmax'))`,
  '4.1.3': `# 定义注意力机制模型
model = Sequential()
model.add(Embedding(input_dim=vocab_size, output_dim=embedding_dim, input_length=max_length))
model.add(LSTM(units=hidden_units, return_sequences=True))
model.add(Attention())
model.add(Dense(units=decoding_units, activation='softmax'))`,
};

/** The lines that build layers (`model.add(…)`) of a listing. */
export function layerLines(listing: string): string[] {
  return listing.split('\n').filter((l) => l.startsWith('model.add('));
}

/** Keras's message when `Attention` gets one tensor instead of [query, value]. */
export const KERAS_ATTENTION_MESSAGE =
  'Attention layer must be called on a list of inputs, namely [query, value] or [query, value, key]';

/**
 * Keras's `Attention` (Luong-style dot-product attention) with Keras's calling contract:
 * inputs [query [batch, Tq, d], value [batch, Tv, d]] (key = value) →
 * softmax_j(query_i · value_j) weighted sum of the values, [batch, Tq, d].
 */
export class KerasAttention extends tf.layers.Layer {
  static readonly className = 'KerasAttention';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    if (!Array.isArray(inputShape[0]))
      throw new Error(
        `${KERAS_ATTENTION_MESSAGE}. Received: a single input of shape ` +
          `[${(inputShape as tf.Shape).join(', ')}]`,
      );
    return (inputShape as tf.Shape[])[0]!;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      if (!Array.isArray(inputs) || inputs.length < 2) throw new Error(KERAS_ATTENTION_MESSAGE);
      const [query, value] = inputs as [tf.Tensor3D, tf.Tensor3D];
      const scores = tf.matMul(query, value, false, true); //   [batch, Tq, Tv]   e_ij = q_i · v_j
      const alpha = tf.softmax(scores, -1); //                   α_ij = softmax_j(e_ij)
      return tf.matMul(alpha, value); //                         a_i = Σ_j α_ij v_j
    });
  }

  override getClassName(): string {
    return KerasAttention.className;
  }
}

/**
 * Tries to build listing 4.1.3 (Embedding → LSTM → Attention() → Dense in a Sequential model);
 * returns the error message (Keras's contract, as {@link KerasAttention} enforces it).
 */
export function buildAttentionListing(o: {
  vocabSize: number;
  embeddingDim: number;
  maxLength: number;
  hiddenUnits: number;
  decodingUnits: number;
}): string {
  const model = tf.sequential();
  try {
    model.add(
      tf.layers.embedding({ inputDim: o.vocabSize, outputDim: o.embeddingDim, inputLength: o.maxLength }),
    );
    model.add(tf.layers.lstm({ units: o.hiddenUnits, returnSequences: true }));
    model.add(new KerasAttention({}));
    model.add(tf.layers.dense({ units: o.decodingUnits, activation: 'softmax' }));
    return 'built';
  } catch (err) {
    return (err as Error).message;
  } finally {
    model.dispose();
  }
}

/**
 * Targets aligned with the inputs, as listings 4.1.1/4.1.2 need (one label per input position):
 * position t holds the synopsis token t, then padding (0) to `maxLength`. Token ids from `ids`.
 */
export function alignedTargets(targets: readonly (readonly number[])[], maxLength: number): Int32Array {
  const Y = new Int32Array(targets.length * maxLength);
  targets.forEach((t, i) => Y.set(t.slice(0, maxLength), i * maxLength));
  return Y;
}
