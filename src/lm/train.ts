/**
 * Training a language model on one long sequence of token ids, for a number of steps or a wall-clock
 * budget, with one of three samplers:
 *
 * - `windows`: every row of every batch an independent random window (the headline protocol);
 * - `random`: d2l's random partitioning, epoch after epoch (state zero in each batch);
 * - `sequential`: d2l's sequential partitioning; the final state of each batch is the initial state of
 *   the next (detached: truncated BPTT over numSteps), reset to zero at the start of every epoch.
 *
 * Each step is one `trainStep` (mean cross-entropy, clipping by global norm, the optimizer's update).
 */
import { Rng } from '../tensor/rng';
import { randomTokenWindows } from '../data/windows';
import { seqDataIter, SequenceBatch } from '../data/sequences';
import { LanguageModel, LMOptimizer, LMState } from './model';
import { validationLoss } from './evaluate';

export type LMSampler = 'windows' | 'random' | 'sequential';
export const LM_SAMPLERS: readonly LMSampler[] = ['windows', 'random', 'sequential'];

/** Progress after one step. */
export interface LMStepInfo {
  step: number;
  /** Training seconds so far (validation excluded). */
  elapsed: number;
  /** This batch's mean cross-entropy (before its update). */
  loss: number;
  /** Mean loss of the last 50 steps. */
  smoothLoss: number;
  epoch: number;
}

/** Options of {@link trainLanguageModel}. */
export interface TrainLMOptions {
  /** @default 32 */
  batchSize?: number;
  /** @default 64 */
  numSteps?: number;
  /** @default 'windows' */
  sampler?: LMSampler;
  /** @default 'adam' */
  optimizer?: LMOptimizer;
  /** @default 2e-3 */
  lr?: number;
  /** Clip the global gradient norm at this value; 0: no clipping. @default 5 */
  clip?: number;
  /** Linear learning-rate warm-up: step s (from 1) uses lr·min(1, s/warmup); 0: none. @default 0 */
  warmup?: number;
  /** Stop after this many training seconds (validation excluded). At least one of seconds, maxSteps. */
  seconds?: number;
  /** Stop after this many steps. */
  maxSteps?: number;
  /** Seed of the batches. @default 0 */
  seed?: number;
  onStep?(info: LMStepInfo): void;
  /** Validation ids; with `evalEvery`, the validation loss is measured during training. */
  validation?: Int32Array;
  /** Measure the validation loss every this many steps (and after the last). @default 0 (never) */
  evalEvery?: number;
  /** Window of the validation loss. @default 256 */
  validationWindow?: number;
  onEval?(info: { step: number; elapsed: number; valLoss: number }): void;
  /** Call {@link TrainLMOptions.onCheckpoint} every this many training seconds (0: never). @default 0 */
  checkpointEvery?: number;
  /** Saves the model mid-training (its time is not counted as training time). */
  onCheckpoint?(info: LMStepInfo): void;
}

/** What {@link trainLanguageModel} returns. */
export interface TrainLMResult {
  steps: number;
  /** Training seconds (validation excluded). */
  seconds: number;
  /** CPU seconds (user + system, whole process) spent in those training seconds: under a shared machine's load, `seconds` minus this is time spent waiting for a core. */
  cpuSeconds: number;
  /** Mean loss of the last 50 steps. */
  trainLoss: number;
  /** Completed passes over the data (samplers random and sequential; fractional for windows: tokens seen / tokens). */
  epochs: number;
  /** Every step's loss. */
  losses: number[];
  /** Validation losses measured during training. */
  evals: { step: number; elapsed: number; valLoss: number }[];
}

