/**
 * The language model of src/lm/model.ts built from tfjs layers — `tf.layers.embedding` → stacked
 * `simpleRNN` / `gru` / `lstm` (returnSequences, returnState, recurrentActivation 'sigmoid') →
 * `dense` — trained with `tf.variableGrads`, clipping by global norm and tfjs's optimizers.
 *
 * It is the readable reference and what the notebook's Keras reproduction builds on; the engine
 * (src/engine) trains the same architecture far faster. Weights use the same names and layouts as the
 * engine's, so a checkpoint moves between the two.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../tensor';
import {
  checkWeights,
  LanguageModel,
  LayerState,
  recurrentCell,
  LMConfig,
  LMConfigOptions,
  lmConfig,
  LMOptimizer,
  LMState,
  LMStepResult,
  LMTrainStepOptions,
  NamedWeight,
  weightShapes,
} from './model';
import { LM_PROTOCOL } from './protocol';

/** The language model on tfjs layers. */
export class TfjsLanguageModel implements LanguageModel {
  readonly config: LMConfig;
  readonly backend = 'tfjs';
  private readonly embedding: tf.layers.Layer;
  private readonly recurrent: tf.RNN[];
  private readonly dense: tf.layers.Layer;
  private optimizer: tf.Optimizer | undefined;
  private optimizerKey = '';
  private dropoutCalls = 0;
  private disposed = false;

  constructor(options: LMConfigOptions) {
    const c = (this.config = lmConfig(options));
    recurrentCell(c, 'the tfjs backend');
    if (c.variational)
      throw new Error(
        "variational dropout runs on the engine only (backend 'engine'); the tfjs backend has none",
      );
    // Built with zeros (cheap; tfjs's orthogonal initializer is slow for large matrices), then set below.
    const zeros = { kernelInitializer: 'zeros', recurrentInitializer: 'zeros' } as const;
    this.embedding = tf.layers.embedding({
      inputDim: c.vocabSize,
      outputDim: c.embedDim,
      name: 'embedding',
      embeddingsInitializer: 'zeros',
    });
    this.recurrent = Array.from({ length: c.numLayers }, (_, l) => {
      const common = {
        units: c.numHiddens,
        returnSequences: true,
        returnState: true,
        name: `${c.cell}_${l}`,
        ...zeros,
      };
      if (c.cell === 'rnn') return tf.layers.simpleRNN({ ...common, activation: 'tanh' });
      if (c.cell === 'gru') return tf.layers.gru({ ...common, recurrentActivation: 'sigmoid' });
      return tf.layers.lstm({ ...common, recurrentActivation: 'sigmoid' });
    });
    this.dense = tf.layers.dense({ units: c.vocabSize, name: 'dense', kernelInitializer: 'zeros' });
    // Build every layer with one token, then set seeded initial weights:
    // embedding N(0, 1) (as PyTorch), recurrent and dense U(−1/√H, 1/√H), LSTM forget-gate bias 1.
    tf.tidy(() => {
      this.dense.apply(this.forward(new Int32Array(1), 1, 1, undefined, false).top);
    });
    const rng = new Rng(c.seed);
    const a = 1 / Math.sqrt(c.numHiddens);
    const init: Record<string, NamedWeight> = {};
    for (const [name, shape] of Object.entries(weightShapes(c))) {
      const n = shape.reduce((x, y) => x * y, 1);
      const data =
        name === 'embedding/embeddings'
          ? Float32Array.from({ length: n }, () => rng.normal())
          : Float32Array.from({ length: n }, () => rng.range(-a, a));
      if (c.cell === 'lstm' && name.endsWith('/bias') && !name.startsWith('dense'))
        data.fill(1, c.numHiddens, 2 * c.numHiddens);
      init[name] = { shape, data };
    }
    this.setWeights(init);
  }

  /** Each weight's name and its tfjs layer variable, in {@link weightShapes} order. */
  private named(): [string, tf.LayerVariable][] {
    const out: [string, tf.LayerVariable][] = [];
    out.push(['embedding/embeddings', this.embedding.weights[0]!]);
    this.recurrent.forEach((layer, l) => {
      ['kernel', 'recurrent_kernel', 'bias'].forEach((suffix, i) =>
        out.push([`${this.config.cell}_${l}/${suffix}`, layer.weights[i]!]),
      );
    });
    out.push(['dense/kernel', this.dense.weights[0]!], ['dense/bias', this.dense.weights[1]!]);
    return out;
  }

  get numParams(): number {
    return Object.values(weightShapes(this.config)).reduce(
      (s, shape) => s + shape.reduce((a, b) => a * b, 1),
      0,
    );
  }

