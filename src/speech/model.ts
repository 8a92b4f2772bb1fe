/**
 * The recognisers, on the engine (float32, WebAssembly kernels): stacked recurrent layers (GRU or LSTM,
 * one- or two-directional) over MFCC frames, then a dense layer.
 *
 * - task 'digits' (one spoken digit → its class): the final state of the top layer — H_T after each
 *   utterance's own last frame, and for a bidirectional layer [H→_T, H←_1] — gives logits
 *   z = H W + b [batchSize, 10]; loss: softmax cross-entropy, mean over the batch.
 * - task 'sequences' (a string of digits, alignment unknown): every frame's output gives logits
 *   u_t = Y_t W + b [T·B, 11] over the blank (0) and the digits (digit d is symbol d + 1); loss: CTC
 *   (ctc.ts) per utterance, mean over the batch.
 *
 * Weights are tfjs-named (`gru_0/forward/kernel`, …, `dense/kernel`), for checkpoints.
 */
import {
  BidirectionalLayer,
  CellType,
  Dense,
  Engine,
  LayerState,
  Parameter,
  RecurrentLayer,
  softmaxCrossEntropy,
  Workspace,
} from '../engine/index';
import { SpeechBatch } from './batch';
import { ctcLoss, logSoftmaxRows } from './ctc';

/** The two tasks. */
export type SpeechTask = 'digits' | 'sequences';

/** The blank of the CTC models; digit d is symbol d + 1. */
export const CTC_BLANK = 0;

/** Architecture of a {@link SpeechModel}. */
export interface SpeechModelConfig {
  task: SpeechTask;
  cell: Extract<CellType, 'gru' | 'lstm'>;
  /** Features per step the first layer reads (after stacking). */
  inputSize: number;
  /** Frames stacked into one step (batch.ts); kept so that a checkpoint can prepare new audio. */
  stack: number;
  numHiddens: number;
  numLayers: number;
  bidirectional: boolean;
  /** 10 for 'digits'; 11 (blank + 10 digits) for 'sequences'. */
  numClasses: number;
}

type Layer = RecurrentLayer | BidirectionalLayer;

/** What a forward pass leaves for its backward pass. */
interface Pass {
  batch: SpeechBatch;
  top: number;
  width: number;
  rows: number;
}

export class SpeechModel {
  readonly layers: Layer[];
  readonly head: Dense;
  private readonly ws: Workspace;
  /** Training steps taken (kept in checkpoints). */
  steps = 0;

  constructor(
    private readonly engine: Engine,
    readonly config: SpeechModelConfig,
    seed = 0,
  ) {
    const c = config;
    if (!['digits', 'sequences'].includes(c.task))
      throw new Error(`SpeechModel: task must be 'digits' or 'sequences'; got '${String(c.task)}'`);
    const want = c.task === 'digits' ? 10 : 11;
    if (c.numClasses !== want)
      throw new Error(`SpeechModel: task '${c.task}' has ${want} classes; got numClasses ${c.numClasses}`);
    if (!Number.isInteger(c.numLayers) || c.numLayers < 1)
      throw new Error(`SpeechModel: numLayers must be a positive integer; got ${c.numLayers}`);
    const width = c.bidirectional ? 2 * c.numHiddens : c.numHiddens;
    this.layers = Array.from({ length: c.numLayers }, (_, i) => {
      const o = {
        cell: c.cell,
        inputSize: i === 0 ? c.inputSize : width,
        numHiddens: c.numHiddens,
        seed: seed + 10 * i,
        name: `${c.cell}_${i}`,
      };
      return c.bidirectional ? new BidirectionalLayer(engine, o) : new RecurrentLayer(engine, o);
    });
    this.head = new Dense(engine, {
      inputSize: width,
      units: c.numClasses,
      seed: seed + 1000,
      name: 'dense',
    });
    this.ws = new Workspace(engine);
  }

  get params(): Parameter[] {
    return [...this.layers.flatMap((l) => l.params), ...this.head.params];
  }

