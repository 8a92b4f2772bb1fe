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
import { Rng } from '../tensor';
import { randomTokenWindows } from '../data';
import { seqDataIter, SequenceBatch } from '../data';
import { LanguageModel, LM_OPTIMIZERS, LMOptimizer, LMState } from './model';
import { validationLoss } from './evaluate';
import { LM_PROTOCOL } from './protocol';
import { TrainingLoop } from '../train/index';

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
  /** @default LM_PROTOCOL.optimizerLr[optimizer] (adam: 2e-3) */
  lr?: number;
  /** Weight decay λ on the weight matrices (L2 in the loss unless `decoupled`). @default 0 */
  weightDecay?: number;
  /** Decoupled (AdamW-style) weight decay instead of L2 in the loss. @default false */
  decoupled?: boolean;
  /** λ₁ of the L1 penalty on the weight matrices. @default 0 */
  l1?: number;
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
  const B = o.batchSize ?? LM_PROTOCOL.batchSize,
    T = o.numSteps ?? LM_PROTOCOL.numSteps;
  const sampler = o.sampler ?? LM_PROTOCOL.sampler;
  if (!LM_SAMPLERS.includes(sampler))
    throw new Error(`sampler must be one of ${LM_SAMPLERS.join(', ')}; got '${String(sampler)}'`);
  const evalEvery = o.evalEvery ?? 0;
  if (evalEvery > 0 && o.validation === undefined)
    throw new Error('trainLanguageModel: evalEvery needs validation ids');
  const rng = new Rng(o.seed ?? 0);
  const optimizer = o.optimizer ?? LM_PROTOCOL.optimizer;
  if (!LM_OPTIMIZERS.includes(optimizer))
    throw new Error(`optimizer must be one of ${LM_OPTIMIZERS.join(', ')}; got '${String(optimizer)}'`);
  const lr = o.lr ?? LM_PROTOCOL.optimizerLr[optimizer],
    clip = o.clip ?? LM_PROTOCOL.clip;
  const penalties = {
    weightDecay: o.weightDecay ?? LM_PROTOCOL.weightDecay,
    decoupled: o.decoupled ?? LM_PROTOCOL.decoupled,
    l1: o.l1 ?? LM_PROTOCOL.l1,
  };
  const warmup = o.warmup ?? 0;
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

  const evals: TrainLMResult['evals'] = [];
  const evaluate = (step: number, elapsed: number): void => {
    const valLoss = validationLoss(model, o.validation!, o.validationWindow ?? LM_PROTOCOL.validationWindow);
    evals.push({ step, elapsed, valLoss });
    o.onEval?.({ step, elapsed, valLoss });
  };
  // The budget, the divergence stop, the smoothed loss and the checkpoints: src/train/loop.ts.
  const loop = new TrainingLoop({
    what: 'trainLanguageModel',
    seconds: o.seconds,
    maxSteps: o.maxSteps,
    checkpointEvery: o.checkpointEvery,
    onStep: (i) => {
      o.onStep?.({ ...i, epoch });
      if (evalEvery > 0 && i.step % evalEvery === 0) evaluate(i.step, i.elapsed);
    },
    onCheckpoint: (i) => o.onCheckpoint?.({ ...i, epoch }),
  });
  while (loop.running) {
    loop.step(() => {
      const { X, Y } = nextBatch();
      const lrNow = warmup > 0 ? lr * Math.min(1, (loop.steps + 1) / warmup) : lr; // η·min(1, s/warmup)
      const r = model.trainStep(X, Y, B, T, {
        optimizer,
        lr: lrNow,
        clip,
        ...penalties,
        state: sampler === 'sequential' ? state : undefined,
      });
      if (sampler === 'sequential') state = r.state;
      return r.loss;
    });
  }
  const { steps, seconds, cpuSeconds, trainLoss, losses } = loop.result();
  if (evalEvery > 0 && steps % evalEvery !== 0) evaluate(steps, seconds);
  const epochs = sampler === 'windows' ? (steps * B * T) / ids.length : epoch;
  return { steps, seconds, cpuSeconds, trainLoss: steps > 0 ? trainLoss : 0, epochs, losses, evals };
}
