/**
 * A recurrent layer (RNN, GRU or LSTM) on the engine's fused kernels, weights in tfjs's layout so they
 * map 1:1 to `tf.layers.simpleRNN` / `gru` / `lstm` (with `recurrentActivation: 'sigmoid'`):
 *
 *   W_x  kernel           [inputSize, g·H]     g = 1 (rnn), 3 (gru: z, r, h), 4 (lstm: i, f, c, o)
 *   W_h  recurrentKernel  [H, g·H]
 *   b    bias             [g·H]
 *
 * Inside, everything is time-major: row t·B + b of a [T·B, ·] block is step t of sequence b.
 *
 * Forward: the input projection of all steps is one GEMM, G = X W_x + b [T·B, gH] (for embedded
 * tokens, when the vocabulary is smaller than T·B, the projection is taken of the embedding table
 * once, P = E W_x + b [V, gH], and its rows gathered — the same numbers for V·… instead of T·B·… work);
 * then one kernel call runs all T steps, each a GEMM against the packed W_h with the gate equations
 * fused behind it. Worker threads split the batch rows: sequences are independent in the recursion.
 * Backward: one kernel call runs BPTT over all steps and leaves dZ (the gradient of the
 * pre-activations) for every step; the weight gradients are then large GEMMs over all steps at once:
 * dW_x = Xᵀ dZ, dW_h = H_prevᵀ dZ, db = Σ dZ, dX = dZ W_xᵀ.
 *
 * The backward pass takes gradients for the outputs of every step AND for the final state, and returns
 * the gradient for the initial state — what an encoder–decoder needs.
 *
 * Sequences of different lengths (packed sequences, as PyTorch's `pack_padded_sequence`): given
 * `lengths` L_b, sorted longest first, step t updates only the n_t = #{b : L_b > t} rows that are still
 * running — a prefix of the batch — and every finished row carries its state forward unchanged:
 *
 *   H_t[b] = cell(X_t[b], H_{t−1}[b])   for b < n_t,     H_t[b] = H_{t−1}[b]   otherwise,
 *
 * so the final state of row b is its state after its own last token, whatever the padding, and the
 * padded steps cost nothing: the kernels run step by step on the n_t running rows, and the weight
 * gradients are GEMMs over the running rows of each step.
 *
 * Variational dropout on the recurrent state (Gal & Ghahramani 2016; LSTM only): given a mask M_h
 * [B, H] (entries 0 or 1/(1 − p), one per sequence, the same at every step), the recurrent input of
 * every step is H_{t−1} ⊙ M_h, and backward follows it:
 *
 *   Z_t = X_t W_x + b + (H_{t−1} ⊙ M_h) W_h
 *   dW_h = Σ_t (H_{t−1} ⊙ M_h)ᵀ dZ_t,     ∂L/∂H_{t−1} (through Z_t) = (dZ_t W_hᵀ) ⊙ M_h
 *
 * The state itself (H_t, C_t, what the next layer and the next batch see) is never masked.
 */
import { Engine, splitRange } from './engine';
import { MR, packedFloats } from './kernels';
import { Job } from './pool';
import { Parameter } from './parameter';
import { engineRng } from './random';
import { GATE_ORDER } from './layout';
import { elementAt } from './ops';
import { Workspace } from './workspace';

/** The recurrent cells the engine runs. */
export type CellType = 'rnn' | 'gru' | 'lstm';

/** Gate blocks per cell: the width of W_x, W_h and b is gates·numHiddens. */
export const GATES: Record<CellType, number> = {
  rnn: GATE_ORDER.rnn.length,
  gru: GATE_ORDER.gru.length,
  lstm: GATE_ORDER.lstm.length,
};

/** A layer's recurrent state: H [batchSize, numHiddens], and C for an LSTM. */
export interface LayerState {
  h: Float32Array;
  c?: Float32Array;
  /** A Transformer's cache (transformerModel.ts): the tokens so far [batch, t]; h, c a block's keys, values [batch, t, d]. */
  tokens?: Int32Array;
}

/**
 * The input of a layer: either rows of features at address `X` ([T·B, inputSize], time-major), or
 * token ids at address `tokens` (int32 [T·B], time-major, each in [0, vocabulary)) looked up in the
 * `embedding` table [vocabulary, inputSize] — the gradient of the table is then accumulated here.
 */
