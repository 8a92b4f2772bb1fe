/**
 * Training and evaluating the recognisers of model.ts: Adam on the engine, global-norm clipping, random
 * batches (with replacement between epochs: each epoch is a fresh permutation), within a wall-clock
 * budget and/or a step budget.
 */
import { clipGlobalNorm, Engine, Optimizer } from '../engine/index';
import { Rng } from '../tensor/index';
import { LoopStepInfo, TrainingLoop } from '../train/index';
import { FeatureSequence, makeBatch } from './batch';
import { bestPathDecode, errorRate, prefixBeamSearch } from './decode';
import { SpeechModel, SpeechModelConfig, SpeechTask } from './model';
import { SpeechTrainSettings } from './protocol';
import { mfcc, MfccOptions } from './mfcc';

/** A training example: features and a digit (task 'digits') or a digit string ('sequences'). */
export interface SpeechExample extends FeatureSequence {
  target: number | number[];
}

/** Progress of {@link trainSpeech}: train's loop information (step, elapsed, loss, smoothLoss). */
export type SpeechStepInfo = LoopStepInfo;

/**
 * Masking of training batches, as SpecAugment (Park et al. 2019) does on spectrograms: in each utterance,
 * `timeMasks` runs of up to `timeWidth` frames and `featureMasks` runs of up to `featureWidth` features
 * (of each frame's F, applied to the c, Δc and ΔΔc blocks alike when F = 3·13) are set to 0 — the mean,
 * after per-utterance normalisation. Every count 0 = off.
 */
export interface MaskOptions {
  timeMasks: number;
  timeWidth: number;
  featureMasks: number;
  featureWidth: number;
}

/** Applies {@link MaskOptions} to a batch X [T·B, F] in place (frames past each length are left alone). */
export function maskBatch(
  X: Float32Array,
  lengths: Int32Array,
  T: number,
  F: number,
  m: MaskOptions,
  rng: Rng,
  blocks = 1,
): void {
  const B = lengths.length,
    width = F / blocks;
  for (let b = 0; b < B; b++) {
    const L = lengths[b]!;
    for (let i = 0; i < m.timeMasks; i++) {
      const w = rng.int(m.timeWidth + 1),
        t0 = rng.int(Math.max(1, L - w));
      for (let t = t0; t < Math.min(L, t0 + w); t++) X.fill(0, (t * B + b) * F, (t * B + b + 1) * F);
    }
    for (let i = 0; i < m.featureMasks; i++) {
      const w = rng.int(m.featureWidth + 1),
        f0 = rng.int(Math.max(1, width - w));
      for (let t = 0; t < L; t++)
        for (let k = 0; k < blocks; k++)
          X.fill(0, (t * B + b) * F + k * width + f0, (t * B + b) * F + k * width + Math.min(width, f0 + w));
    }
  }
}

/** Options of {@link trainSpeech}. */
export interface TrainSpeechOptions extends SpeechTrainSettings {
  task: SpeechTask;
  featureSize: number;
  /** Stop after this many steps (also within `seconds`). @default no limit */
  maxSteps?: number;
  /** Mask training batches (see {@link MaskOptions}). @default none */
  mask?: MaskOptions;
  onStep?(info: SpeechStepInfo): void;
}

/** The model config that {@link trainSpeech} builds for these settings. */
export function speechModelConfig(
  o: Pick<
    TrainSpeechOptions,
    'task' | 'featureSize' | 'cell' | 'numHiddens' | 'numLayers' | 'bidirectional' | 'stack'
  >,
): SpeechModelConfig {
  return {
    task: o.task,
    cell: o.cell,
    inputSize: o.featureSize * o.stack,
    stack: o.stack,
    numHiddens: o.numHiddens,
    numLayers: o.numLayers,
    bidirectional: o.bidirectional,
    numClasses: o.task === 'digits' ? 10 : 11,
  };
}

/** What {@link trainSpeech} returns. */
export interface TrainSpeechResult {
  model: SpeechModel;
  steps: number;
  seconds: number;
  /** Loss of every step. */
  losses: number[];
}

