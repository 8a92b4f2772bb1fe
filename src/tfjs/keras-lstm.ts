/**
 * 000 §4.2's Keras model, layer for layer:
 *
 *   LSTM(64, activation='relu', input_shape=(timesteps, input_dim)) → Dense(32, relu) → Dense(10, softmax)
 *
 * compiled with adam and categorical cross-entropy. `activation: 'tanh'` is the corrected model (the
 * LSTM's own activation, Keras's default). The other settings are tf.keras's defaults, which tfjs does
 * not all share: recurrent activation σ (tfjs: hardSigmoid), forget-gate bias 1 (unit_forget_bias),
 * Glorot-uniform kernels, an orthogonal recurrent kernel.
 *
 * The LSTM with activation φ, in tfjs's gate order i, f, c, o (kernel [D, 4u], recurrentKernel [u, 4u]):
 *
 *   I_t = σ(X_t W_xi + H_{t−1} W_hi + b_i)      F_t = σ(X_t W_xf + H_{t−1} W_hf + b_f)
 *   C̃_t = φ(X_t W_xc + H_{t−1} W_hc + b_c)      O_t = σ(X_t W_xo + H_{t−1} W_ho + b_o)
 *   C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t             H_t = O_t ⊙ φ(C_t)
 *
 * With φ = tanh, |C̃_t| < 1, so |C_t| ≤ t and H_t ∈ (−1, 1). With φ = relu nothing bounds C̃_t, C_t or H_t:
 * a large H_t makes the next C̃_t larger still.
 */
import * as tf from '@tensorflow/tfjs';

/** Options of {@link kerasLstmClassifier}. */
export interface KerasLstmOptions {
  /** Steps per sequence (the document's `timesteps`). */
  timesteps: number;
  /** Features per step (the document's `input_dim`). */
  inputDim: number;
  /** φ of the LSTM. @default 'relu' (as printed) */
  activation?: 'relu' | 'tanh';
  /** LSTM units. @default 64 */
  units?: number;
  /** @default 10 */
  numClasses?: number;
  /** Seed of the initial weights. @default 0 */
  seed?: number;
}

/** The document's model (compiled with adam, categoricalCrossentropy, accuracy). */
export function kerasLstmClassifier(o: KerasLstmOptions): tf.Sequential {
  const seed = o.seed ?? 0;
  const model = tf.sequential();
  model.add(
    tf.layers.lstm({
      units: o.units ?? 64,
      activation: o.activation ?? 'relu',
      inputShape: [o.timesteps, o.inputDim],
      recurrentActivation: 'sigmoid',
      unitForgetBias: true,
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: 32,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 2 }),
    }),
  );
  model.add(
    tf.layers.dense({
      units: o.numClasses ?? 10,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 3 }),
    }),
  );
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** H_t and C_t at every step, batch-major. */
export interface LstmStates {
  H: Float32Array; // [n, T, u]
  C: Float32Array; // [n, T, u]
}

/**
 * The LSTM's H_t and C_t at every step from the equations in the file comment, with the weights of
 * `layer` (an LSTM layer: kernel, recurrentKernel, bias) and φ = `activation`, from zero state.
 * X is [n, T, D] row-major. tfjs's layer returns H_T only; this gives every step, C included.
 */
export function lstmStates(
  layer: tf.layers.Layer,
  X: Float32Array,
  n: number,
  T: number,
  D: number,
  activation: 'relu' | 'tanh',
): LstmStates {
  const [kernel, recurrentKernel, bias] = layer.getWeights();
  if (kernel === undefined || recurrentKernel === undefined || bias === undefined)
    throw new Error(`lstmStates: layer '${layer.name}' has no kernel, recurrentKernel and bias`);
  if (kernel.shape[0] !== D || X.length !== n * T * D)
    throw new Error(
      `lstmStates: X of ${X.length} values is not [${n}, ${T}, ${D}] for a kernel [${kernel.shape.join(', ')}]`,
    );
  const u = recurrentKernel.shape[0]!;
  const phi = (z: tf.Tensor): tf.Tensor => (activation === 'relu' ? tf.relu(z) : tf.tanh(z));
  const H = new Float32Array(n * T * u),
    C = new Float32Array(n * T * u);
  tf.tidy(() => {
    const Xs = tf.tensor3d(X, [n, T, D]);
    let h: tf.Tensor = tf.zeros([n, u]), // [n, u]
      c: tf.Tensor = tf.zeros([n, u]); // [n, u]
    for (let t = 0; t < T; t++) {
      const xt = Xs.slice([0, t, 0], [n, 1, D]).reshape([n, D]); // [n, D]
      const z = xt
        .matMul(kernel as tf.Tensor2D)
        .add(h.matMul(recurrentKernel as tf.Tensor2D))
        .add(bias); // [n, 4u]
      const [zi, zf, zc, zo] = tf.split(z, 4, 1);
      c = tf
        .sigmoid(zf!)
        .mul(c)
        .add(tf.sigmoid(zi!).mul(phi(zc!))); // C_t = F⊙C_{t−1} + I⊙C̃
      h = tf.sigmoid(zo!).mul(phi(c)); // H_t = O⊙φ(C_t)
      const hv = h.dataSync(),
        cv = c.dataSync();
      for (let b = 0; b < n; b++) {
        H.set(hv.subarray(b * u, (b + 1) * u), (b * T + t) * u);
        C.set(cv.subarray(b * u, (b + 1) * u), (b * T + t) * u);
      }
    }
  });
  return { H, C };
}