export type LayerInput = { X: number } | { tokens: number; embedding: Parameter };

/** Options of {@link RecurrentLayer}. */
export interface RecurrentLayerOptions {
  cell: CellType;
  inputSize: number;
  numHiddens: number;
  /** Seed of the initial weights. @default 0 */
  seed?: number;
  /** Prefix of the parameter names. @default `${cell}` */
  name?: string;
  /**
   * Initialise the LSTM forget-gate bias to 1 (Keras's `unitForgetBias`, Jozefowicz et al. 2015).
   * @default true
   */
  unitForgetBias?: boolean;
  /**
   * Draw the bias as PyTorch does: its recurrent layers keep two bias vectors, b_ih and b_hh, each
   * U(−1/√H, 1/√H), whose sum acts — so b = b_ih + b_hh here — and no forget-gate offset (overrides
   * unitForgetBias). For a character LSTM language model this learned faster per step than the forget
   * bias of 1 (600 steps of the headline protocol: validation perplexity 5.76 against 6.13).
   * @default false
   */
  pytorchBias?: boolean;
}

interface Shape {
  T: number;
  B: number;
  /** Running rows per step (packed sequences), or undefined: all B rows at every step. */
  counts?: Int32Array;
}

/**
 * Rows still running at each step for sequence lengths sorted longest first: counts[t] = #{b : L_b > t}.
 * Errors name the bad length.
 */
export function runningRows(lengths: Int32Array, numSteps: number): Int32Array {
  const counts = new Int32Array(numSteps);
  lengths.forEach((L, b) => {
    if (!Number.isInteger(L) || L < 1 || L > numSteps)
      throw new Error(`lengths[${b}] = ${L}: each length must be an integer in [1, ${numSteps}]`);
    if (b > 0 && L > lengths[b - 1]!)
      throw new Error(
        `lengths must be sorted longest first; lengths[${b}] = ${L} > lengths[${b - 1}] = ${lengths[b - 1]}`,
      );
    for (let t = 0; t < L; t++) counts[t]!++;
  });
  return counts;
}

/** An RNN, GRU or LSTM layer on the engine. */
export class RecurrentLayer {
  readonly cell: CellType;
  readonly inputSize: number;
  readonly numHiddens: number;
  /** kernel [inputSize, gH] */
  readonly W_x: Parameter;
  /** recurrentKernel [H, gH] */
  readonly W_h: Parameter;
  /** bias [gH] */
  readonly b: Parameter;
  private readonly ws: Workspace;
  private packedVersion = -1;
  private shape: Shape | undefined;
  private input: LayerInput | undefined;
  private trickUsed = false;
  /** The backward pass overwrites the saved activations: one backward per forward. */
  private consumed = false;
  /** Address of the last forward's recurrent dropout mask M_h [B, H], 0 = none. */
  private recurrentMask = 0;