  /** Initial-state tensors of layer l, or undefined for zeros. */
  private initialState(state: LMState | undefined, l: number, B: number): tf.Tensor[] | undefined {
    const s = state?.[l];
    if (s === undefined) return undefined;
    const H = this.config.numHiddens;
    if (s.h.length !== B * H)
      throw new Error(`state[${l}].h must hold [${B}, ${H}] = ${B * H} values, got ${s.h.length}`);
    const out = [tf.tensor2d(s.h, [B, H])];
    if (this.config.cell === 'lstm') {
      if (s.c === undefined || s.c.length !== B * H)
        throw new Error(
          `state[${l}].c must hold [${B}, ${H}] = ${B * H} values for an LSTM, got ${s.c?.length ?? 'none'}`,
        );
      out.push(tf.tensor2d(s.c, [B, H]));
    }
    return out;
  }

  /**
   * Embedding and every recurrent layer. Returns the outputs [B, T, H] of layer `pick` (default: the
   * top one; after dropout when training) and every layer's final state tensors.
   */
  private forward(
    X: Int32Array,
    B: number,
    T: number,
    state: LMState | undefined,
    training: boolean,
    pick = this.config.numLayers - 1,
  ): { top: tf.Tensor; finals: tf.Tensor[][] } {
    if (X.length !== B * T)
      throw new Error(`expected X of shape [${B}, ${T}] (${B * T} ids), got ${X.length}`);
    const V = this.config.vocabSize;
    for (let i = 0; i < X.length; i++) {
      if (!(X[i]! >= 0 && X[i]! < V))
        throw new Error(`X[${Math.floor(i / T)}, ${i % T}] = ${X[i]} is outside the vocabulary [0, ${V})`);
    }
    if (state !== undefined && state.length !== this.config.numLayers)
      throw new Error(`expected a state for ${this.config.numLayers} layer(s), got ${state.length}`);
    let h = this.embedding.apply(tf.tensor2d(X, [B, T], 'int32')) as tf.Tensor; //   [B, T, embedDim]
    if (training && this.config.dropout > 0)
      h = tf.dropout(h, this.config.dropout, undefined, this.config.seed * 7919 + ++this.dropoutCalls);
    const finals: tf.Tensor[][] = [];
    let picked = h;
    for (let l = 0; l < this.config.numLayers; l++) {
      const init = this.initialState(state, l, B);
      const out = this.recurrent[l]!.apply(h, init ? { initialState: init } : {}) as tf.Tensor[];
      h = out[0]!; //                                                               [B, T, numHiddens]
      finals.push(out.slice(1)); //                                                 H_T (, C_T)  [B, numHiddens]
      if (training && this.config.dropout > 0)
        h = tf.dropout(h, this.config.dropout, undefined, this.config.seed * 7919 + ++this.dropoutCalls);
      if (l === pick) picked = h;
    }
    return { top: picked, finals };
  }

  /** Mean −log softmax(O)[y] over all (b, t), and the kept final-state tensors. */
  private lossOf(
    X: Int32Array,
    Y: Int32Array,
    B: number,
    T: number,
    state: LMState | undefined,
    training: boolean,
  ): { loss: tf.Scalar; finals: tf.Tensor[][] } {
    if (Y.length !== B * T)
      throw new Error(`expected Y of shape [${B}, ${T}] (${B * T} ids), got ${Y.length}`);
    const V = this.config.vocabSize;
    for (let i = 0; i < Y.length; i++) {
      if (!(Y[i]! >= 0 && Y[i]! < V))
        throw new Error(`Y[${Math.floor(i / T)}, ${i % T}] = ${Y[i]} is outside the vocabulary [0, ${V})`);
    }
    const { top, finals } = this.forward(X, B, T, state, training);
    const O = (this.dense.apply(top) as tf.Tensor).reshape([B * T, V]); //   [B·T, vocabSize]
    const logP = tf.logSoftmax(O);
    const onehot = tf.oneHot(tf.tensor1d(Y, 'int32'), V); //                 [B·T, vocabSize]
    const loss = tf.neg(tf.mean(tf.sum(tf.mul(onehot, logP), 1))) as tf.Scalar;
    for (const f of finals) for (const t of f) tf.keep(t);
    return { loss, finals };
  }

  /** Copies the final-state tensors out and frees them. */
  private readState(finals: tf.Tensor[][]): LMState {
    return finals.map((f) => {
      const s: LayerState = { h: f[0]!.dataSync().slice() as Float32Array };
      if (f[1] !== undefined) s.c = f[1].dataSync().slice() as Float32Array;
      for (const t of f) t.dispose();
      return s;
    });
  }

  private trainableVariables(): tf.Variable[] {
    return this.named().map(([name, w]) => {
      const v = w.read();
      if (!(v instanceof tf.Variable)) throw new Error(`weight '${name}' is not a tf.Variable`);
      return v;
    });
  }

