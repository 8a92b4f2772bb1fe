/**
 * The decoder-only Transformer (src/engine/transformerModel.ts) behind the language-model contract of
 * src/lm/model.ts, so that training, validation, sampling and checkpoints treat it as they treat an
 * LSTM. Where a Transformer differs, this file says how it meets the contract:
 *
 * - Context. The model reads at most `maxLen` tokens at once. Validation windows longer than that
 *   (the protocol's 256 characters) are scored with a sliding window of maxLen tokens moved maxLen/2 at a
 *   time: the first window scores all its positions, every later one only its second half, so every
 *   token is scored once, with at least maxLen/2 tokens of context (the LSTM carries its state through
 *   all 256).
 * - State. A Transformer has no recurrent state; what it carries from one generated token to the next is
 *   the cache of every block's keys and values (LayerState.h and .c, [batch, t, d] per block, and the
 *   tokens so far in .tokens). It grows by 2·numLayers·d floats per token and sequence; full, it restarts
 *   from the last maxLen/2 tokens.
 * - Optimizer: Adam only (the protocol's); `trainStep` with 'sgd' is an error.
 */
import { Engine, KVCache, TransformerModel } from '../engine/index';
import {
  checkWeights,
  LanguageModel,
  LMConfig,
  LMConfigOptions,
  lmConfig,
  LMState,
  LMStepResult,
  LMTrainStepOptions,
  NamedWeight,
} from './model';

export class TransformerLanguageModel implements LanguageModel {
  readonly config: LMConfig;
  readonly backend = 'engine';
  readonly model: TransformerModel;

  /**
   * A model on `engine`. With `ownsEngine`, {@link dispose} disposes the engine too (a model that
   * {@link createLanguageModel} built with its own engine); otherwise the caller disposes it.
   */
  constructor(
    readonly engine: Engine,
    options: LMConfigOptions,
    private readonly ownsEngine = false,
  ) {
    this.config = lmConfig({ ...options, cell: 'transformer' });
    const c = this.config,
      t = c.transformer!;
    this.model = new TransformerModel(engine, {
      vocabSize: c.vocabSize,
      d: c.numHiddens,
      numHeads: t.numHeads,
      numLayers: c.numLayers,
      ffnDim: t.ffnDim,
      maxLen: t.maxLen,
      positional: t.positional,
      seed: c.seed,
    });
  }

  get numParams(): number {
    return this.model.numParams;
  }

  trainStep(
    X: Int32Array,
    Y: Int32Array,
    batchSize: number,
    numSteps: number,
    o: LMTrainStepOptions,
  ): LMStepResult {
    if ((o.optimizer ?? 'adam') !== 'adam') {
      throw new Error(`the Transformer trains with adam only; got optimizer '${o.optimizer}'`);
    }
    if ((o.weightDecay ?? 0) !== 0 || (o.l1 ?? 0) !== 0) {
      throw new Error(
        `the Transformer trains without weight decay or L1; ` +
          `got weightDecay ${o.weightDecay ?? 0}, l1 ${o.l1 ?? 0}`,
      );
    }
    const r = this.model.trainStep(X, Y, batchSize, numSteps, { lr: o.lr, clip: o.clip ?? 0 });
    return { loss: r.loss, state: [], gradNorm: r.gradNorm };
  }

  /** Mean cross-entropy over X, Y [batchSize, numSteps]; beyond maxLen, by sliding windows (file comment). */
  evaluate(X: Int32Array, Y: Int32Array, batchSize: number, numSteps: number): LMStepResult {
    const L = this.model.maxLen,
      B = batchSize,
      T = numSteps;
    if (X.length !== B * T || Y.length !== B * T) {
      throw new Error(`evaluate: expected X and Y of ${B}×${T} ids, got ${X.length} and ${Y.length}`);
    }
    if (T <= L) {
      const r = this.model.evaluateSum(X, Y, B, T);
      return { loss: r.count > 0 ? r.sum / r.count : 0, state: [] };
    }
    const stride = Math.max(1, Math.floor(L / 2));
    let sum = 0,
      count = 0,
      scored = 0; // positions [0, scored) of every row are done
    for (let s = 0; scored < T; s += stride) {
      const start = Math.min(s, T - L);
      const x = new Int32Array(B * L),
        y = new Int32Array(B * L);
      for (let b = 0; b < B; b++) {
        x.set(X.subarray(b * T + start, b * T + start + L), b * L);
        y.set(Y.subarray(b * T + start, b * T + start + L), b * L);
        for (let j = 0; j < scored - start; j++) y[b * L + j] = -1; // scored by an earlier window
      }
      const r = this.model.evaluateSum(x, y, B, L);
      sum += r.sum;
      count += r.count;
      scored = start + L;
    }
    return { loss: count > 0 ? sum / count : 0, state: [] };
  }

  stepLogits(tokens: Int32Array, state?: LMState): { logits: Float32Array; state: LMState } {
    const r = this.model.step(tokens, toCache(state, tokens.length, this.model.numLayers));
    return {
      logits: r.logits,
      state: r.cache.K.map((K, l) => ({ h: K, c: r.cache.V[l]!, tokens: r.cache.tokens })),
    };
  }

  /** The output of block `layer` (default: the last) at every step, [batchSize, numSteps, d]. */
  hiddenStates(
    X: Int32Array,
    batchSize: number,
    numSteps: number,
    options: { layer?: number } = {},
  ): { H: Float32Array; state: LMState } {
    const layer = options.layer ?? this.config.numLayers - 1;
    if (!Number.isInteger(layer) || layer < 0 || layer >= this.config.numLayers) {
      throw new Error(`layer must be in [0, ${this.config.numLayers}); got ${layer}`);
    }
    this.model.forward(X, batchSize, numSteps);
    const n = batchSize * numSteps * this.config.numHiddens;
    return { H: this.model.blockOutput(layer, n), state: [] };
  }

  getWeights(): Record<string, NamedWeight> {
    return this.model.getWeights();
  }

  setWeights(weights: Record<string, NamedWeight>): void {
    checkWeights(this.config, weights);
    this.model.setWeights(weights);
  }

  dispose(): void {
    this.model.dispose();
    if (this.ownsEngine) void this.engine.dispose(); // stops its worker threads (none with 1 thread)
  }
}

/** The contract's state as the engine's cache (undefined: start afresh). */
function toCache(state: LMState | undefined, B: number, numLayers: number): KVCache | undefined {
  if (state === undefined || state.length === 0) return undefined;
  if (state.length !== numLayers) {
    throw new Error(`expected a state for ${numLayers} block(s), got ${state.length}`);
  }
  const tokens = state[0]!.tokens;
  if (tokens === undefined || state.some((s) => s.c === undefined)) {
    throw new Error('this state is not a Transformer cache (tokens, keys h and values c)');
  }
  return { K: state.map((s) => s.h), V: state.map((s) => s.c!), tokens, B, t: tokens.length / B };
}