  get numParams(): number {
    return this.params.reduce((s, p) => s + p.size, 0);
  }

  private get width(): number {
    return this.config.bidirectional ? 2 * this.config.numHiddens : this.config.numHiddens;
  }

  /** Runs the layers and the head; logits at ws 'Z' [rows, numClasses]. */
  private forward(batch: SpeechBatch): Pass {
    const { numSteps: T, batchSize: B, lengths } = batch,
      W = this.width;
    if (batch.featureSize !== this.config.inputSize)
      throw new Error(
        `SpeechModel: batch of ${batch.featureSize} features per step; the model reads ` +
          `${this.config.inputSize}`,
      );
    const X = this.ws.tensor('X', batch.X.length);
    new Float32Array(this.engine.mem.memory.buffer, X.ptr, batch.X.length).set(batch.X);
    let input = X.ptr;
    for (const layer of this.layers) {
      if (layer instanceof BidirectionalLayer) layer.forward(input, T, B, lengths);
      else layer.forward({ X: input }, T, B, undefined, lengths);
      input = layer.outputs();
    }
    let top = input,
      rows = T * B;
    if (this.config.task === 'digits') {
      // H [B, W]: the top layer's final state(s)
      const last = this.layers[this.layers.length - 1]!;
      const H = new Float32Array(B * W);
      if (last instanceof BidirectionalLayer) {
        const [f, b] = last.finalStates(),
          h = this.config.numHiddens;
        for (let r = 0; r < B; r++) {
          H.set(f.h.subarray(r * h, (r + 1) * h), r * W);
          H.set(b.h.subarray(r * h, (r + 1) * h), r * W + h);
        }
      } else H.set(last.finalState().h);
      top = this.ws.get('Hfinal', B * W);
      new Float32Array(this.engine.mem.memory.buffer, top, B * W).set(H);
      rows = B;
    }
    this.head.forward(top, rows, this.ws.get('Z', rows * this.config.numClasses));
    return { batch, top, width: W, rows };
  }

  private logits(p: Pass): Float32Array {
    return new Float32Array(
      this.engine.mem.memory.buffer,
      this.ws.get('Z', 0),
      p.rows * this.config.numClasses,
    );
  }

  /** Backpropagates ∂L/∂logits, already at ws 'Z', through the head and the layers. */
  private backward(p: Pass): void {
    const { numSteps: T, batchSize: B } = p.batch,
      W = p.width,
      n = this.layers.length;
    const dTop = this.ws.get('dTop', p.rows * W);
    this.head.backward(p.top, this.ws.get('Z', 0), p.rows, dTop);
    let dY = this.config.task === 'sequences' ? dTop : 0;
    let dFinal: LayerState | undefined, dFinalPair: [LayerState, LayerState] | undefined;
    if (this.config.task === 'digits') {
      const d = new Float32Array(this.engine.mem.memory.buffer, dTop, B * W).slice(),
        h = this.config.numHiddens;
      if (this.config.bidirectional) {
        const f = new Float32Array(B * h),
          b = new Float32Array(B * h);
        for (let r = 0; r < B; r++) {
          f.set(d.subarray(r * W, r * W + h), r * h);
          b.set(d.subarray(r * W + h, (r + 1) * W), r * h);
        }
        dFinalPair = [{ h: f }, { h: b }];
      } else dFinal = { h: d };
    }
    for (let i = n - 1; i >= 0; i--) {
      const layer = this.layers[i]!;
      const dX = i > 0 ? this.ws.get(`dX${i}`, T * B * W) : 0;
      if (layer instanceof BidirectionalLayer) layer.backward(dY, i === n - 1 ? dFinalPair : undefined, dX);
      else layer.backward(dY, i === n - 1 ? dFinal : undefined, dX);
      dY = dX;
    }
  }