  constructor(
    private readonly engine: Engine,
    options: RecurrentLayerOptions,
  ) {
    const { cell, inputSize, numHiddens: H } = options;
    if (!(cell in GATES)) throw new Error(`cell must be one of rnn, gru, lstm; got '${String(cell)}'`);
    for (const [k, v] of [
      ['inputSize', inputSize],
      ['numHiddens', H],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer; got ${v}`);
    }
    this.cell = cell;
    this.inputSize = inputSize;
    this.numHiddens = H;
    const g = GATES[cell] * H;
    const name = options.name ?? cell;
    // U(−1/√H, 1/√H) for every weight and bias, as PyTorch initialises its recurrent layers.
    const rng = engineRng(options.seed ?? 0);
    const a = 1 / Math.sqrt(H);
    this.W_x = new Parameter(engine, `${name}/kernel`, [inputSize, g], rng.uniformArray(inputSize * g, a));
    this.W_h = new Parameter(engine, `${name}/recurrent_kernel`, [H, g], rng.uniformArray(H * g, a));
    const bias = rng.uniformArray(g, a);
    if (options.pytorchBias) {
      const b_hh = rng.uniformArray(g, a);
      for (let i = 0; i < g; i++) bias[i]! += b_hh[i]!;
    } else if (cell === 'lstm' && (options.unitForgetBias ?? true)) bias.fill(1, H, 2 * H);
    this.b = new Parameter(engine, `${name}/bias`, [g], bias);
    this.ws = new Workspace(engine);
  }

  /** W_x, W_h, b. */
  get params(): Parameter[] {
    return [this.W_x, this.W_h, this.b];
  }

  private get g(): number {
    return GATES[this.cell] * this.numHiddens;
  }

  /** Packs W_h (and for the backward pass W_hᵀ) into GEMM panels when the weights changed. */
  private pack(): void {
    if (this.packedVersion === this.W_h.version) return;
    const e = this.engine,
      H = this.numHiddens,
      g = this.g,
      W = this.W_h.value.ptr;
    if (this.cell === 'gru') {
      const W_hh = elementAt(W, 0, g, 2 * H); // the candidate's columns [2H, 3H) of W_h [H, 3H]
      e.packB('N', H, 2 * H, W, g, this.ws.get('Wzr', packedFloats(H, 2 * H)));
      e.packB('N', H, H, W_hh, g, this.ws.get('Whh', packedFloats(H, H)));
      e.packB('T', 2 * H, H, W, g, this.ws.get('WzrT', packedFloats(2 * H, H)));
      e.packB('T', H, H, W_hh, g, this.ws.get('WhhT', packedFloats(H, H)));
    } else {
      e.packB('N', H, g, W, g, this.ws.get('Wh', packedFloats(H, g)));
      e.packB('T', g, H, W, g, this.ws.get('WhT', packedFloats(g, H)));
    }
    this.packedVersion = this.W_h.version;
  }

  /**
   * Row ranges of the batch, one per thread (one range below 2·MR rows). The recursion runs whole
   * sequences per thread, so the split costs one hand-over per call, not one per step.
   */
  private rowSplit(B: number): [number, number][] {
    const t = this.engine.threads;
    if (t === 1 || B < 2 * MR) return [[0, B]];
    return splitRange(B, t, MR);
  }

  /**
   * Calls `fn(row, rows)` on the rows of the time-major [T·B, ·] blocks that take part in the GEMMs:
   * once on all T·B rows, or, for packed sequences, once per step on its running rows.
   */
  private blocks(fn: (row: number, rows: number) => void): void {
    const { T, B, counts } = this.requireShape();
    if (counts === undefined) fn(0, T * B);
    else for (let t = 0; t < T; t++) if (counts[t]! > 0) fn(t * B, counts[t]!);
  }

  /**
   * Runs the layer over `numSteps` steps of `batchSize` sequences from `init` (zeros when omitted);
   * with `lengths` (sorted longest first), sequence b stops after its L_b steps and carries its state
   * (see the file comment). The input must stay unchanged in engine memory until {@link RecurrentLayer.backward}.
   * `recurrentMask`: address of a variational dropout mask M_h [batchSize, numHiddens] (LSTM only; 0 or
   * omitted: none), which must also stay unchanged until the backward pass.
   */
  forward(
    input: LayerInput,
    numSteps: number,
    batchSize: number,
    init?: LayerState,
    lengths?: Int32Array,
    recurrentMask = 0,
  ): void {
    const e = this.engine,
      k = e.kernels,
      H = this.numHiddens,
      g = this.g,
      T = numSteps,
      B = batchSize,
      TB = T * B;
    if (!Number.isInteger(T) || T < 1 || !Number.isInteger(B) || B < 1)
      throw new Error(`numSteps and batchSize must be positive integers; got ${T} and ${B}`);
    if (lengths !== undefined && lengths.length !== B)
      throw new Error(`expected ${B} lengths, got ${lengths.length}`);
    if (recurrentMask !== 0 && this.cell !== 'lstm')
      throw new Error(
        `${this.W_x.name}: a recurrent dropout mask is implemented for lstm only, not ${this.cell}`,
      );
    const counts = lengths === undefined ? undefined : runningRows(lengths, T);
    this.recurrentMask = recurrentMask;
    this.shape = { T, B, counts };
    this.input = input;
    this.consumed = false;
    const G = this.ws.get('G', TB * g);
    // G = X W_x + b  — the input projection of all steps at once.
    const D = this.inputSize;
    if ('X' in input) {
      k.fillRows(TB, g, G, g, this.b.value.ptr);
      this.blocks((r, n) =>
        e.gemm('N', 'N', n, g, D, input.X + 4 * r * D, D, this.W_x.value.ptr, g, G + 4 * r * g, g, 1),
      );
      this.trickUsed = false;
    } else {
      const V = input.embedding.shape[0]!;
      if (input.embedding.shape[1] !== this.inputSize) {
        throw new Error(
          `expected an embedding of shape [V, ${this.inputSize}], got [${input.embedding.shape.join(', ')}]`,
        );
      }
      this.trickUsed = V < TB;
      if (this.trickUsed) {
        // P = E W_x + b [V, gH], then G[r] = P[token r].
        const P = this.ws.get('P', V * g);
        k.fillRows(V, g, P, g, this.b.value.ptr);
        e.gemm(
          'N',
          'N',
          V,
          g,
          this.inputSize,
          input.embedding.value.ptr,
          this.inputSize,
          this.W_x.value.ptr,
          g,
          P,
          g,
          1,
        );
        k.gatherRows(TB, input.tokens, P, g, G);
      } else {
        const X = this.ws.get('E', TB * this.inputSize);
        k.gatherRows(TB, input.tokens, input.embedding.value.ptr, this.inputSize, X);
        k.fillRows(TB, g, G, g, this.b.value.ptr);
        this.blocks((r, n) =>
          e.gemm('N', 'N', n, g, D, X + 4 * r * D, D, this.W_x.value.ptr, g, G + 4 * r * g, g, 1),
        );
      }
    }
    const Hs = this.ws.get('Hs', (T + 1) * B * H);
    this.writeState(Hs, init?.h, B, 'h');
    this.pack();
    const Cs = this.cell === 'lstm' ? this.ws.get('Cs', (T + 1) * B * H) : 0;
    if (Cs !== 0) this.writeState(Cs, init?.c, B, 'c');
    // H_{t−1} ⊙ M_h for every step (variational dropout only)
    const HMs = recurrentMask !== 0 ? this.ws.get('HMs', TB * H) : 0;
    const TCs = this.cell === 'lstm' ? this.ws.get('TCs', TB * H) : 0,
      RHs = this.cell === 'gru' ? this.ws.get('RHs', TB * H) : 0;
    // Steps [t, t + steps) of rows [0, rows): the blocks' addresses moved to step t (the kernels index
    // step s of row r at (s·B + r) from them).
    const run = (t: number, steps: number, rows: number): void => {
      const jobs: Job[] = [],
        at = (base: number, width: number): number => base + 4 * t * B * width;
      this.rowSplit(rows).forEach(([r0, rc], i) => {
        const s = e.scratch[i]!;
        if (this.cell === 'lstm')
          jobs.push({
            op: 'lstmForward',
            args: [
              steps,
              B,
              H,
              r0,
              rc,
              at(G, g),
              this.ws.get('Wh', 0),
              at(Hs, H),
              at(Cs, H),
              at(TCs, H),
              s,
              recurrentMask,
              HMs === 0 ? 0 : at(HMs, H),
            ],
          });
        else if (this.cell === 'gru')
          jobs.push({
            op: 'gruForward',
            args: [
              steps,
              B,
              H,
              r0,
              rc,
              at(G, g),
              this.ws.get('Wzr', 0),
              this.ws.get('Whh', 0),
              at(Hs, H),
              at(RHs, H),
              s,
            ],
          });
        else
          jobs.push({
            op: 'rnnForward',
            args: [steps, B, H, r0, rc, at(G, g), this.ws.get('Wh', 0), at(Hs, H), s],
          });
      });
      e.parallel(jobs);
    };
    if (counts === undefined) {
      run(0, T, B);
      return;
    }
    for (let t = 0; t < T; t++) {
      const n = counts[t]!;
      if (n > 0) run(t, 1, n);
      if (n < B) {
        // H_{t+1}[b] = H_t[b] (and C) for the rows that have finished
        const f = e.mem.f32();
        for (const block of Cs !== 0 ? [Hs, Cs] : [Hs]) {
          const from = (block >> 2) + (t * B + n) * H;
          f.copyWithin(from + B * H, from, from + (B - n) * H);
        }
      }
    }
  }

  private writeState(block: number, value: Float32Array | undefined, B: number, which: 'h' | 'c'): void {
    const n = B * this.numHiddens;
    const view = new Float32Array(this.engine.mem.memory.buffer, block, n);
    if (value === undefined) view.fill(0);
    else if (value.length !== n)
      throw new Error(
        `expected initial ${which} of shape [${B}, ${this.numHiddens}], got ${value.length} values`,
      );
    else view.set(value);
  }

  private requireShape(): Shape {
    if (this.shape === undefined) throw new Error(`${this.W_x.name}: forward must run before this call`);
    return this.shape;
  }

  /** Address of the outputs H_1 … H_T of the last forward, [T·B, H] time-major. */
  outputs(): number {
    const { B } = this.requireShape();
    return this.ws.get('Hs', 0) + 4 * B * this.numHiddens;
  }

  /** A copy of the outputs of the last forward, batch-major [batchSize, numSteps, numHiddens]. */
  outputsBatchMajor(): Float32Array {
    const { T, B } = this.requireShape(),
      H = this.numHiddens;
    const src = new Float32Array(this.engine.mem.memory.buffer, this.outputs(), T * B * H);
    const out = new Float32Array(T * B * H);
    for (let t = 0; t < T; t++)
      for (let b = 0; b < B; b++)
        out.set(src.subarray((t * B + b) * H, (t * B + b + 1) * H), (b * T + t) * H);
    return out;
  }

  /** A copy of the final state (H_T, and C_T for an LSTM) of the last forward. */
  finalState(): LayerState {
    const { T, B } = this.requireShape(),
      n = B * this.numHiddens;
    const buf = this.engine.mem.memory.buffer;
    const h = new Float32Array(buf, this.ws.get('Hs', 0) + 4 * T * n, n).slice();
    if (this.cell !== 'lstm') return { h };
    return { h, c: new Float32Array(buf, this.ws.get('Cs', 0) + 4 * T * n, n).slice() };
  }

  /**
   * Backpropagation through time for the last forward. Accumulates into W_x.grad, W_h.grad, b.grad
   * (and the embedding's grad for token input).
   * @param dOut address of ∂L/∂H_t for every step, [T·B, H] time-major; 0 when only the final state matters
   * @param dFinal ∂L/∂(final state); omitted = zeros
   * @param dX address receiving ∂L/∂X [T·B, inputSize] (overwritten); 0 to skip (feature input only)
   * @returns ∂L/∂(initial state)
   * One backward per forward: it overwrites the activations the forward pass saved.
   */
  backward(dOut: number, dFinal?: LayerState, dX = 0): LayerState {
    const e = this.engine,
      k = e.kernels,
      H = this.numHiddens,
      g = this.g,
      { T, B, counts } = this.requireShape(),
      TB = T * B;
    if (this.consumed)
      throw new Error(
        `${this.W_x.name}: backward already ran for this forward pass (it consumes the saved activations); run forward again`,
      );
    this.consumed = true;
    const input = this.input!;
    const G = this.ws.get('G', 0),
      Hs = this.ws.get('Hs', 0);
    const dh = this.ws.get('dh', B * H);
    this.writeState(dh, dFinal?.h, B, 'h');
    this.pack();
    let dc = 0;
    if (this.cell === 'lstm') {
      dc = this.ws.get('dc', B * H);
      this.writeState(dc, dFinal?.c, B, 'c');
    }
    const drh = this.cell === 'gru' ? this.ws.get('drh', B * H) : 0;
    // Steps [t, t + steps) of rows [0, rows), backwards, with the blocks' addresses moved to step t.
    const run = (t: number, steps: number, rows: number): void => {
      const jobs: Job[] = [],
        at = (base: number, width: number): number => base + 4 * t * B * width;
      const up = dOut === 0 ? 0 : at(dOut, H);
      this.rowSplit(rows).forEach(([r0, rc], i) => {
        const s = e.scratch[i]!;
        if (this.cell === 'lstm')
          jobs.push({
            op: 'lstmBackward',
            args: [
              steps,
              B,
              H,
              r0,
              rc,
              at(G, g),
              this.ws.get('WhT', 0),
              at(this.ws.get('Cs', 0), H),
              at(this.ws.get('TCs', 0), H),
              up,
              dh,
              dc,
              s,
              this.recurrentMask,
            ],
          });
        else if (this.cell === 'gru')
          jobs.push({
            op: 'gruBackward',
            args: [
              steps,
              B,
              H,
              r0,
              rc,
              at(G, g),
              this.ws.get('WzrT', 0),
              this.ws.get('WhhT', 0),
              at(Hs, H),
              up,
              dh,
              drh,
              s,
            ],
          });
        else
          jobs.push({
            op: 'rnnBackward',
            args: [steps, B, H, r0, rc, at(G, g), this.ws.get('WhT', 0), at(Hs, H), up, dh, s],
          });
      });
      e.parallel(jobs);
    };
    if (counts === undefined) run(0, T, B);
    else {
      for (let t = T - 1; t >= 0; t--) {
        const n = counts[t]!;
        if (n > 0) run(t, 1, n);
        if (n < B) {
          // finished rows carried H_t = H_{t−1}: ∂L/∂H_{t−1} = ∂L/∂H_t + ∂L/∂(output t); no pre-activations
          if (dOut !== 0) k.addInto((B - n) * H, dh + 4 * n * H, dOut + 4 * (t * B + n) * H);
          e.mem.f32().fill(0, (G >> 2) + (t * B + n) * g, (G >> 2) + (t + 1) * B * g);
        }
      }
    }
    // G now holds dZ [T·B, gH] (zero where a row had finished). Weight gradients as GEMMs over all
    // steps at once, or step by step over the running rows:
    const dWh = this.W_h.grad.ptr;
    this.blocks((r, n) => {
      if (this.cell === 'gru') {
        // dW_h[:, z r] += H_prevᵀ dZ[:, z r];  dW_h[:, h] += (R ⊙ H_prev)ᵀ dZ[:, h]
        e.gemm('T', 'N', H, 2 * H, n, elementAt(Hs, r, H), H, elementAt(G, r, g), g, dWh, g, 1);
        const RHs = elementAt(this.ws.get('RHs', 0), r, H),
          dZ_h = elementAt(G, r, g, 2 * H);
        e.gemm('T', 'N', H, H, n, RHs, H, dZ_h, g, elementAt(dWh, 0, g, 2 * H), g, 1);
      } else {
        // dW_h += H_prevᵀ dZ, or (H_prev ⊙ M_h)ᵀ dZ with recurrent dropout
        const Hp = this.recurrentMask !== 0 ? this.ws.get('HMs', 0) : Hs;
        e.gemm('T', 'N', H, g, n, Hp + 4 * r * H, H, G + 4 * r * g, g, dWh, g, 1);
      }
    });
    k.colSum(TB, g, G, g, this.b.grad.ptr, 1); // db += Σ_rows dZ
    const D = this.inputSize,
      dWx = this.W_x.grad.ptr,
      Wx = this.W_x.value.ptr;
    // dW_x += Xᵀ dZ and dX = dZ W_xᵀ over the rows that ran (dX is zero elsewhere)
    const throughX = (X: number, dXout: number): void => {
      if (counts !== undefined && dXout !== 0) e.mem.f32().fill(0, dXout >> 2, (dXout >> 2) + TB * D);
      this.blocks((r, n) => {
        e.gemm('T', 'N', D, g, n, X + 4 * r * D, D, G + 4 * r * g, g, dWx, g, 1);
        if (dXout !== 0) e.gemm('N', 'T', n, D, g, G + 4 * r * g, g, Wx, g, dXout + 4 * r * D, D, 0);
      });
    };
    if ('X' in input) {
      throughX(input.X, dX);
    } else if (this.trickUsed) {
      // dP[v] = Σ_{r: token r = v} dZ[r];  dW_x += Eᵀ dP;  dE += dP W_xᵀ
      const V = input.embedding.shape[0]!,
        dP = this.ws.get('dP', V * g);
      new Float32Array(e.mem.memory.buffer, dP, V * g).fill(0);
      k.scatterAddRows(TB, input.tokens, G, g, dP);
      e.gemm('T', 'N', D, g, V, input.embedding.value.ptr, D, dP, g, dWx, g, 1);
      e.gemm('N', 'T', V, D, g, dP, g, Wx, g, input.embedding.grad.ptr, D, 1);
    } else {
      const dE = this.ws.get('dE', TB * D);
      throughX(this.ws.get('E', 0), dE);
      k.scatterAddRows(TB, input.tokens, dE, D, input.embedding.grad.ptr);
    }
    const buf = e.mem.memory.buffer;
    const dInit: LayerState = { h: new Float32Array(buf, dh, B * H).slice() };
    if (dc !== 0) dInit.c = new Float32Array(buf, dc, B * H).slice();
    return dInit;
  }

  /** Frees the parameters and work space. */
  dispose(): void {
    for (const p of this.params) p.dispose();
    this.ws.dispose();
  }
}
