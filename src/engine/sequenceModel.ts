/**
 * A token-level sequence model on the engine — embedding → stacked recurrent layers (RNN, GRU or
 * LSTM, dropout between them) → dense over the vocabulary, trained with softmax cross-entropy:
 *
 *   E_t = emb[x_t]                                     [batchSize, embedDim]
 *   H_t^(1) = cell(dropout(E_t), H_{t−1}^(1)),  H_t^(l) = cell(dropout(H_t^(l−1)), H_{t−1}^(l))
 *   Ŷ_t = softmax(dropout(H_t^(L)) W_out + b_out)      [batchSize, vocabSize]
 *   loss = mean over (b, t) of −log Ŷ_t[b, y_{b,t}]
 *
 * Dropout (inverted, rate `dropout`, src/engine/dropout.ts) acts during training only, on every
 * non-recurrent connection as in Zaremba et al. 2014 — the embedding output, between layers and before
 * the dense layer — with a fresh mask at every step. With `variational` (Gal & Ghahramani 2016; LSTM
 * only) each of those masks is drawn once per sequence and kept at every step, and the recurrent
 * input of every layer is masked too, H_{t−1}^(l) ⊙ M_h^(l) in place of H_{t−1}^(l) (recurrent.ts).
 * Tokens come batch-major ([batchSize, numSteps], as the data pipeline makes them); inside, the engine
 * works time-major. The recurrent state can be carried from one call to the next (truncated BPTT:
 * the state is carried, its gradient is not).
 */
import { Dense } from './dense';
import { Engine } from './engine';
import { clipGlobalNorm } from './clip';
import { softmaxCrossEntropy } from './loss';
import { Optimizer, OptimizerName, OptimizerOptions } from './optimizer';
import { Parameter, setNamedWeights } from './parameter';
import { engineRng } from './random';
import { NamedWeight } from './layout';
import { intsAt, readFloats } from './ops';
import { Rng } from '../tensor';
import { CellType, GATES, LayerState, RecurrentLayer } from './recurrent';
import { Workspace } from './workspace';
import { drawDropoutMask } from './dropout';

/** Options of {@link SequenceModel}. */
export interface SequenceModelOptions {
  /** The recurrent cell (no default: the task's protocol chooses, e.g. LM_PROTOCOL.cell). */
  cell: CellType;
  vocabSize: number;
  /** Embedding width (no default: the task's protocol chooses). */
  embedDim: number;
  /** Hidden units per recurrent layer (no default: the task's protocol chooses). */
  numHiddens: number;
  /** @default 1 */
  numLayers?: number;
  /** Dropout rate on the embedding output and each recurrent layer's output while training. @default 0 */
  dropout?: number;
  /**
   * Variational dropout: one mask per sequence, the same at every step, on the embedding output, the
   * layers' outputs and (LSTM only) the recurrent state. @default false
   */
  variational?: boolean;
  /** Seed of the initial weights and of the dropout masks. @default 0 */
  seed?: number;
  /** Recurrent biases drawn as PyTorch draws them (see RecurrentLayerOptions.pytorchBias in recurrent.ts). @default false */
  pytorchBias?: boolean;
}

/** The recurrent state of every layer (H, and C for an LSTM), each [batchSize, numHiddens]. */
export type ModelState = LayerState[];

/** Options of {@link SequenceModel.trainStep}. */
export interface TrainStepOptions {
  /** Update rule, by name or with hyper-parameters; its state persists while the name stays. @default 'adam' */
  optimizer?: OptimizerName | OptimizerOptions;
  /** Learning rate. */
  lr: number;
  /** Clip the global gradient norm at this value; 0 or omitted: no clipping. @default 0 */
  clip?: number;
  /** The state carried from the previous batch (detached); omitted: zeros. */
  state?: ModelState;
}

/** The result of a training or evaluation step. */
export interface StepResult {
  /** Mean cross-entropy per token (nats), before the update. */
  loss: number;
  /** The final state, detached (copies), to pass to the next call. */
  state: ModelState;
  /** Global gradient norm before clipping (training only). */
  gradNorm?: number;
}