  /**
   * The mean loss over the batch, with the gradients of every parameter accumulated in `param.grad`
   * (zero them first). `targets`: digits (one per utterance) for 'digits', digit strings for
   * 'sequences' — in the order of the items the batch was made from.
   */
  lossAndGradients(batch: SpeechBatch, targets: readonly number[] | readonly (readonly number[])[]): number {
    const p = this.forward(batch),
      K = this.config.numClasses,
      B = batch.batchSize;
    if (targets.length !== B) throw new Error(`SpeechModel: ${targets.length} targets for a batch of ${B}`);
    let loss: number;
    if (this.config.task === 'digits') {
      const labels = this.ws.tensor('labels', B);
      const y = new Int32Array(this.engine.mem.memory.buffer, labels.ptr, B);
      batch.order.forEach((i, b) => {
        y[b] = targets[i] as number;
      });
      loss = softmaxCrossEntropy(this.engine, this.ws.get('Z', 0), labels.ptr, B, K, 1 / B) / B;
    } else {
      const Z = this.logits(p),
        dZ = new Float32Array(Z.length);
      loss = 0;
      batch.order.forEach((i, b) => {
        const L = batch.lengths[b]!,
          u = new Float64Array(L * K);
        for (let t = 0; t < L; t++) for (let k = 0; k < K; k++) u[t * K + k] = Z[(t * B + b) * K + k]!;
        const r = ctcLoss(
          u,
          L,
          K,
          (targets[i] as readonly number[]).map((d) => d + 1),
          { blank: CTC_BLANK },
        );
        loss += r.loss / B;
        for (let t = 0; t < L; t++)
          for (let k = 0; k < K; k++) dZ[(t * B + b) * K + k] = r.grad[t * K + k]! / B;
      });
      this.logits(p).set(dZ);
    }
    this.backward(p);
    return loss;
  }

  /** 'digits': logits [numClasses] per utterance, in input order. */
  classify(batch: SpeechBatch): Float32Array[] {
    if (this.config.task !== 'digits') throw new Error("SpeechModel.classify is for task 'digits'");
    const p = this.forward(batch),
      Z = this.logits(p),
      K = this.config.numClasses;
    const out: Float32Array[] = new Array(batch.batchSize);
    batch.order.forEach((i, b) => {
      out[i] = Z.slice(b * K, (b + 1) * K);
    });
    return out;
  }

  /** 'sequences': per-frame log-probabilities [L, 11] per utterance, in input order. */
  logProbs(batch: SpeechBatch): { logProbs: Float64Array; numFrames: number }[] {
    if (this.config.task !== 'sequences') throw new Error("SpeechModel.logProbs is for task 'sequences'");
    const p = this.forward(batch),
      Z = this.logits(p),
      K = this.config.numClasses,
      B = batch.batchSize;
    const out: { logProbs: Float64Array; numFrames: number }[] = new Array(B);
    batch.order.forEach((i, b) => {
      const L = batch.lengths[b]!,
        u = new Float64Array(L * K);
      for (let t = 0; t < L; t++) for (let k = 0; k < K; k++) u[t * K + k] = Z[(t * B + b) * K + k]!;
      out[i] = { logProbs: logSoftmaxRows(u, L, K), numFrames: L };
    });
    return out;
  }

  /** Weights by parameter name (copies). */
  getWeights(): Record<string, { shape: number[]; data: Float32Array }> {
    return Object.fromEntries(this.params.map((p) => [p.name, { shape: [...p.shape], data: p.get() }]));
  }

  /** Sets every weight; names and shapes must match. */
  setWeights(w: Record<string, { shape: number[]; data: Float32Array }>): void {
    for (const p of this.params) {
      const t = w[p.name];
      if (t === undefined) throw new Error(`missing weight '${p.name}'`);
      if (t.shape.join(',') !== p.shape.join(','))
        throw new Error(
          `weight '${p.name}' has shape [${t.shape.join(', ')}], the model needs [${p.shape.join(', ')}]`,
        );
      p.set(t.data);
    }
  }

  dispose(): void {
    for (const l of this.layers) l.dispose();
    this.head.dispose();
    this.ws.dispose();
  }
}