/** Trains `model` on `ids`; see the file comment for the samplers. */
export function trainLanguageModel(model: LanguageModel, ids: Int32Array, o: TrainLMOptions): TrainLMResult {
  const B = o.batchSize ?? 32, T = o.numSteps ?? 64, sampler = o.sampler ?? 'windows';
  if (!LM_SAMPLERS.includes(sampler)) throw new Error(`sampler must be one of ${LM_SAMPLERS.join(', ')}; got '${String(sampler)}'`);
  if (o.seconds === undefined && o.maxSteps === undefined) throw new Error('trainLanguageModel: give seconds or maxSteps (or both)');
  if (o.seconds !== undefined && !(o.seconds > 0)) throw new Error(`seconds must be > 0, got ${o.seconds}`);
  if (o.maxSteps !== undefined && !(Number.isInteger(o.maxSteps) && o.maxSteps >= 0)) throw new Error(`maxSteps must be an integer ≥ 0, got ${o.maxSteps}`);
  const evalEvery = o.evalEvery ?? 0;
  if (evalEvery > 0 && o.validation === undefined) throw new Error('trainLanguageModel: evalEvery needs validation ids');
  const rng = new Rng(o.seed ?? 0);
  const lr = o.lr ?? 2e-3, clip = o.clip ?? 5, optimizer = o.optimizer ?? 'adam', warmup = o.warmup ?? 0;
  if (!(warmup >= 0)) throw new Error(`warmup must be ≥ 0 steps, got ${warmup}`);

  let epoch = 0;
  let iter: Iterator<SequenceBatch> | undefined;
  let state: LMState | undefined;
  const nextBatch = (): SequenceBatch => {
    if (sampler === 'windows') return { ...randomTokenWindows(ids, B, T, rng), batchSize: B, numSteps: T };
    for (;;) {
      iter ??= seqDataIter(sampler, ids, B, T, rng);
      const r = iter.next();
      if (!r.done) return r.value;
      iter = undefined;
      state = undefined; // a new epoch starts from zero state
      epoch++;
    }
  };

  let trained = 0; // ms of training, validation excluded
  let cpu = 0; // µs of CPU in those ms
  const losses: number[] = [];
  const evals: TrainLMResult['evals'] = [];
  let recent = 0;
  const evaluate = (step: number): void => {
    const valLoss = validationLoss(model, o.validation!, o.validationWindow ?? 256);
    evals.push({ step, elapsed: trained / 1000, valLoss });
    o.onEval?.({ step, elapsed: trained / 1000, valLoss });
  };
  const checkpointEvery = o.checkpointEvery ?? 0;
  let lastCheckpoint = 0;
  let step = 0;
  while ((o.maxSteps === undefined || step < o.maxSteps) && (o.seconds === undefined || trained / 1000 < o.seconds)) {
    const t0 = Date.now(), c0 = process.cpuUsage();
    const { X, Y } = nextBatch();
    const lrNow = warmup > 0 ? lr * Math.min(1, (step + 1) / warmup) : lr; // η·min(1, s/warmup)
    const r = model.trainStep(X, Y, B, T, { optimizer, lr: lrNow, clip, state: sampler === 'sequential' ? state : undefined });
    if (sampler === 'sequential') state = r.state;
    if (!Number.isFinite(r.loss)) throw new Error(`training diverged at step ${step + 1}: loss ${r.loss}`);
    trained += Date.now() - t0;
    const c = process.cpuUsage(c0);
    cpu += c.user + c.system;
    step++;
    losses.push(r.loss);
    const tail = losses.slice(-50);
    recent = tail.reduce((a, b) => a + b, 0) / tail.length;
    const info = { step, elapsed: trained / 1000, loss: r.loss, smoothLoss: recent, epoch };
    o.onStep?.(info);
    if (evalEvery > 0 && step % evalEvery === 0) evaluate(step);
    if (checkpointEvery > 0 && info.elapsed - lastCheckpoint >= checkpointEvery) {
      lastCheckpoint = info.elapsed;
      o.onCheckpoint?.(info);
    }
  }
  if (evalEvery > 0 && step % evalEvery !== 0) evaluate(step);
  const epochs = sampler === 'windows' ? (step * B * T) / ids.length : epoch;
  return { steps: step, seconds: trained / 1000, cpuSeconds: cpu / 1e6, trainLoss: recent, epochs, losses, evals };
}
