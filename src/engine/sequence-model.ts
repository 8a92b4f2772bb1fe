/**
 * A character (or word) language model on the engine: embedding → LSTM, GRU or RNN → dense over the vocabulary,
 * trained with softmax cross-entropy, gradient clipping by global norm and Adam — the reference step
 * of the benchmark (batch 32, 64 steps, embedding 64, 256 units). Tokens come batch-major
 * ([batchSize, numSteps], as the data pipeline makes them); inside, everything is time-major.
 */
import { Rng } from '../tensor/rng';
import { glorotUniform } from '../tensor/init';
import { initLSTM } from '../nn/lstm';
import { initGRU } from '../nn/gru';
import { initRNN } from '../nn/rnn';
import { Block } from './kernels';
import { GemmEngine } from './gemm';
import { EngineLSTM } from './lstm';
import { EngineGRU } from './gru';
import { EngineRNN } from './rnn';

/** What SequenceModel needs of a recurrent layer on the engine. */
export interface EngineRecurrentLayer {
  forward(X: Block, T: number, B: number): { H: Block };
  backward(dH: Block | null): { dX: Block };
  paramBlocks(): { name: string; value: Block; grad: Block }[];
}

export type EngineCell = 'lstm' | 'gru' | 'rnn';

/** A recurrent layer of the given cell, initialised as src/nn initialises it (LSTM forget bias 1). */
export function engineLayer(engine: GemmEngine, cell: EngineCell, numInputs: number, numHiddens: number, rng: Rng): EngineRecurrentLayer {
  switch (cell) {
    case 'lstm': { const l = new EngineLSTM(engine, numInputs, numHiddens); l.setParams(initLSTM(numInputs, numHiddens, rng)); return l; }
    case 'gru': { const l = new EngineGRU(engine, numInputs, numHiddens); l.setParams(initGRU(numInputs, numHiddens, rng)); return l; }
    case 'rnn': { const l = new EngineRNN(engine, numInputs, numHiddens); l.setParams(initRNN({ numInputs, numHiddens, numOutputs: 1 }, rng)); return l; }
  }
}

/** Options of {@link SequenceModel}. */
export interface SequenceModelOptions {
  vocabSize: number;
  /** The recurrent cell. @default 'lstm' */
  cell?: EngineCell;
  /** @default 64 */
  embedDim?: number;
  /** @default 256 */
  numHiddens?: number;
  /** @default 0 */
  seed?: number;
}

/** Options of one training step. */
export interface StepOptions {
  /** Adam's learning rate. @default 2e-3 */
  lr?: number;
  /** Clip the global gradient norm at this value (0: no clipping). @default 5 */
  clip?: number;
}

interface Param { value: Block; grad: Block; m: Block; v: Block }

export class SequenceModel {
  readonly vocabSize: number;
  readonly embedDim: number;
  readonly numHiddens: number;
  readonly cell: EngineCell;
  private readonly rnn: EngineRecurrentLayer;
  private readonly params: Record<string, Param> = {};
  private adamStep = 0;

  constructor(private readonly engine: GemmEngine, o: SequenceModelOptions) {
    this.vocabSize = o.vocabSize;
    this.embedDim = o.embedDim ?? 64;
    this.numHiddens = o.numHiddens ?? 256;
    const rng = new Rng(o.seed ?? 0);
    const k = engine.kernels;
    const param = (name: string, values: ArrayLike<number>): Param => {
      const p = { value: k.upload(values), grad: k.alloc(values.length), m: k.alloc(values.length), v: k.alloc(values.length) };
      for (const b of [p.grad, p.m, p.v]) k.view(b).fill(0);
      this.params[name] = p;
      return p;
    };
    param('embedding', Float32Array.from({ length: this.vocabSize * this.embedDim }, () => rng.uniform() * 0.1 - 0.05));
    this.cell = o.cell ?? 'lstm';
    this.rnn = engineLayer(engine, this.cell, this.embedDim, this.numHiddens, rng);
    for (const { name, value, grad } of this.rnn.paramBlocks()) {
      const p = { value, grad, m: k.alloc(value.length), v: k.alloc(value.length) };
      k.view(p.m).fill(0);
      k.view(p.v).fill(0);
      this.params[`${this.cell}.${name}`] = p;
    }
    param('W_out', glorotUniform([this.numHiddens, this.vocabSize], rng).data);
    param('b_out', new Float32Array(this.vocabSize));
  }

  /** Number of scalar parameters. */
  get numParams(): number {
    return Object.values(this.params).reduce((s, p) => s + p.value.length, 0);
  }

