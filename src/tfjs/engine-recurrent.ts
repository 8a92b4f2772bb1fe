/**
 * The engine's recurrent kernels as tfjs layers: drop-in replacements for `tf.layers.simpleRNN`,
 * `tf.layers.gru` and `tf.layers.lstm` (with `recurrentActivation: 'sigmoid'`) whose forward and
 * backward passes run on the engine through `tf.customGrad`, so Keras-style code trains at engine speed
 * on any tfjs backend:
 *
 *     const model = tf.sequential();
 *     model.add(tf.layers.embedding({ inputDim: 65, outputDim: 64 }));
 *     model.add(engineLayers.lstm({ units: 256, returnSequences: true }));
 *     model.add(tf.layers.dense({ units: 65 }));
 *     model.compile({ optimizer: 'adam', loss: … });  await model.fit(…);
 *
 * Weights are ordinary tfjs variables in tfjs's layouts and names (kernel, recurrent_kernel, bias;
 * gates i, f, c, o and z, r, h), so `getWeights`/`setWeights` and saved models map 1:1 to the tfjs
 * layers. The classes are registered with tf.serialization (RnnlabSimpleRNN, RnnlabGRU, RnnlabLSTM).
 * Not supported: initial states, masking, dropout inside the layer, stateful mode, `returnState`.
 */
import * as tf from '@tensorflow/tfjs';
import { createEngineSync, Engine } from '../engine/engine';
import { CellType, GATES, RecurrentLayer } from '../engine/recurrent';
import { orthogonalInit } from '../tensor/init';
import { Rng } from '../tensor/rng';

let defaultEngine: Engine | undefined;

/**
 * The engine the layers run on: set it to use a threaded engine (`await createEngine({ threads: 2 })`);
 * by default a one-thread engine is created on first use.
 */
export function setLayerEngine(engine: Engine): void {
  defaultEngine = engine;
}

/** The engine of the tfjs layers (created on first use unless set). */
export function layerEngine(): Engine {
  defaultEngine ??= createEngineSync();
  return defaultEngine;
}

/** Arguments of the engine's tfjs recurrent layers (a subset of tfjs's). */
export interface EngineRecurrentArgs {
  units: number;
  /**
   * The engine the layer runs on (not saved with the model).
   * @default layerEngine(): the one set by setLayerEngine, else a one-thread engine made on first use —
   * what a layer that tfjs deserialises from a saved model runs on, since it cannot be handed one
   */
  engine?: Engine;
  /** Return the outputs of every step [batch, steps, units], or only the last [batch, units]. @default false */
  returnSequences?: boolean;
  /** One of glorotNormal, glorotUniform, heNormal, heUniform, orthogonal, zeros, ones. @default 'glorotNormal' (tfjs's default) */
  kernelInitializer?: string;
  /**
   * @default 'orthogonal' — computed here by Gram–Schmidt (src/tensor/init.ts) in a fraction of a
   * second; tfjs's own orthogonal initializer (a pure-JS QR) takes minutes on a [256, 1024] kernel.
   */
  recurrentInitializer?: string;
  /** Seed of the orthogonal recurrent kernel. @default a random seed (tfjs's initializers are unseeded) */
  seed?: number;
  /** @default 'zeros' */
  biasInitializer?: string;
  /** LSTM: forget-gate bias initialised to 1. @default false (tfjs's default) */
  unitForgetBias?: boolean;
  inputShape?: (number | null)[];
  batchInputShape?: (number | null)[];
  name?: string;
  trainable?: boolean;
}

export type Initializer = ReturnType<typeof tf.initializers.zeros>;

const INITIALIZERS: Record<string, () => Initializer> = {
  glorotNormal: () => tf.initializers.glorotNormal({}),
  glorotUniform: () => tf.initializers.glorotUniform({}),
  heNormal: () => tf.initializers.heNormal({}),
  heUniform: () => tf.initializers.heUniform({}),
  orthogonal: () => tf.initializers.orthogonal({}),
  zeros: () => tf.initializers.zeros(),
  ones: () => tf.initializers.ones(),
  randomUniform: () => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05 }),
};

/** A tfjs initializer by name. */
export function initializer(name: string): Initializer {
  const make = INITIALIZERS[name];
  if (make === undefined) throw new Error(`initializer must be one of ${Object.keys(INITIALIZERS).join(', ')}; got '${name}'`);
  return make();
}