/** Trains a new model on `train` (see the file comment). */
export function trainSpeech(
  engine: Engine,
  train: SpeechExample[],
  o: TrainSpeechOptions,
): TrainSpeechResult {
  if (train.length < o.batchSize)
    throw new Error(`trainSpeech: ${train.length} examples for batches of ${o.batchSize}`);
  const model = new SpeechModel(engine, speechModelConfig(o), o.seed);
  const opt = new Optimizer(engine, 'adam'),
    rng = new Rng(o.seed + 1),
    params = model.params;
  // the budget, the divergence stop and the smoothed loss are train's TrainingLoop
  const loop = new TrainingLoop({
    what: 'trainSpeech',
    seconds: o.seconds,
    maxSteps: o.maxSteps,
    onStep: o.onStep,
  });
  let order: number[] = [],
    at = 0;
  while (loop.running) {
    if (at + o.batchSize > order.length) {
      order = rng.permutation(train.length);
      at = 0;
    }
    const items = order.slice(at, at + o.batchSize).map((i) => train[i]!);
    at += o.batchSize;
    loop.step(() => {
      for (const p of params) p.zeroGrad();
      const batch = makeBatch(items, o.featureSize, o.stack);
      if (o.mask)
        maskBatch(batch.X, batch.lengths, batch.numSteps, batch.featureSize, o.mask, rng, 3 * o.stack);
      const loss = model.lossAndGradients(batch, items.map((e) => e.target) as number[] | number[][]);
      if (Number.isFinite(loss)) {
        clipGlobalNorm(engine, params, o.clip);
        opt.step(params, o.lr);
        model.steps++;
      }
      return loss;
    });
  }
  opt.dispose();
  const r = loop.result();
  return { model, steps: r.steps, seconds: r.seconds, losses: r.losses };
}

/** Batches of `size` items in order (for evaluation). */
function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Predicted digit of each isolated-digit utterance, and the accuracy. */
export function evaluateDigits(
  model: SpeechModel,
  items: SpeechExample[],
  batchSize = 64,
): { predictions: number[]; accuracy: number } {
  const predictions: number[] = [];
  for (const part of chunks(items, batchSize)) {
    for (const z of model.classify(
      makeBatch(part, model.config.inputSize / model.config.stack, model.config.stack),
    )) {
      let best = 0;
      for (let k = 1; k < z.length; k++) if (z[k]! > z[best]!) best = k;
      predictions.push(best);
    }
  }
  const hits = predictions.filter((p, i) => p === items[i]!.target).length;
  return { predictions, accuracy: hits / items.length };
}

/** Transcriptions of connected-digit utterances by best path and by prefix beam search, and their scores. */
export interface SequenceEvaluation {
  greedy: number[][];
  beam: number[][];
  /** Digit error rates: Σ edit distance / Σ digits. */
  greedyErrorRate: number;
  beamErrorRate: number;
  /** Share of utterances transcribed exactly. */
  greedyStringAccuracy: number;
  beamStringAccuracy: number;
}

/** Decodes per-frame log-probabilities [L, 11] into digits (symbol s − 1). */
export function transcribe(
  logProbs: Float64Array,
  numFrames: number,
  beamWidth: number,
): { greedy: number[]; beam: number[] } {
  const toDigits = (s: number[]): number[] => s.map((k) => k - 1);
  return {
    greedy: toDigits(bestPathDecode(logProbs, numFrames, 11, 0)),
    beam: toDigits(prefixBeamSearch(logProbs, numFrames, 11, beamWidth, 0)[0]!.labels),
  };
}

/** Greedy and beam transcriptions of every utterance, with error rates and string accuracies. */
export function evaluateSequences(
  model: SpeechModel,
  items: SpeechExample[],
  beamWidth: number,
  batchSize = 64,
): SequenceEvaluation {
  const greedy: number[][] = [],
    beam: number[][] = [];
  for (const part of chunks(items, batchSize)) {
    for (const { logProbs, numFrames } of model.logProbs(
      makeBatch(part, model.config.inputSize / model.config.stack, model.config.stack),
    )) {
      const t = transcribe(logProbs, numFrames, beamWidth);
      greedy.push(t.greedy);
      beam.push(t.beam);
    }
  }
  const refs = items.map((e) => e.target as number[]);
  const exact = (h: number[][]): number =>
    h.filter((x, i) => x.join() === refs[i]!.join()).length / items.length;
  return {
    greedy,
    beam,
    greedyErrorRate: errorRate(greedy, refs),
    beamErrorRate: errorRate(beam, refs),
    greedyStringAccuracy: exact(greedy),
    beamStringAccuracy: exact(beam),
  };
}

/** MFCCs of synthetic utterances as examples (their digit strings as targets), and the seconds it took. */
export function connectedExamples(
  utterances: { samples: Float32Array; digits: number[] }[],
  o: Partial<MfccOptions> = {},
): { examples: SpeechExample[]; seconds: number } {
  const t0 = performance.now();
  const examples = utterances.map((u) => {
    const f = mfcc(u.samples, o);
    return { features: f.features, numFrames: f.numFrames, target: u.digits };
  });
  return { examples, seconds: (performance.now() - t0) / 1000 };
}