  /**
   * tf.train's rules that match the engine's (μ = 0.9 for momentum and nesterov). Not here: adagrad
   * (tfjs starts its accumulator at 0.1), rmsprop (tfjs puts ε inside the square root) and the
   * penalties — those train on the engine.
   */
  private optimizerFor(name: LMOptimizer, lr: number): tf.Optimizer {
    const key = `${name}:${lr}`;
    if (this.optimizer === undefined || key !== this.optimizerKey) {
      this.optimizer?.dispose();
      switch (name) {
        case 'sgd':
          this.optimizer = tf.train.sgd(lr);
          break;
        case 'momentum':
        case 'nesterov':
          this.optimizer = tf.train.momentum(lr, 0.9, name === 'nesterov');
          break;
        case 'adam':
          this.optimizer = tf.train.adam(lr, 0.9, 0.999, 1e-8);
          break;
        default:
          throw new Error(
            `the tfjs language model trains with sgd, momentum, nesterov or adam; got '${name}' ` +
              `(backend 'engine' has it)`,
          );
      }
      this.optimizerKey = key;
    }
    return this.optimizer;
  }

  trainStep(
    X: Int32Array,
    Y: Int32Array,
    batchSize: number,
    numSteps: number,
    o: LMTrainStepOptions,
  ): LMStepResult {
    this.check();
    if ((o.weightDecay ?? 0) !== 0 || (o.l1 ?? 0) !== 0) {
      throw new Error(
        `the tfjs language model trains without weight decay or L1 (backend 'engine' has them); ` +
          `got weightDecay ${o.weightDecay ?? 0}, l1 ${o.l1 ?? 0}`,
      );
    }
    let finals: tf.Tensor[][] = [];
    const vars = this.trainableVariables();
    const { value, grads } = tf.variableGrads(() => {
      const r = this.lossOf(X, Y, batchSize, numSteps, o.state, true);
      finals = r.finals;
      return r.loss;
    }, vars);
    const loss = value.dataSync()[0]!;
    value.dispose();
    // ‖g‖ = √(Σ_θ Σ g_θ²); g ← g · min(1, clip/‖g‖)
    const gradNorm = tf.tidy(() =>
      Math.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0]!),
    );
    const clip = o.clip ?? 0;
    const scale = clip > 0 && gradNorm > clip ? clip / gradNorm : 1;
    const scaled: tf.NamedTensorMap =
      scale === 1
        ? grads
        : tf.tidy(() => Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, scale)])));
    this.optimizerFor(o.optimizer ?? LM_PROTOCOL.optimizer, o.lr).applyGradients(scaled);
    tf.dispose(Object.values(grads));
    if (scaled !== grads) tf.dispose(Object.values(scaled));
    return { loss, state: this.readState(finals), gradNorm };
  }

  evaluate(X: Int32Array, Y: Int32Array, batchSize: number, numSteps: number, state?: LMState): LMStepResult {
    this.check();
    let finals: tf.Tensor[][] = [];
    const loss = tf.tidy(() => {
      const r = this.lossOf(X, Y, batchSize, numSteps, state, false);
      finals = r.finals;
      return r.loss.dataSync()[0]!;
    });
    return { loss, state: this.readState(finals) };
  }

  stepLogits(tokens: Int32Array, state?: LMState): { logits: Float32Array; state: LMState } {
    this.check();
    let finals: tf.Tensor[][] = [];
    const logits = tf.tidy(() => {
      const { top, finals: f } = this.forward(tokens, tokens.length, 1, state, false);
      for (const g of f) for (const t of g) tf.keep(t);
      finals = f;
      return (this.dense.apply(top) as tf.Tensor).dataSync().slice() as Float32Array; // [batch, vocabSize]
    });
    return { logits, state: this.readState(finals) };
  }

  hiddenStates(
    X: Int32Array,
    batchSize: number,
    numSteps: number,
    options: { layer?: number; state?: LMState } = {},
  ): { H: Float32Array; state: LMState } {
    this.check();
    const layer = options.layer ?? this.config.numLayers - 1;
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.config.numLayers)
      throw new Error(`layer must be in [0, ${this.config.numLayers}); got ${layer}`);
    let finals: tf.Tensor[][] = [];
    const H = tf.tidy(() => {
      const { top, finals: f } = this.forward(X, batchSize, numSteps, options.state, false, layer);
      for (const g of f) for (const t of g) tf.keep(t);
      finals = f;
      return top.dataSync().slice() as Float32Array; //   [batchSize, numSteps, numHiddens]
    });
    return { H, state: this.readState(finals) };
  }

  getWeights(): Record<string, NamedWeight> {
    const out: Record<string, NamedWeight> = {};
    for (const [name, w] of this.named()) {
      const t = w.read();
      out[name] = { shape: [...t.shape], data: t.dataSync().slice() as Float32Array };
    }
    return out;
  }

  setWeights(weights: Record<string, NamedWeight>): void {
    this.check();
    checkWeights(this.config, weights);
    for (const [name, w] of this.named()) {
      const { shape, data } = weights[name]!;
      const t = tf.tensor(data, shape);
      w.write(t);
      t.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const [, w] of this.named()) w.dispose();
    this.optimizer?.dispose();
  }

  private check(): void {
    if (this.disposed) throw new Error('this TfjsLanguageModel was disposed');
  }
}