/** The engine-backed recurrent layer; use the subclasses (or {@link engineLayers}). */
export abstract class EngineRecurrent extends tf.layers.Layer {
  abstract readonly cell: CellType;
  readonly units: number;
  readonly returnSequences: boolean;
  private readonly args: EngineRecurrentArgs;
  private kernel?: tf.LayerVariable;
  private recurrentKernel?: tf.LayerVariable;
  private bias?: tf.LayerVariable;
  private core?: RecurrentLayer;
  private callCount = 0;
  private coreCall = -1;
  private readonly engineArg: Engine | undefined;

  constructor(args: EngineRecurrentArgs) {
    super(args);
    this.engineArg = args.engine;
    if (!Number.isInteger(args.units) || args.units < 1) throw new Error(`units must be a positive integer; got ${args.units}`);
    this.units = args.units;
    this.returnSequences = args.returnSequences ?? false;
    this.args = args;
    this.supportsMasking = false;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    if (shape.length !== 3) throw new Error(`${this.getClassName()} expects input [batch, steps, features], got [${shape.join(', ')}]`);
    const D = shape[2]!;
    if (D === null) throw new Error(`${this.getClassName()} needs a known feature size`);
    const g = GATES[this.cell] * this.units;
    this.kernel = this.addWeight('kernel', [D, g], 'float32', initializer(this.args.kernelInitializer ?? 'glorotNormal'));
    const recurrentInit = this.args.recurrentInitializer ?? 'orthogonal';
    const orthogonal = recurrentInit === 'orthogonal';
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, g], 'float32', initializer(orthogonal ? 'zeros' : recurrentInit));
    if (orthogonal) {
      // W_h [units, gates·units] with orthonormal rows: every singular value 1, as tfjs's Orthogonal.
      const seed = this.args.seed ?? Math.floor(Math.random() * 2 ** 32);
      const W_h = orthogonalInit([this.units, g], new Rng(seed)); // [units, gates·units]
      tf.tidy(() => { this.recurrentKernel!.write(tf.tensor2d(Float32Array.from(W_h.data), [this.units, g])); });
    }
    this.bias = this.addWeight('bias', [g], 'float32', initializer(this.args.biasInitializer ?? 'zeros'));
    if (this.cell === 'lstm' && this.args.unitForgetBias) {
      const b = this.bias.read().dataSync().slice();
      b.fill(1, this.units, 2 * this.units);
      tf.tidy(() => { this.bias!.write(tf.tensor1d(b)); });
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return this.returnSequences ? [s[0]!, s[1]!, this.units] : [s[0]!, this.units];
  }

  /** The engine layer, created for the input size on first use. */
  private coreLayer(D: number): RecurrentLayer {
    if (this.core === undefined || this.core.inputSize !== D) {
      this.core?.dispose();
      this.core = new RecurrentLayer(this.engine, { cell: this.cell, inputSize: D, numHiddens: this.units });
    }
    return this.core;
  }

  /** Runs the engine forward on x [B, T, D] with the given weights; returns the core layer. */
  private runForward(x: tf.Tensor, kernel: tf.Tensor, rk: tf.Tensor, bias: tf.Tensor, id: number): RecurrentLayer {
    const [B, T, D] = x.shape as [number, number, number];
    const core = this.coreLayer(D);
    const eng = this.engine;
    core.W_x.set(kernel.dataSync());
    core.W_h.set(rk.dataSync());
    core.b.set(bias.dataSync());
    // time-major input in the engine
    const xs = x.dataSync();
    const X = this.buffer('X', T * B * D);
    const xv = new Float32Array(eng.mem.memory.buffer, X, T * B * D);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) xv.set(xs.subarray((b * T + t) * D, (b * T + t + 1) * D), (t * B + b) * D);
    core.forward({ X }, T, B);
    this.coreCall = id;
    return core;
  }

  private readonly buffers = new Map<string, { ptr: number; size: number }>();

  private buffer(name: string, floats: number): number {
    const eng = this.engine;
    const b = this.buffers.get(name);
    if (b !== undefined && b.size >= floats) return b.ptr;
    if (b !== undefined) eng.mem.release(b.ptr);
    const ptr = eng.mem.alloc(Math.max(1, floats) * 4);
    this.buffers.set(name, { ptr, size: floats });
    return ptr;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const id = ++this.callCount;
    const units = this.units, seqs = this.returnSequences;
    const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [xi, kernel, rk, bias] = args as tf.Tensor[];
      const save = args[4] as tf.GradSaveFunc;
      const [B, T, D] = xi!.shape as [number, number, number];
      const core = this.runForward(xi!, kernel!, rk!, bias!, id);
      const value = seqs ? tf.tensor3d(core.outputsBatchMajor(), [B, T, units]) : tf.tensor2d(core.finalState().h, [B, units]);
      save([xi!, kernel!, rk!, bias!]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sx, sk, srk, sb] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
          // Another call of this layer ran since: recompute this call's forward pass first.
          const c = this.coreCall === id ? core : this.runForward(sx, sk, srk, sb, id);
          for (const p of c.params) p.zeroGrad();
          const eng = this.engine;
          const dys = dy.dataSync();
          const dX = this.buffer('dX', T * B * D);
          if (seqs) {
            const dOut = this.buffer('dOut', T * B * units);
            const dv = new Float32Array(eng.mem.memory.buffer, dOut, T * B * units);
            for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) dv.set(dys.subarray((b * T + t) * units, (b * T + t + 1) * units), (t * B + b) * units);
            c.backward(dOut, undefined, dX);
          } else {
            c.backward(0, { h: Float32Array.from(dys), c: this.cell === 'lstm' ? new Float32Array(B * units) : undefined }, dX);
          }
          this.coreCall = -1; // the activations are consumed
          const dxs = new Float32Array(eng.mem.memory.buffer, dX, T * B * D);
          const dxb = new Float32Array(B * T * D);
          for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) dxb.set(dxs.subarray((t * B + b) * D, (t * B + b + 1) * D), (b * T + t) * D);
          return [
            tf.tensor3d(dxb, [B, T, D]),
            tf.tensor(c.W_x.grad.toArray(), sk.shape),
            tf.tensor(c.W_h.grad.toArray(), srk.shape),
            tf.tensor(c.b.grad.toArray(), sb.shape),
          ];
        },
      };
    });
    return f(x, this.kernel!.read(), this.recurrentKernel!.read(), this.bias!.read());
  }

  /** The engine this layer runs on (see {@link EngineRecurrentArgs.engine}). */
  get engine(): Engine {
    return this.engineArg ?? layerEngine();
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { inputShape: _i, batchInputShape: _b, name: _n, trainable: _t, engine: _e, ...own } = this.args;
    return { ...super.getConfig(), ...own, units: this.units, returnSequences: this.returnSequences };
  }

  override dispose(): ReturnType<tf.layers.Layer['dispose']> {
    this.core?.dispose();
    this.core = undefined;
    const eng = this.engineArg ?? defaultEngine;
    if (eng !== undefined) for (const b of this.buffers.values()) eng.mem.release(b.ptr);
    this.buffers.clear();
    return super.dispose();
  }
}

