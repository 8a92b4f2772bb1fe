/**
 * What a language model must offer to be trained, evaluated, sampled from and checkpointed here —
 * the contract shared by the engine's `SequenceModel` (fast, WebAssembly) and the tfjs-layers model
 * (src/lm/tfjs-model.ts). A token-level model:
 *
 *   E_t = emb[x_t]                                    [batchSize, embedDim]
 *   H_t^(l) = cell(H_t^(l−1), H_{t−1}^(l))              [batchSize, numHiddens]   (H_t^(0) = E_t)
 *   O_t = H_t^(L) W_hq + b_q                           [batchSize, vocabSize]    logits; softmax → P(x_{t+1} | x_≤t)
 *   loss = mean over (b, t) of −log softmax(O_t)[y_{b,t}]
 *
 * — 002 §1.3.2 (h_t = tanh(W_hh h_{t−1} + W_xh x_t + b_h), y_t = W_hy h_t + b_y) with x_t an embedding
 * and the cell an RNN, GRU or LSTM. Token arrays are batch-major: X[b·numSteps + t].
 *
 * The decoder-only Transformer (cell 'transformer', src/lm/transformer-model.ts) meets the same contract
 * with blocks of causal self-attention in place of the recurrent layers; its "state" is a key/value cache.
 */

import type { CellType } from '../engine';
import type { SequenceModelOptions } from '../engine';
import { OPTIMIZER_NAMES, type OptimizerName } from '../engine';
import { LM_PROTOCOL } from './protocol';

/** The recurrent cells (the engine's names, which the tfjs model shares). */
export type { CellType };
export const CELLS: readonly CellType[] = ['rnn', 'gru', 'lstm'];

/** Every architecture a language model can have: a recurrent cell, or a decoder-only Transformer. */
export type LMCell = CellType | 'transformer';
export const LM_MODELS: readonly LMCell[] = [...CELLS, 'transformer'];

/** The Transformer's own sizes (src/engine/transformerModel.ts); its width d is `numHiddens` (= `embedDim`). */
export interface TransformerFields {
  numHeads: number;
  ffnDim: number;
  /** The context: the longest sequence the model reads at once. */
  maxLen: number;
  positional: 'sinusoidal' | 'learned';
}

/** The architecture of a language model — stored in checkpoints, enough to rebuild it. */
export interface LMConfig {
  cell: LMCell;
  vocabSize: number;
  embedDim: number;
  numHiddens: number;
  numLayers: number;
  /**
   * Dropout rate while training on the non-recurrent connections: the embedding output and each
   * recurrent layer's output (Zaremba et al. 2014); on the recurrent path only with `variational`.
   */
  dropout: number;
  /**
   * Variational dropout (Gal & Ghahramani 2016): one mask per sequence, the same at every step, on
   * those connections and on the recurrent state. LSTM on the engine only.
   */
  variational: boolean;
  /** Seed of the initial weights and dropout masks. */
  seed: number;
  /** Present exactly when cell is 'transformer'. */
  transformer?: TransformerFields;
}

/**
 * Options for building an {@link LMConfig}: the engine's model options (same names), whichever backend
 * builds it; {@link lmConfig} fills what is missing from {@link LM_PROTOCOL}.
 */
export type LMConfigOptions = Omit<
  SequenceModelOptions,
  'pytorchBias' | 'cell' | 'embedDim' | 'numHiddens'
> & {
  /** @default LM_PROTOCOL.cell */
  cell?: LMCell;
  /** @default LM_PROTOCOL.embedDim */
  embedDim?: number;
  /** @default LM_PROTOCOL.numHiddens */
  numHiddens?: number;
  /** The Transformer's sizes (cell 'transformer'; its embedDim is numHiddens). @default numHeads 4, ffnDim 4·numHiddens, maxLen 64, positional 'sinusoidal' */
  transformer?: Partial<TransformerFields>;
};

/** The recurrent cell of a configuration; an error for a Transformer (`what` names the caller). */
export function recurrentCell(c: LMConfig, what: string): CellType {
  if (c.cell === 'transformer')
    throw new Error(
      `${what} builds recurrent models only; the Transformer runs on the engine (backend 'engine')`,
    );
  return c.cell;
}

