/**
 * Dense and embedding layers on the engine for tfjs models — with {@link EngineLSTM} they let a whole
 * Keras-style language model run its forward and backward passes on the engine, tfjs keeping the loss
 * and the optimizer. (tfjs-cpu's embedding gradient, UnsortedSegmentSum, takes ~1.6 s for one batch
 * of the reference step here; its dense products ~0.1 s each.)
 *
 *   dense:      Y = X W + b          dW = Xᵀ dY,  db = Σ_rows dY,  dX = dY Wᵀ
 *   embedding:  Y[r] = E[id_r]       dE[v] = Σ_{r: id_r = v} dY[r]
 */
import * as tf from '@tensorflow/tfjs';
import { Engine } from '../engine/engine';
import { initializer, layerEngine } from './engine-recurrent';

/** Scratch blocks of engine memory owned by one layer, grown on demand. */
class Blocks {
  private readonly blocks = new Map<string, { ptr: number; size: number }>();

  constructor(private readonly engine: () => Engine) {}

  get(name: string, floats: number): number {
    const eng = this.engine();
    const b = this.blocks.get(name);
    if (b !== undefined && b.size >= floats) return b.ptr;
    if (b !== undefined) eng.mem.release(b.ptr);
    const ptr = eng.mem.alloc(Math.max(1, floats) * 4);
    this.blocks.set(name, { ptr, size: floats });
    return ptr;
  }

  view(name: string, floats: number): Float32Array {
    return new Float32Array(this.engine().mem.memory.buffer, this.get(name, floats), floats);
  }

  release(): void {
    for (const b of this.blocks.values()) this.engine().mem.release(b.ptr);
    this.blocks.clear();
  }
}

/** Arguments of {@link EngineDense}. */
export interface EngineDenseArgs {
  units: number;
  /** The engine the layer runs on (not saved with the model). @default layerEngine() */
  engine?: Engine;
  /** @default 'glorotUniform' (tfjs's default) */
  kernelInitializer?: string;
  /** @default 'zeros' */
  biasInitializer?: string;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  name?: string;
  trainable?: boolean;
}

/** `tf.layers.dense` (linear, with bias) on the engine; applies to the last axis of any input. */
export class EngineDense extends tf.layers.Layer {
  static className = 'RnnlabDense';
  readonly units: number;
  private readonly args: EngineDenseArgs;
  private kernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private readonly blocks = new Blocks(() => this.engine);
  private readonly engineArg: Engine | undefined;

  /** The engine this layer runs on. */
  get engine(): Engine {
    return this.engineArg ?? layerEngine();
  }

  constructor(args: EngineDenseArgs) {
    super(args);
    this.engineArg = args.engine;
    if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`units must be a positive integer; got ${args.units}`);
    this.units = args.units;
    this.args = args;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const D = shape[shape.length - 1];
    if (D === null || D === undefined) throw new Error('RnnlabDense needs a known last dimension');
    this.kernel = this.addWeight('kernel', [D, this.units], 'float32', initializer(this.args.kernelInitializer ?? 'glorotUniform'));
    this.bias = this.addWeight('bias', [this.units], 'float32', initializer(this.args.biasInitializer ?? 'zeros'));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s.slice(0, -1), this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const U = this.units;
    const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [xi, W, b] = args as tf.Tensor[];
      const save = args[3] as tf.GradSaveFunc;
      const D = xi!.shape[xi!.shape.length - 1]!, rows = xi!.size / D;
      const eng = this.engine;
      const X = this.blocks.get('X', rows * D), Wp = this.blocks.get('W', D * U), bp = this.blocks.get('b', U), Y = this.blocks.get('Y', rows * U);
      this.blocks.view('X', rows * D).set(xi!.dataSync());
      this.blocks.view('W', D * U).set(W!.dataSync());
      this.blocks.view('b', U).set(b!.dataSync());
      eng.kernels.fillRows(rows, U, Y, U, bp);
      eng.gemm('N', 'N', rows, U, D, X, D, Wp, U, Y, U, 1);
      const value = tf.tensor(this.blocks.view('Y', rows * U).slice(), [...xi!.shape.slice(0, -1), U]);
      save([xi!, W!]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sW] = saved as [tf.Tensor, tf.Tensor];
          const Xs = this.blocks.get('X', rows * D), Ws = this.blocks.get('W', D * U);
          this.blocks.view('X', rows * D).set(sx.dataSync());
          this.blocks.view('W', D * U).set(sW.dataSync());
          const dY = this.blocks.get('dY', rows * U), dW = this.blocks.get('dW', D * U), db = this.blocks.get('db', U), dX = this.blocks.get('dX', rows * D);
          this.blocks.view('dY', rows * U).set(dy.dataSync());
          eng.gemm('T', 'N', D, U, rows, Xs, D, dY, U, dW, U, 0);
          eng.kernels.colSum(rows, U, dY, U, db, 0);
          eng.gemm('N', 'T', rows, D, U, dY, U, Ws, U, dX, D, 0);
          return [
            tf.tensor(this.blocks.view('dX', rows * D).slice(), sx.shape),
            tf.tensor(this.blocks.view('dW', D * U).slice(), sW.shape),
            tf.tensor(this.blocks.view('db', U).slice(), [U]),
          ];
        },
      };
    });
    return f(x, this.kernel!.read(), this.bias!.read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { inputShape: _i, batchInputShape: _b, name: _n, trainable: _t, engine: _e, ...own } = this.args;
    return { ...super.getConfig(), ...own, units: this.units };
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    this.blocks.release();
    return super.dispose();
  }
}