/** `tf.layers.simpleRNN` (tanh) on the engine. */
export class EngineSimpleRNN extends EngineRecurrent {
  static className = 'RnnlabSimpleRNN';
  readonly cell = 'rnn';
}

/** `tf.layers.gru` (recurrentActivation 'sigmoid', reset before the recurrent product) on the engine. */
export class EngineGRU extends EngineRecurrent {
  static className = 'RnnlabGRU';
  readonly cell = 'gru';
}

/** `tf.layers.lstm` (recurrentActivation 'sigmoid') on the engine. */
export class EngineLSTM extends EngineRecurrent {
  static className = 'RnnlabLSTM';
  readonly cell = 'lstm';
}

tf.serialization.registerClass(EngineSimpleRNN);
tf.serialization.registerClass(EngineGRU);
tf.serialization.registerClass(EngineLSTM);

/** Factories of the recurrent layers in the style of `tf.layers` (see also `engineLayers` in engine-layers.ts). */
export const engineRecurrentLayers = {
  simpleRNN: (args: EngineRecurrentArgs): EngineSimpleRNN => new EngineSimpleRNN(args),
  gru: (args: EngineRecurrentArgs): EngineGRU => new EngineGRU(args),
  lstm: (args: EngineRecurrentArgs): EngineLSTM => new EngineLSTM(args),
};