export class SequenceModel {
  readonly cell: CellType;
  readonly vocabSize: number;
  readonly embedDim: number;
  readonly numHiddens: number;
  readonly numLayers: number;
  readonly dropout: number;
  readonly variational: boolean;
  /** [vocabSize, embedDim], N(0, 1) initially as PyTorch's Embedding. */
  readonly embedding: Parameter;
  readonly layers: RecurrentLayer[];
  readonly output: Dense;
  private readonly rng: Rng;
  private readonly ws: Workspace;
  private optimizer: Optimizer | undefined;
  private optimizerKey = '';
  private disposed = false;

  constructor(
    private readonly engine: Engine,
    options: SequenceModelOptions,
  ) {
    this.cell = options.cell;
    // Own keys only: 'constructor' or 'toString' are in every object.
    if (!Object.hasOwn(GATES, this.cell)) {
      throw new Error(`SequenceModel: cell must be one of rnn, gru, lstm; got '${String(this.cell)}'`);
    }
    this.vocabSize = options.vocabSize;
    this.embedDim = options.embedDim;
    this.numHiddens = options.numHiddens;
    this.numLayers = options.numLayers ?? 1;
    this.dropout = options.dropout ?? 0;
    this.variational = options.variational ?? false;
    for (const [k, v] of [
      ['vocabSize', this.vocabSize],
      ['embedDim', this.embedDim],
      ['numHiddens', this.numHiddens],
      ['numLayers', this.numLayers],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) {
        throw new Error(`SequenceModel: ${k} must be a positive integer; got ${v}`);
      }
    }
    if (!(this.dropout >= 0 && this.dropout < 1)) {
      throw new Error(`SequenceModel: dropout must be in [0, 1); got ${this.dropout}`);
    }
    if (this.variational && this.cell !== 'lstm') {
      throw new Error(
        'SequenceModel: variational dropout (a mask on the recurrent state) is implemented for lstm ' +
          `only; got '${this.cell}'`,
      );
    }
    const seed = options.seed ?? 0;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
      throw new Error(`SequenceModel: seed must be an integer in [0, 2^32); got ${seed}`);
    }
    // Refused before anything is allocated: weights, gradients and Adam's two moments, 4 float32 each.
    const G = GATES[this.cell],
      H = this.numHiddens,
      E = this.embedDim,
      V = this.vocabSize;
    const numParams = V * E + G * H * (E + H + 2) + (this.numLayers - 1) * G * H * (2 * H + 2) + H * V + V;
    const need = 16 * numParams,
      available = engine.mem.availableBytes;
    if (need > available) {
      const gib = (b: number): string => `${(b / 2 ** 30).toFixed(2)} GiB`;
      throw new Error(
        `SequenceModel: ${this.numLayers} ${this.cell} layer(s) of ${H} units ` +
          `(${numParams.toLocaleString('en')} parameters) need about ${gib(need)} of engine memory for ` +
          `weights, gradients and Adam's moments; the engine has ${gib(available)} left`,
      );
    }
    const init = engineRng(seed);
    this.embedding = new Parameter(
      engine,
      'embedding/embeddings',
      [this.vocabSize, this.embedDim],
      init.normalArray(this.vocabSize * this.embedDim, 1),
    );
    this.layers = Array.from(
      { length: this.numLayers },
      (_, l) =>
        new RecurrentLayer(engine, {
          cell: this.cell,
          inputSize: l === 0 ? this.embedDim : this.numHiddens,
          numHiddens: this.numHiddens,
          seed: init.nextU32(),
          name: `${this.cell}_${l}`,
          pytorchBias: options.pytorchBias,
        }),
    );
    this.output = new Dense(engine, {
      inputSize: this.numHiddens,
      units: this.vocabSize,
      seed: init.nextU32(),
      name: 'dense',
    });
    this.rng = engineRng(init.nextU32());
    this.ws = new Workspace(engine);
  }

  /** Every parameter: embedding, each layer's W_x, W_h, b, then the dense W, b. */
  get params(): Parameter[] {
    return [this.embedding, ...this.layers.flatMap((l) => l.params), ...this.output.params];
  }

  /** Number of scalar parameters. */
  get numParams(): number {
    return this.params.reduce((s, p) => s + p.size, 0);
  }

  /** Copies batch-major [B, T] ids into time-major int32 engine memory; checks the range. */
  private loadTokens(name: string, ids: Int32Array, B: number, T: number, allowNegative: boolean): number {
    if (!Number.isInteger(B) || B < 1) {
      throw new Error(`SequenceModel: batchSize must be a positive integer; got ${B}`);
    }
    if (!Number.isInteger(T) || T < 1) {
      throw new Error(`SequenceModel: numSteps must be a positive integer; got ${T}`);
    }
    if (ids.length !== B * T)
      throw new Error(`expected ${name} of shape [${B}, ${T}] (${B * T} ids), got ${ids.length}`);
    const ptr = this.ws.get(name, B * T);
    const dst = intsAt(this.engine, ptr, B * T);
    const V = this.vocabSize;
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < T; t++) {
        const v = ids[b * T + t]!;
        if (!(v < V && (v >= 0 || (allowNegative && v < 0)))) {
          throw new Error(`${name}[${b}, ${t}] = ${v} is outside the vocabulary [0, ${V})`);
        }
        dst[t * B + b] = v;
      }
    }
    return ptr;
  }

  private checkState(state: ModelState | undefined, B: number): void {
    if (state === undefined) return;
    if (state.length !== this.numLayers)
      throw new Error(`expected a state for ${this.numLayers} layer(s), got ${state.length}`);
    const n = B * this.numHiddens; // [batchSize, numHiddens] per layer
    state.forEach((s, l) => {
      for (const [name, v] of [
        ['h', s.h],
        ['c', s.c],
      ] as const) {
        if (v !== undefined && v.length !== n)
          throw new Error(
            `state of layer ${l}: ${name} has ${v.length} numbers, expected ${B} × ${this.numHiddens}`,
          );
      }
    });
  }

  /** Draws a mask [T·B, width] into block `name` (standard or variational, as the model is built). */
  private drawMask(name: string, T: number, B: number, width: number): number {
    const mask = this.ws.get(name, T * B * width);
    const kind = this.variational ? 'variational' : 'standard';
    drawDropoutMask(this.engine, mask, T, B, width, this.dropout, this.rng.nextU32(), kind);
    return mask;
  }

  /**
   * Forward through all layers; returns the address of the top layer's (dropped-out) outputs
   * [T·B, H]. With `train`, draws dropout masks and keeps them for backward.
   */
  private forwardLayers(
    tokens: number,
    B: number,
    T: number,
    state: ModelState | undefined,
    train: boolean,
  ): number {
    const e = this.engine,
      k = e.kernels,
      H = this.numHiddens,
      E = this.embedDim,
      TB = T * B,
      n = TB * H;
    this.checkState(state, B);
    const drop = train && this.dropout > 0;
    let input = 0;
    if (drop) {
      // dropout(E_t) = emb[x_t] ⊙ M_E   [T·B, embedDim]
      const emb = this.ws.get('emb', TB * E),
        maskE = this.drawMask('maskE', T, B, E);
      k.gatherRows(TB, tokens, this.embedding.value.ptr, E, emb);
      k.mulInto(TB * E, emb, emb, maskE);
      input = emb;
    }
    this.layers.forEach((layer, l) => {
      const layerInput = l === 0 && !drop ? { tokens, embedding: this.embedding } : { X: input };
      // M_h^(l) [B, H]: variational dropout on the recurrent state
      const maskH = drop && this.variational ? this.drawMask(`maskH${l}`, 1, B, H) : 0;
      layer.forward(layerInput, T, B, state?.[l], undefined, maskH);
      input = layer.outputs();
      if (drop) {
        const mask = this.drawMask(`mask${l}`, T, B, H),
          out = this.ws.get(`drop${l}`, n);
        k.mulInto(n, out, input, mask);
        input = out;
      }
    });
    return input;
  }

  /**
   * Copies of the dropout masks of the last training forward pass, time-major [numSteps·batchSize, ·]
   * (entries 0 or 1/(1 − p)): `embedding` on E_t, `outputs[l]` on layer l's H_t, and with variational
   * dropout `recurrent[l]` [batchSize, numHiddens] on layer l's H_{t−1}. For checks against a reference
   * run with the same masks; undefined when the model has no dropout.
   */
  lastDropoutMasks(
    batchSize: number,
    numSteps: number,
  ): { embedding: Float32Array; outputs: Float32Array[]; recurrent?: Float32Array[] } | undefined {
    this.check();
    if (this.dropout === 0) return undefined;
    const TB = batchSize * numSteps,
      H = this.numHiddens,
      f = this.engine.mem.f32();
    const copy = (name: string, n: number): Float32Array => {
      const at = this.ws.get(name, n) >> 2;
      return f.slice(at, at + n);
    };
    const L = this.layers.length;
    return {
      embedding: copy('maskE', TB * this.embedDim),
      outputs: Array.from({ length: L }, (_, l) => copy(`mask${l}`, TB * H)),
      recurrent: this.variational
        ? Array.from({ length: L }, (_, l) => copy(`maskH${l}`, batchSize * H))
        : undefined,
    };
  }

  private finalStates(): ModelState {
    return this.layers.map((l) => l.finalState());
  }

  private optimizerFor(o: OptimizerName | OptimizerOptions): Optimizer {
    const key = JSON.stringify(o);
    if (this.optimizer === undefined || key !== this.optimizerKey) {
      this.optimizer?.dispose();
      this.optimizer = new Optimizer(this.engine, o);
      this.optimizerKey = key;
    }
    return this.optimizer;
  }

  /**
   * Forward and backward without updating: leaves ∂loss/∂θ in every parameter's `grad` (for custom
   * update rules, gradient plots or checks). Dropout is applied when the model has a rate.
   */
  lossAndGradients(
    X: Int32Array,
    Y: Int32Array,
    batchSize: number,
    numSteps: number,
    state?: ModelState,
  ): StepResult {
    this.check();
    const e = this.engine,
      k = e.kernels,
      B = batchSize,
      T = numSteps,
      TB = B * T,
      H = this.numHiddens,
      V = this.vocabSize;
    const tokens = this.loadTokens('X', X, B, T, false);
    const labels = this.loadTokens('Y', Y, B, T, true);
    const top = this.forwardLayers(tokens, B, T, state, true);
    const logits = this.ws.get('logits', TB * V);
    this.output.forward(top, TB, logits);
    const count = Y.reduce((c, y) => c + (y >= 0 ? 1 : 0), 0);
    const loss =
      softmaxCrossEntropy(e, logits, labels, TB, V, count > 0 ? 1 / count : 0) / Math.max(1, count);
    const finalState = this.finalStates();
    // Backward: the logits now hold ∂loss/∂logits.
    for (const p of this.params) p.zeroGrad();
    let dTop = this.ws.get('dA', TB * H),
      dBelow = this.ws.get('dB', TB * H);
    this.output.backward(top, logits, TB, dTop);
    const drop = this.dropout > 0,
      E = this.embedDim;
    // With dropout, layer 0 read dropout(E_t) as features: its ∂L/∂input comes back [T·B, E].
    const dEmb = drop ? this.ws.get('dEmb', TB * E) : 0;
    for (let l = this.numLayers - 1; l >= 0; l--) {
      if (drop) k.mulInto(TB * H, dTop, dTop, this.ws.get(`mask${l}`, 0));
      this.layers[l]!.backward(dTop, undefined, l > 0 ? dBelow : dEmb);
      [dTop, dBelow] = [dBelow, dTop];
    }
    if (drop) {
      // ∂L/∂emb[v] += Σ_{r: x_r = v} (∂L/∂dropout(E))_r ⊙ M_E,r
      k.mulInto(TB * E, dEmb, dEmb, this.ws.get('maskE', 0));
      k.scatterAddRows(TB, tokens, dEmb, E, this.embedding.grad.ptr);
    }
    return { loss, state: finalState };
  }

  /** One step of training on tokens X [batchSize, numSteps] with next tokens Y; the loss is before the update. */
  trainStep(
    X: Int32Array,
    Y: Int32Array,
    batchSize: number,
    numSteps: number,
    opts: TrainStepOptions,
  ): StepResult {
    const result = this.lossAndGradients(X, Y, batchSize, numSteps, opts.state);
    const params = this.params;
    const clip = opts.clip ?? 0;
    if (!(opts.lr > 0 && Number.isFinite(opts.lr))) {
      throw new Error(`trainStep: lr must be a positive finite number; got ${opts.lr}`);
    }
    if (!(clip >= 0 && Number.isFinite(clip))) {
      throw new Error(`trainStep: clip must be a finite number ≥ 0 (0: no clipping); got ${clip}`);
    }
    if (clip > 0) result.gradNorm = clipGlobalNorm(this.engine, params, clip);
    this.optimizerFor(opts.optimizer ?? 'adam').step(params, opts.lr);
    return result;
  }

  /** Mean cross-entropy on X, Y [batchSize, numSteps] without training (no dropout). */
  evaluate(
    X: Int32Array,
    Y: Int32Array,
    batchSize: number,
    numSteps: number,
    state?: ModelState,
  ): StepResult {
    this.check();
    const B = batchSize,
      T = numSteps,
      TB = B * T,
      V = this.vocabSize;
    const tokens = this.loadTokens('X', X, B, T, false);
    const labels = this.loadTokens('Y', Y, B, T, true);
    const top = this.forwardLayers(tokens, B, T, state, false);
    const logits = this.ws.get('logits', TB * V);
    this.output.forward(top, TB, logits);
    const count = Y.reduce((c, y) => c + (y >= 0 ? 1 : 0), 0);
    const loss = softmaxCrossEntropy(this.engine, logits, labels, TB, V, 0) / Math.max(1, count);
    return { loss, state: this.finalStates() };
  }

  /**
   * One step for sampling: the logits [batch, vocab] of the next token after `tokens` [batch], and the
   * new state. Pass the returned state back in for the next token.
   */
  stepLogits(tokens: Int32Array, state?: ModelState): { logits: Float32Array; state: ModelState } {
    this.check();
    const B = tokens.length,
      V = this.vocabSize;
    const ptr = this.loadTokens('X', tokens, B, 1, false);
    const top = this.forwardLayers(ptr, B, 1, state, false);
    const logits = this.ws.get('logits', B * V);
    this.output.forward(top, B, logits);
    return { logits: readFloats(this.engine, logits, B * V), state: this.finalStates() };
  }

  /**
   * The hidden activations H_t of layer `layer` (0-based; default the top one) for every step,
   * batch-major [batchSize, numSteps, numHiddens] — for plots of what single units track.
   */
  hiddenStates(
    X: Int32Array,
    batchSize: number,
    numSteps: number,
    options: { layer?: number; state?: ModelState } = {},
  ): { H: Float32Array; state: ModelState } {
    this.check();
    const layer = options.layer ?? this.numLayers - 1;
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.numLayers)
      throw new Error(`layer must be in [0, ${this.numLayers}); got ${layer}`);
    const tokens = this.loadTokens('X', X, batchSize, numSteps, false);
    this.forwardLayers(tokens, batchSize, numSteps, options.state, false);
    return { H: this.layers[layer]!.outputsBatchMajor(), state: this.finalStates() };
  }

  /** Copies of every weight by name (tfjs-style names, tfjs layouts). */
  getWeights(): Record<string, NamedWeight> {
    const out: Record<string, NamedWeight> = {};
    for (const p of this.params) out[p.name] = { shape: [...p.shape], data: p.get() };
    return out;
  }

  /** Sets weights by name (as from {@link SequenceModel.getWeights}); every weight must be present with its shape. */
  setWeights(weights: Record<string, NamedWeight>): void {
    setNamedWeights(this.params, weights);
  }

  /** Frees the model's engine memory (the engine itself stays). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.embedding.dispose();
    for (const l of this.layers) l.dispose();
    this.output.dispose();
    this.optimizer?.dispose();
    this.ws.dispose();
  }

  private check(): void {
    if (this.disposed) throw new Error('this SequenceModel was disposed');
  }
}