  /** Mean cross-entropy of next-token prediction over a batch, and (if `train`) one Adam step. */
  private run(X: Int32Array, Y: Int32Array, B: number, T: number, train: boolean, o: StepOptions): number {
    const k = this.engine.kernels, E = this.embedDim, U = this.numHiddens, V = this.vocabSize;
    if (X.length !== B * T || Y.length !== B * T) throw new Error(`SequenceModel: X and Y must have batchSize·numSteps = ${B * T} tokens, got ${X.length} and ${Y.length}`);
    const mark = k.mark();
    // Embedding lookup, time-major: Xe[t, b, :] = E[X[b, t], :]
    const Xe = k.alloc(T * B * E);
    const emb = k.view(this.params.embedding!.value), xe = k.view(Xe);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) {
      const tok = X[b * T + t]!;
      if (tok < 0 || tok >= V) throw new Error(`SequenceModel: token ${tok} at [${b}, ${t}] is outside the vocabulary of ${V}`);
      xe.set(emb.subarray(tok * E, (tok + 1) * E), (t * B + b) * E);
    }
    const { H } = this.rnn.forward(Xe, T, B);
    const Hs: Block = { ptr: H.ptr + B * U * 4, length: T * B * U }; // H_1 … H_T   [T·B, U]
    const logits = k.alloc(T * B * V);
    this.engine.gemm('nn', Hs, this.params.W_out!.value, logits, T * B, V, U);
    // Softmax cross-entropy; rows are time-major (t, b), labels batch-major (b, t).
    const lv = k.view(logits), bo = k.view(this.params.b_out!.value);
    let loss = 0;
    const n = T * B;
    for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) {
      const o0 = (t * B + b) * V, y = Y[b * T + t]!;
      let m = -Infinity;
      for (let j = 0; j < V; j++) { lv[o0 + j]! += bo[j]!; m = Math.max(m, lv[o0 + j]!); }
      let s = 0;
      for (let j = 0; j < V; j++) s += Math.exp(lv[o0 + j]! - m);
      const lse = m + Math.log(s);
      loss += lse - lv[o0 + y]!;
      if (train) { for (let j = 0; j < V; j++) lv[o0 + j] = Math.exp(lv[o0 + j]! - lse) / n; lv[o0 + y]! -= 1 / n; }
    }
    if (train) {
      for (const p of Object.values(this.params)) k.view(p.grad).fill(0);
      const dlogits = logits; // now ∂L/∂logits
      this.engine.gemm('tn', Hs, dlogits, this.params.W_out!.grad, U, V, n); //   dW_out = Hᵀ dlogits
      const dbo = k.view(this.params.b_out!.grad), dl = k.view(dlogits);
      for (let r = 0; r < n; r++) for (let j = 0; j < V; j++) dbo[j]! += dl[r * V + j]!;
      const dH = k.alloc(n * U);
      this.engine.gemm('nt', dlogits, this.params.W_out!.value, dH, n, U, V); //   dH = dlogits W_outᵀ
      const { dX } = this.rnn.backward(dH);
      const dE = k.view(this.params.embedding!.grad), dx = k.view(dX);
      for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) {
        const tok = X[b * T + t]!, src = (t * B + b) * E;
        for (let j = 0; j < E; j++) dE[tok * E + j]! += dx[src + j]!;
      }
      this.clipAndAdam(o.lr ?? 2e-3, o.clip ?? 5);
    }
    k.release(mark);
    return loss / n;
  }

  /** g ← g·min(1, θ/‖g‖); then Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η m̂/(√v̂ + ε). */
  private clipAndAdam(lr: number, clip: number): void {
    const k = this.engine.kernels;
    let sq = 0;
    for (const p of Object.values(this.params)) { const g = k.view(p.grad); for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!; }
    const scale = clip > 0 && Math.sqrt(sq) > clip ? clip / Math.sqrt(sq) : 1;
    this.adamStep++;
    const b1 = 0.9, b2 = 0.999, eps = 1e-8, c1 = 1 - b1 ** this.adamStep, c2 = 1 - b2 ** this.adamStep;
    for (const p of Object.values(this.params)) {
      const w = k.view(p.value), g = k.view(p.grad), m = k.view(p.m), v = k.view(p.v);
      for (let i = 0; i < w.length; i++) {
        const gi = g[i]! * scale;
        m[i] = b1 * m[i]! + (1 - b1) * gi;
        v[i] = b2 * v[i]! + (1 - b2) * gi * gi;
        w[i]! -= (lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + eps);
      }
    }
  }

  /** One training step on tokens X [batchSize, numSteps] with next tokens Y; returns the mean loss before the update. */
  trainStep(X: Int32Array, Y: Int32Array, batchSize: number, numSteps: number, o: StepOptions = {}): number {
    return this.run(X, Y, batchSize, numSteps, true, o);
  }

  /** Mean cross-entropy without training. */
  evaluate(X: Int32Array, Y: Int32Array, batchSize: number, numSteps: number): number {
    return this.run(X, Y, batchSize, numSteps, false, {});
  }
}
