/**
 * 000 §4.2's Keras example on a real task: the UCI handwritten digits (data/optdigits), each 8×8 image
 * read as 8 steps of 8 pixels (one row per step), `LSTM(64, activation) → Dense(32, relu) →
 * Dense(10, softmax)` (src/tfjs/keras-lstm.ts) trained as the document trains it — adam, categorical
 * cross-entropy, batch 32, 10 epochs — then scored on the 1,797 test images, with the LSTM's cell state
 * C_t read at every step (`tfjs.lstmStates`), over the 8 trained steps and over 64 (eight test images
 * in a row) to see what the activation does past the trained length.
 *
 * `rnnlab digits` and notebook 13b call {@link trainDigitsLstm}. The tfjs backend is the caller's choice.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../tensor';
import { loadOptdigits } from '../data';
import { kerasLstmClassifier, lstmStates } from '../tfjs';

/** The settings of the document's example, and of the measurements on its states. */
export const DIGITS_LSTM_PROTOCOL = {
  /** 8 steps of 8 pixels: `input_shape=(timesteps, input_dim)`. */
  timesteps: 8,
  inputDim: 8,
  units: 64,
  /** As printed (the corrected model: 'tanh'). */
  activation: 'relu' as 'relu' | 'tanh',
  batchSize: 32,
  epochs: 10,
  seed: 0,
  /** The long read: this many steps, eight test images one after the other… */
  longSteps: 64,
  /** …made from the first this many test images. */
  longImages: 256,
  /** A run whose training loss is not finite, or whose test accuracy is below this, diverged. */
  divergedBelow: 0.2,
} as const;

/** Options of {@link trainDigitsLstm}; every default from {@link DIGITS_LSTM_PROTOCOL}. */
export interface DigitsLstmOptions {
  /** @default 'relu' */
  activation?: 'relu' | 'tanh';
  /** Seed of the initial weights and of the order of the training images. @default 0 */
  seed?: number;
  /** @default 10 */
  epochs?: number;
  /** Train on the first this many of the 3,823 training images. @default all */
  trainImages?: number;
  onEpoch?(info: { epoch: number; loss: number }): void;
}

/** What {@link trainDigitsLstm} returns. The caller disposes `model`. */
export interface DigitsLstmRun {
  model: tf.Sequential;
  activation: 'relu' | 'tanh';
  seed: number;
  epochs: number;
  trainImages: number;
  /** Mean training loss of each epoch. */
  losses: number[];
  testLoss: number;
  testAccuracy: number;
  /** A non-finite training loss, or test accuracy below DIGITS_LSTM_PROTOCOL.divergedBelow. */
  diverged: boolean;
  /** Mean over the test images of ‖C_t‖ (over the units), t = 1 … timesteps. */
  cNorm: number[];
  /** Largest |C_t| and |H_t| over the test images and steps. */
  cMax: number;
  hMax: number;
  /** Mean ‖C_t‖ over the long read, t = 1 … longSteps. */
  cNormLong: number[];
  /** Training seconds. */
  seconds: number;
}

/** Mean over rows of ‖C[b, t, :]‖ for each t; C is [n, steps, u]. */
function stateNorms(C: Float32Array, n: number, steps: number, u: number): number[] {
  return Array.from({ length: steps }, (_, t) => {
    let s = 0;
    for (let b = 0; b < n; b++) {
      let q = 0;
      for (let j = 0; j < u; j++) q += C[(b * steps + t) * u + j]! ** 2;
      s += Math.sqrt(q);
    }
    return s / n;
  });
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!)); // NaN stays NaN
  return m;
}

/** Trains the document's model on the digits and measures it (see the file comment). */
export async function trainDigitsLstm(o: DigitsLstmOptions = {}): Promise<DigitsLstmRun> {
  const P = DIGITS_LSTM_PROTOCOL;
  const activation = o.activation ?? P.activation,
    seed = o.seed ?? P.seed,
    epochs = o.epochs ?? P.epochs;
  if (activation !== 'relu' && activation !== 'tanh')
    throw new Error(`activation must be relu or tanh; got '${String(activation)}'`);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new Error(`epochs must be a whole number ≥ 1; got ${epochs}`);
  const digits = loadOptdigits();
  const n = o.trainImages ?? digits.train.n;
  if (!Number.isInteger(n) || n < 1 || n > digits.train.n)
    throw new Error(`trainImages must be a whole number in [1, ${digits.train.n}]; got ${n}`);
  const T = P.timesteps,
    D = P.inputDim,
    u = P.units;
  const oneHot = (y: Int32Array): tf.Tensor =>
    tf.tidy(() => tf.oneHot(tf.tensor1d(y, 'int32'), 10).toFloat());
  const xTrain = tf.tensor3d(digits.train.X.subarray(0, n * T * D), [n, T, D]); // [n, 8, 8]
  const yTrain = oneHot(digits.train.y.subarray(0, n)); // [n, 10]
  const xTest = tf.tensor3d(digits.test.X, [digits.test.n, T, D]);
  const yTest = oneHot(digits.test.y);
  const model = kerasLstmClassifier({ timesteps: T, inputDim: D, units: u, activation, seed });
  try {
    const rng = new Rng(seed);
    const losses: number[] = [];
    const t0 = performance.now();
    for (let epoch = 0; epoch < epochs; epoch++) {
      // a seeded Fisher–Yates permutation each epoch (tfjs's own shuffle is not seeded)
      const perm = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rng.uniform() * (i + 1));
        [perm[i], perm[j]] = [perm[j]!, perm[i]!];
      }
      const idx = tf.tensor1d(perm, 'int32');
      const xe = tf.gather(xTrain, idx),
        ye = tf.gather(yTrain, idx);
      const h = await model.fit(xe, ye, { epochs: 1, batchSize: P.batchSize, shuffle: false, verbose: 0 });
      tf.dispose([idx, xe, ye]);
      const loss = Number(h.history.loss![0]);
      losses.push(loss);
      o.onEpoch?.({ epoch: epoch + 1, loss });
    }
    const seconds = (performance.now() - t0) / 1000;
    const [lossT, accT] = model.evaluate(xTest, yTest, { batchSize: 256 }) as tf.Scalar[];
    const testLoss = lossT!.dataSync()[0]!,
      testAccuracy = accT!.dataSync()[0]!;
    tf.dispose([lossT!, accT!]);
    const layer = model.layers[0]!;
    const st = lstmStates(layer, digits.test.X, digits.test.n, T, D, activation);
    const nLong = Math.floor(Math.min(P.longImages, digits.test.n) / (P.longSteps / T));
    // [nLong, 64, 8]: eight consecutive test images per row
    const long = lstmStates(
      layer,
      digits.test.X.subarray(0, nLong * P.longSteps * D),
      nLong,
      P.longSteps,
      D,
      activation,
    );
    return {
      model,
      activation,
      seed,
      epochs,
      trainImages: n,
      losses,
      testLoss,
      testAccuracy,
      diverged: losses.some((l) => !Number.isFinite(l)) || testAccuracy < P.divergedBelow,
      cNorm: stateNorms(st.C, digits.test.n, T, u),
      cMax: maxAbs(st.C),
      hMax: maxAbs(st.H),
      cNormLong: stateNorms(long.C, nLong, P.longSteps, u),
      seconds,
    };
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    tf.dispose([xTrain, yTrain, xTest, yTest]);
  }
}
