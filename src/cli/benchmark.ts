/**
 * The benchmark's workloads, as library functions (the `rnnlab bench` command runs each in a child
 * process so that every row gets its own peak RSS): the reference training step — a character
 * language model, embedding 64 → recurrent 256 → dense over 65 symbols, batch 32 × 64 steps, softmax
 * cross-entropy, clipping at 5, Adam 2e-3 — on the engine and on tfjs layers, and sampling speed.
 * Times are wall-clock per step after warm-up (V8 tiers WebAssembly up while it runs).
 */
import * as tf from '@tensorflow/tfjs';
import { BackendName, useBestBackend } from '../tfjs';
import { createEngine } from '../engine';
import { engineRng } from '../engine';
import { Rng } from '../tensor';
import { CellType } from '../engine';
import { SequenceModel } from '../engine';
import { engineLayers } from '../tfjs';
import { LM_PROTOCOL } from '../lm';

/**
 * The reference configuration of issue #4: the language model's protocol (LM_PROTOCOL) on Tiny
 * Shakespeare's 65 symbols.
 */
export const REFERENCE = {
  batchSize: LM_PROTOCOL.batchSize,
  numSteps: LM_PROTOCOL.numSteps,
  vocabSize: 65,
  embedDim: LM_PROTOCOL.embedDim,
  numHiddens: LM_PROTOCOL.numHiddens,
  optimizer: LM_PROTOCOL.optimizer,
  lr: LM_PROTOCOL.lr,
  clip: LM_PROTOCOL.clip,
} as const;

/** Raw timings of one workload. */
export interface Timing {
  /** Milliseconds of each timed step (training) or token (sampling). */
  ms: number[];
  /**
   * Time to first step: milliseconds from the start of building the model (weights initialised) to the
   * end of its first training step (or first sampled token) — what a learner waits before anything runs.
   */
  firstStepMs: number;
  /** Peak resident set of this process, MB. */
  peakRssMB: number;
  note?: string;
}

/** Random token windows, seeded. */
function tokens(rng: Rng, n: number, V: number): Int32Array {
  return Int32Array.from({ length: n }, () => rng.nextU32() % V);
}

function rssMB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Times `reps` training steps of the reference model on the engine after `warmup` untimed ones. */
export async function benchEngineTrain(
  cell: CellType,
  options: { threads: number; simd: boolean; warmup: number; reps: number },
): Promise<Timing> {
  const start = performance.now();
  const engine = await createEngine({ threads: options.threads, simd: options.simd });
  const R = REFERENCE,
    B = R.batchSize,
    T = R.numSteps;
  const model = new SequenceModel(engine, {
    cell,
    vocabSize: R.vocabSize,
    embedDim: R.embedDim,
    numHiddens: R.numHiddens,
    seed: 1,
  });
  const rng = engineRng(7);
  const ms: number[] = [];
  let firstStepMs = NaN;
  for (let i = 0; i < options.warmup + options.reps; i++) {
    const X = tokens(rng, B * T, R.vocabSize),
      Y = tokens(rng, B * T, R.vocabSize);
    const t0 = performance.now();
    model.trainStep(X, Y, B, T, { optimizer: R.optimizer, lr: R.lr, clip: R.clip });
    if (i === 0) firstStepMs = performance.now() - start;
    if (i >= options.warmup) ms.push(performance.now() - t0);
  }
  const note = engine.describe();
  model.dispose();
  await engine.dispose();
  return { ms, firstStepMs, peakRssMB: rssMB(), note };
}

