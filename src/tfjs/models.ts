/**
 * The models of src/nn built from tfjs layers, for comparison and for the documents' Keras examples.
 */
import * as tf from '@tensorflow/tfjs';
import { Activation } from '../nn';

export type Cell = 'rnn' | 'lstm' | 'gru';

/** Options of {@link recurrentModel}. */
export interface RecurrentModelOptions {
  cell: Cell;
  numInputs: number;
  numHiddens: number;
  /** Time steps, or null for any length. @default null */
  numSteps?: number | null;
  /** tfjs defaults to 'hardSigmoid'; the documents' equations use σ. @default 'sigmoid' */
  recurrentActivation?: 'sigmoid' | 'hardSigmoid';
  /** For cell 'rnn' only: its nonlinearity. @default 'tanh' */
  activation?: Activation;
}

const tfActivation = (a: Activation): 'linear' | 'sigmoid' | 'tanh' | 'relu' =>
  a === 'identity' ? 'linear' : a;

/** The recurrent layer alone, returning all hidden states and the final state(s). */
export function recurrentLayer(o: RecurrentModelOptions): tf.RNN {
  const common = { units: o.numHiddens, returnSequences: true, returnState: true };
  switch (o.cell) {
    case 'rnn':
      return tf.layers.simpleRNN({ ...common, activation: tfActivation(o.activation ?? 'tanh') });
    case 'lstm':
      return tf.layers.lstm({
        ...common,
        recurrentActivation: o.recurrentActivation ?? 'sigmoid',
        unitForgetBias: false,
      });
    case 'gru':
      return tf.layers.gru({ ...common, recurrentActivation: o.recurrentActivation ?? 'sigmoid' });
  }
}

/**
 * A functional model: inputs [X, H0(, C0)], outputs [H (all steps), H_T(, C_T)] — the same contract
 * as our forward functions, initial states included.
 */
export function recurrentModel(o: RecurrentModelOptions): { model: tf.LayersModel; layer: tf.RNN } {
  const X = tf.input({ shape: [o.numSteps ?? null, o.numInputs] });
  const states = o.cell === 'lstm' ? 2 : 1;
  const init = Array.from({ length: states }, () => tf.input({ shape: [o.numHiddens] }));
  const layer = recurrentLayer(o);
  const out = layer.apply(X, { initialState: init }) as tf.SymbolicTensor[];
  return { model: tf.model({ inputs: [X, ...init], outputs: out }), layer };
}

/**
 * 000 §4.1's Keras model, layer for layer: Dense(64, relu, input_dim) → Dense(32, relu) →
 * Dense(10, softmax), compiled with adam and categorical cross-entropy. The document uses
 * input_dim=1000 on data it never defines; give the real data's width.
 */
export function kerasMlp(inputDim: number, numClasses = 10, seed = 0): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({
      units: 64,
      activation: 'relu',
      inputDim,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 32,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: numClasses,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    }),
  );
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}