/** Arguments of {@link EngineEmbedding}. */
export interface EngineEmbeddingArgs {
  /** The engine the layer runs on (not saved with the model). @default layerEngine() */
  engine?: Engine;
  inputDim: number;
  outputDim: number;
  /** @default 'randomUniform' (U(−0.05, 0.05), tfjs's default) */
  embeddingsInitializer?: string;
  inputLength?: number;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  name?: string;
  trainable?: boolean;
}

/** `tf.layers.embedding` on the engine: int32 ids [batch, steps] → [batch, steps, outputDim]. */
export class EngineEmbedding extends tf.layers.Layer {
  static className = 'RnnlabEmbedding';
  readonly inputDim: number;
  readonly outputDim: number;
  private readonly args: EngineEmbeddingArgs;
  private embeddings?: tf.LayerVariable;
  private readonly blocks = new Blocks(() => this.engine);
  private readonly engineArg: Engine | undefined;

  /** The engine this layer runs on. */
  get engine(): Engine {
    return this.engineArg ?? layerEngine();
  }

  constructor(args: EngineEmbeddingArgs) {
    const a = args.inputShape === undefined && args.batchInputShape === undefined && args.inputLength !== undefined ? { ...args, inputShape: [args.inputLength] } : args;
    super(a);
    this.engineArg = args.engine;
    for (const [k, v] of [['inputDim', args.inputDim], ['outputDim', args.outputDim]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer; got ${v}`);
    }
    this.inputDim = args.inputDim;
    this.outputDim = args.outputDim;
    this.args = args;
  }

  override build(): void {
    this.embeddings = this.addWeight('embeddings', [this.inputDim, this.outputDim], 'float32', initializer(this.args.embeddingsInitializer ?? 'randomUniform'));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [...s, this.outputDim];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const ids = Array.isArray(inputs) ? inputs[0]! : inputs;
    const V = this.inputDim, E = this.outputDim;
    const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [idsT, table] = args as tf.Tensor[];
      const save = args[2] as tf.GradSaveFunc;
      const n = idsT!.size, eng = this.engine;
      const raw = idsT!.dataSync();
      const idx = new Int32Array(eng.mem.memory.buffer, this.blocks.get('idx', n), n);
      for (let i = 0; i < n; i++) {
        const v = raw[i]!;
        if (!(v >= 0 && v < V)) throw new Error(`RnnlabEmbedding: id ${v} at position ${i} is outside [0, ${V})`);
        idx[i] = v;
      }
      this.blocks.view('table', V * E).set(table!.dataSync());
      const out = this.blocks.get('out', n * E);
      eng.kernels.gatherRows(n, this.blocks.get('idx', n), this.blocks.get('table', V * E), E, out);
      const value = tf.tensor(this.blocks.view('out', n * E).slice(), [...idsT!.shape, E]);
      save([idsT!]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const sids = saved[0]!;
          const idx2 = new Int32Array(eng.mem.memory.buffer, this.blocks.get('idx', n), n);
          idx2.set(sids.dataSync());
          this.blocks.view('dY', n * E).set(dy.dataSync());
          const dT = this.blocks.view('dTable', V * E);
          dT.fill(0);
          eng.kernels.scatterAddRows(n, this.blocks.get('idx', n), this.blocks.get('dY', n * E), E, this.blocks.get('dTable', V * E));
          return [tf.zerosLike(sids), tf.tensor(this.blocks.view('dTable', V * E).slice(), [V, E])];
        },
      };
    });
    return f(tf.cast(ids, 'int32'), this.embeddings!.read());
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { inputShape: _i, batchInputShape: _b, name: _n, trainable: _t, engine: _e, ...own } = this.args;
    return { ...super.getConfig(), ...own, inputDim: this.inputDim, outputDim: this.outputDim };
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    this.blocks.release();
    return super.dispose();
  }
}

tf.serialization.registerClass(EngineDense);
tf.serialization.registerClass(EngineEmbedding);