/** Samples one sequence of `count` tokens (batch 1) from the reference model; ms per token. */
export async function benchEngineSample(
  cell: CellType,
  options: { threads: number; simd: boolean; count: number },
): Promise<Timing> {
  const start = performance.now();
  const engine = await createEngine({ threads: options.threads, simd: options.simd });
  const R = REFERENCE;
  const model = new SequenceModel(engine, {
    cell,
    vocabSize: R.vocabSize,
    embedDim: R.embedDim,
    numHiddens: R.numHiddens,
    seed: 1,
  });
  const rng = engineRng(3);
  const run = (n: number): number => {
    let state;
    let tok = 0;
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const r = model.stepLogits(Int32Array.of(tok), state);
      state = r.state;
      // sample from softmax(logits)
      const z = r.logits;
      let m = -Infinity;
      for (const v of z) m = Math.max(m, v);
      let s = 0;
      for (const v of z) s += Math.exp(v - m);
      let u = rng.uniform() * s;
      tok = 0;
      for (; tok < z.length - 1; tok++) {
        u -= Math.exp(z[tok]! - m);
        if (u <= 0) break;
      }
    }
    return (performance.now() - t0) / n;
  };
  run(1);
  const firstStepMs = performance.now() - start;
  run(200);
  const ms = [run(options.count)];
  model.dispose();
  await engine.dispose();
  return { ms, firstStepMs, peakRssMB: rssMB() };
}

/**
 * Times the reference model built from tf.layers on a tfjs backend. With `oneHot`, the input is
 * one-hot vectors instead of an Embedding layer (tfjs-backend-wasm lacks UnsortedSegmentSum, the
 * gradient of the embedding lookup).
 */
export async function benchTfjsTrain(
  backend: BackendName,
  cell: CellType,
  options: { warmup: number; reps: number; oneHot: boolean; engineLayer?: boolean },
): Promise<Timing> {
  await useBestBackend({ force: backend, log: false });
  const start = performance.now();
  const R = REFERENCE,
    B = R.batchSize,
    T = R.numSteps,
    V = R.vocabSize;
  const model = tf.sequential();
  if (options.oneHot) model.add(tf.layers.inputLayer({ inputShape: [T, V] }));
  else if (options.engineLayer)
    model.add(engineLayers.embedding({ inputDim: V, outputDim: R.embedDim, inputLength: T }));
  else model.add(tf.layers.embedding({ inputDim: V, outputDim: R.embedDim, inputLength: T }));
  const rnnArgs = { units: R.numHiddens, returnSequences: true };
  if (options.engineLayer)
    model.add(
      cell === 'lstm'
        ? engineLayers.lstm(rnnArgs)
        : cell === 'gru'
          ? engineLayers.gru(rnnArgs)
          : engineLayers.simpleRNN(rnnArgs),
    );
  else if (cell === 'lstm') model.add(tf.layers.lstm({ ...rnnArgs, recurrentActivation: 'sigmoid' }));
  else if (cell === 'gru') model.add(tf.layers.gru({ ...rnnArgs, recurrentActivation: 'sigmoid' }));
  else model.add(tf.layers.simpleRNN(rnnArgs));
  model.add(options.engineLayer ? engineLayers.dense({ units: V }) : tf.layers.dense({ units: V }));
  model.compile({
    optimizer: tf.train.adam(R.lr),
    loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p),
  });
  const rng = engineRng(7);
  const ms: number[] = [];
  let firstStepMs = NaN;
  for (let i = 0; i < options.warmup + options.reps; i++) {
    const ids = tokens(rng, B * T, V);
    const x = options.oneHot
      ? tf.oneHot(tf.tensor2d(ids, [B, T], 'int32'), V).toFloat()
      : tf.tensor2d(ids, [B, T], 'int32');
    const y = tf.oneHot(tf.tensor2d(tokens(rng, B * T, V), [B, T], 'int32'), V);
    const t0 = performance.now();
    await model.trainOnBatch(x, y);
    if (i === 0) firstStepMs = performance.now() - start;
    if (i >= options.warmup) ms.push(performance.now() - t0);
    tf.dispose([x, y]);
  }
  model.dispose();
  const layer = options.engineLayer
    ? `; embedding, ${cell} and dense layers on the rnnlab engine (tfjs: loss, Adam)`
    : '';
  return {
    ms,
    firstStepMs,
    peakRssMB: rssMB(),
    note: `tfjs ${tf.version.tfjs}, backend ${backend}${options.oneHot ? ', one-hot input' : ''}${layer}`,
  };
}