/** Fills in the defaults and checks every field, naming a bad value. */
export function lmConfig(o: LMConfigOptions): LMConfig {
  const c: LMConfig = {
    cell: o.cell ?? LM_PROTOCOL.cell,
    vocabSize: o.vocabSize,
    embedDim: o.embedDim ?? LM_PROTOCOL.embedDim,
    numHiddens: o.numHiddens ?? LM_PROTOCOL.numHiddens,
    numLayers: o.numLayers ?? LM_PROTOCOL.numLayers,
    dropout: o.dropout ?? LM_PROTOCOL.dropout,
    variational: o.variational ?? LM_PROTOCOL.variational,
    seed: o.seed ?? LM_PROTOCOL.seed,
  };
  if (!LM_MODELS.includes(c.cell))
    throw new Error(`cell must be one of ${LM_MODELS.join(', ')}; got '${String(c.cell)}'`);
  if (c.cell === 'transformer') {
    const t = o.transformer ?? {};
    c.embedDim = c.numHiddens;
    c.transformer = {
      numHeads: t.numHeads ?? 4,
      ffnDim: t.ffnDim ?? 4 * c.numHiddens,
      maxLen: t.maxLen ?? 64,
      positional: t.positional ?? 'sinusoidal',
    };
    for (const k of ['numHeads', 'ffnDim', 'maxLen'] as const) {
      if (!Number.isInteger(c.transformer[k]) || c.transformer[k] < 1)
        throw new Error(`transformer.${k} must be a positive integer; got ${c.transformer[k]}`);
    }
    if (c.numHiddens % c.transformer.numHeads !== 0)
      throw new Error(
        `transformer.numHeads ${c.transformer.numHeads} must divide numHiddens ${c.numHiddens}`,
      );
    if (!['sinusoidal', 'learned'].includes(c.transformer.positional))
      throw new Error(
        `transformer.positional must be 'sinusoidal' or 'learned'; got '${String(c.transformer.positional)}'`,
      );
  }
  for (const k of ['vocabSize', 'embedDim', 'numHiddens', 'numLayers'] as const) {
    if (!Number.isInteger(c[k]) || c[k] < 1) throw new Error(`${k} must be a positive integer; got ${c[k]}`);
  }
  if (!(c.dropout >= 0 && c.dropout < 1)) throw new Error(`dropout must be in [0, 1); got ${c.dropout}`);
  if (typeof c.variational !== 'boolean')
    throw new Error(`variational must be true or false; got ${String(c.variational)}`);
  if (c.variational && c.cell !== 'lstm')
    throw new Error(`variational dropout is implemented for the lstm cell only; got '${c.cell}'`);
  if (!Number.isInteger(c.seed)) throw new Error(`seed must be an integer; got ${c.seed}`);
  return c;
}

/** One layer's recurrent state (the engine's): H [batchSize, numHiddens] row-major, and C for an LSTM. */
import type { LayerState } from '../engine';
export type { LayerState };

/** The state of every layer, bottom first. Detached: plain copies, no gradient flows through them. */
export type LMState = LayerState[];

/** A weight by name: its shape and values (row-major). Names and layouts are tfjs's. */
import type { NamedWeight } from '../engine';
export type { NamedWeight };

/**
 * The update rules of a language model (the engine's, src/engine/optimizer.ts); the tfjs model trains
 * with sgd, momentum, nesterov and adam, the Transformer with adam only.
 */
export type LMOptimizer = OptimizerName;
export const LM_OPTIMIZERS: readonly LMOptimizer[] = OPTIMIZER_NAMES;

/** Options of one training step. */
export interface LMTrainStepOptions {
  /** @default 'adam' */
  optimizer?: LMOptimizer;
  lr: number;
  /** Clip the global gradient norm at this value; 0: no clipping. @default 0 */
  clip?: number;
  /** λ of weight decay on the weight matrices: L2 in the loss (g ← g + λθ), or decoupled. @default 0 */
  weightDecay?: number;
  /** Decoupled weight decay θ ← θ − η(u + λθ) (AdamW-style) instead of L2 in the loss. @default false */
  decoupled?: boolean;
  /** λ₁ of the L1 penalty on the weight matrices: g ← g + λ₁ sign θ. @default 0 */
  l1?: number;
  /** The state carried from the previous batch (sequential sampling); omitted: zeros. */
  state?: LMState;
}

/** The result of a training or evaluation step. */
export interface LMStepResult {
  /** Mean cross-entropy per token in nats (before the update, when training). */
  loss: number;
  /** The final state, detached. */
  state: LMState;
  /** Global gradient norm before clipping (training only, when the backend reports it). */
  gradNorm?: number;
}

/** A trainable token-level language model. Every method is synchronous. */
export interface LanguageModel {
  readonly config: LMConfig;
  /** Which implementation runs it: 'engine' or 'tfjs'. */
  readonly backend: string;
  readonly numParams: number;
  /** One update on X, Y [batchSize, numSteps] (Y[b, t] the token after X[b, t]). */
  trainStep(
    X: Int32Array,
    Y: Int32Array,
    batchSize: number,
    numSteps: number,
    options: LMTrainStepOptions,
  ): LMStepResult;
  /** Mean cross-entropy without training (no dropout). */
  evaluate(X: Int32Array, Y: Int32Array, batchSize: number, numSteps: number, state?: LMState): LMStepResult;
  /** Logits [batch, vocabSize] of the token after `tokens` [batch], and the new state — for sampling. */
  stepLogits(tokens: Int32Array, state?: LMState): { logits: Float32Array; state: LMState };
  /** H of layer `layer` (default: the top one) at every step, [batchSize, numSteps, numHiddens]. */
  hiddenStates(
    X: Int32Array,
    batchSize: number,
    numSteps: number,
    options?: { layer?: number; state?: LMState },
  ): { H: Float32Array; state: LMState };
  /** Copies of every weight by name. */
  getWeights(): Record<string, NamedWeight>;
  /** Sets every weight by name; a missing name or a wrong shape is an error naming it. */
  setWeights(weights: Record<string, NamedWeight>): void;
  /** Frees the model's memory. */
  dispose(): void;
}

/**
 * The weight names and shapes of a configuration, in tfjs's names and layouts — what both backends'
 * `getWeights` return: `embedding/embeddings` [V, E]; per layer l `<cell>_<l>/kernel` [in, g·H],
 * `<cell>_<l>/recurrent_kernel` [H, g·H], `<cell>_<l>/bias` [g·H] (g = 1, 3, 4 for rnn, gru, lstm;
 * gate order z, r, h for gru and i, f, c, o for lstm); `dense/kernel` [H, V], `dense/bias` [V].
 */
export function weightShapes(c: LMConfig): Record<string, number[]> {
  if (c.cell === 'transformer') return transformerWeightShapes(c);
  const g = { rnn: 1, gru: 3, lstm: 4 }[c.cell] * c.numHiddens;
  const out: Record<string, number[]> = { 'embedding/embeddings': [c.vocabSize, c.embedDim] };
  for (let l = 0; l < c.numLayers; l++) {
    out[`${c.cell}_${l}/kernel`] = [l === 0 ? c.embedDim : c.numHiddens, g];
    out[`${c.cell}_${l}/recurrent_kernel`] = [c.numHiddens, g];
    out[`${c.cell}_${l}/bias`] = [g];
  }
  out['dense/kernel'] = [c.numHiddens, c.vocabSize];
  out['dense/bias'] = [c.vocabSize];
  return out;
}

/**
 * The Transformer's weights (src/engine/transformerModel.ts): `embedding/embeddings` [V, d],
 * `position/embeddings` [maxLen, d] (learned positions), per block l `block_l/ln1/{gamma,beta}` [d],
 * `block_l/attention/{W_q,W_k,W_v,W_o}` [d, d], `…/b_o` [d], `block_l/ln2/…`, `block_l/ffn/W_1` [d, f],
 * `…/b_1` [f], `…/W_2` [f, d], `…/b_2` [d]; `ln_f/{gamma,beta}` [d]; `dense/kernel` [d, V], `dense/bias` [V].
 */
function transformerWeightShapes(c: LMConfig): Record<string, number[]> {
  const d = c.numHiddens,
    t = c.transformer!,
    f = t.ffnDim;
  const out: Record<string, number[]> = { 'embedding/embeddings': [c.vocabSize, d] };
  if (t.positional === 'learned') out['position/embeddings'] = [t.maxLen, d];
  for (let l = 0; l < c.numLayers; l++) {
    const b = `block_${l}`;
    Object.assign(out, {
      [`${b}/ln1/gamma`]: [d],
      [`${b}/ln1/beta`]: [d],
      [`${b}/attention/W_q`]: [d, d],
      [`${b}/attention/W_k`]: [d, d],
      [`${b}/attention/W_v`]: [d, d],
      [`${b}/attention/W_o`]: [d, d],
      [`${b}/attention/b_o`]: [d],
      [`${b}/ln2/gamma`]: [d],
      [`${b}/ln2/beta`]: [d],
      [`${b}/ffn/W_1`]: [d, f],
      [`${b}/ffn/b_1`]: [f],
      [`${b}/ffn/W_2`]: [f, d],
      [`${b}/ffn/b_2`]: [d],
    });
  }
  Object.assign(out, {
    'ln_f/gamma': [d],
    'ln_f/beta': [d],
    'dense/kernel': [d, c.vocabSize],
    'dense/bias': [c.vocabSize],
  });
  return out;
}

/** Checks that `weights` has exactly the names and shapes of `c`; the error names the first difference. */
export function checkWeights(c: LMConfig, weights: Record<string, NamedWeight>): void {
  const want = weightShapes(c);
  for (const [name, shape] of Object.entries(want)) {
    const w = weights[name];
    if (w === undefined) throw new Error(`weights: missing '${name}' (expected shape [${shape.join(', ')}])`);
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new Error(
        `weights: expected '${name}' of shape [${shape.join(', ')}], got [${w.shape.join(', ')}]`,
      );
    }
    const n = shape.reduce((a, b) => a * b, 1);
    if (w.data.length !== n)
      throw new Error(
        `weights: '${name}' of shape [${shape.join(', ')}] needs ${n} values, got ${w.data.length}`,
      );
  }
  for (const name of Object.keys(weights))
    if (!(name in want))
      throw new Error(`weights: unexpected '${name}' for a ${c.numLayers}-layer ${c.cell}`);
}
