/**
 * Training the translator (model.ts) on sentence pairs for a number of steps or a wall-clock budget:
 * minibatches of `batchSize` pairs, each padded to its own longest sentence, one {@link Seq2SeqModel.trainStep}
 * (teacher forcing, masked cross-entropy, clipping by global norm, Adam) per batch.
 *
 * Batches come from a seeded shuffle of the training pairs, epoch after epoch. With `bucketBatches` = k,
 * every k consecutive batches' worth of the shuffled pairs is sorted by length before it is cut into
 * batches (and those batches shuffled), so a batch holds sentences of similar length and little padding
 * — the same gradient estimate in expectation, with fewer padded time steps to compute.
 *
 * With `validation` pairs and `validateEvery` = n, the validation loss is measured every n steps and
 * after the last one (outside the timed steps), and with `keepBest` the model ends with the weights of
 * the lowest validation loss measured — early stopping without stopping: a long step budget cannot
 * return a model that has started to overfit.
 *
 * With `lrDecay` = γ < 1 as well, the learning rate is reduced on a plateau: when `patience` measurements
 * in a row have not improved on the lowest, the model goes back to the weights of the lowest and trains on
 * with η ← γ·η (Adam's moments kept). A run at one η climbs out of its minimum once it overfits; a smaller
 * step from the best weights finds a lower one (the fine-tuning of docs/translation-chinese.md).
 *
 * With `wordDropout` = p, each source word and each decoder input token after `<bos>` of a training batch
 * is replaced by `<unk>` with probability p (data.dropWords; Sennrich & Zhang 2019's word dropout): the
 * model cannot lean on any one word, which regularises a small corpus further than dropout between layers.
 */
import { Rng } from '../tensor';
import { dropWords, makeBatch, TranslationBatch, TranslationData, TranslationPair } from '../data';
import { Seq2SeqModel } from './model';
import { TRANSLATOR_PROTOCOL } from './protocol';
import { TrainingLoop } from '../train/index';

/** Progress after one step. */
export interface TranslatorStepInfo {
  step: number;
  /** Seconds of training so far. */
  elapsed: number;
  loss: number;
  /** Mean loss of the last 50 steps. */
  smoothLoss: number;
  epoch: number;
}

/** Options of {@link trainTranslator}. */
export interface TrainTranslatorOptions {
  /** Stop after this many seconds (at least one of seconds, maxSteps). */
  seconds?: number;
  /** Stop after this many steps. */
  maxSteps?: number;
  /** @default 128 */
  batchSize?: number;
  /** Adam's learning rate. @default 0.005 */
  lr?: number;
  /** Gradient clipping by global norm; 0: none. @default 1 */
  clip?: number;
  /** Seed of the batch order. @default 0 */
  seed?: number;
  /** Sort pools of this many batches by length before batching; 0 or 1: plain random batches. @default 0 */
  bucketBatches?: number;
  /** Builds a batch from pairs (a copy model: makeCopyBatch of copy.ts). @default makeBatch with data's vocabularies */
  makeBatch?: (pairs: TranslationPair[]) => TranslationBatch;
  onStep?(info: TranslatorStepInfo): void;
  /** Call {@link TrainTranslatorOptions.onCheckpoint} every this many training seconds (0: never).
   * @default 0 */
  checkpointEvery?: number;
  /** Saves the model mid-training (through src/train/checkpoint.ts); not training time. */
  onCheckpoint?(info: TranslatorStepInfo): void;
  /** Pairs whose loss ({@link translatorLoss}, no dropout) is measured every `validateEvery` steps. */
  validation?: readonly TranslationPair[];
  /** Measure the validation loss every this many steps and after the last (0: never). @default 0 */
  validateEvery?: number;
  /** End with the weights of the lowest validation loss measured (needs validateEvery > 0). @default true */
  keepBest?: boolean;
  /** Called after each validation (not training time). */
  onValidate?(point: ValidationPoint): void;
  /**
   * Multiply the learning rate by this after `patience` validations without a new lowest loss, going back
   * to the lowest's weights first (needs validateEvery > 0); 1: never. @default 1
   */
  lrDecay?: number;
  /** Validations without improvement before the learning rate is reduced. @default 1 */
  patience?: number;
  /** Probability of replacing a training token by `<unk>` (see the file comment); 0: none. @default 0 */
  wordDropout?: number;
}

/** One validation measurement during training. */
export interface ValidationPoint {
  step: number;
  /** Mean cross-entropy per target token on the validation pairs. */
  loss: number;
}

/** What {@link trainTranslator} returns. */
export interface TrainTranslatorResult {
  steps: number;
  seconds: number;
  /** Mean loss of the last 50 steps. */
  trainLoss: number;
  /** Passes over the training pairs (fractional). */
  epochs: number;
  losses: number[];
  /** The validation losses measured (empty without validateEvery). */
  validation: ValidationPoint[];
  /** The measurement with the lowest validation loss; with keepBest, the model's weights are its. */
  best?: ValidationPoint;
  /** Each reduction of the learning rate (lrDecay): after which step, and the new rate. */
  lrChanges: { step: number; lr: number }[];
}

/** An endless seeded stream of minibatches of training pairs (see the file comment). */
export function* translationBatches(
  pairs: readonly TranslationPair[],
  batchSize: number,
  seed: number,
  bucketBatches = 0,
): Generator<{ pairs: TranslationPair[]; epoch: number }> {
  if (pairs.length === 0) throw new Error('translationBatches: no training pairs');
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batchSize must be a positive integer, got ${batchSize}`);
  const rng = new Rng(seed);
  for (let epoch = 0; ; epoch++) {
    const order = rng.permutation(pairs.length).map((i) => pairs[i]!);
    const pool = bucketBatches > 1 ? bucketBatches * batchSize : batchSize;
    for (let start = 0; start < order.length; start += pool) {
      const chunk = order.slice(start, start + pool);
      if (bucketBatches > 1) chunk.sort((a, b) => a.src.length - b.src.length || a.tgt.length - b.tgt.length);
      const batches: TranslationPair[][] = [];
      for (let i = 0; i < chunk.length; i += batchSize) batches.push(chunk.slice(i, i + batchSize));
      if (bucketBatches > 1) rng.shuffle(batches);
      for (const b of batches) yield { pairs: b, epoch };
    }
  }
}

/** Trains `model` on `data.train`; see the file comment. */
export function trainTranslator(
  model: Seq2SeqModel,
  data: Pick<TranslationData, 'train' | 'srcVocab' | 'tgtVocab'>,
  o: TrainTranslatorOptions,
): TrainTranslatorResult {
  const P = TRANSLATOR_PROTOCOL;
  const B = o.batchSize ?? P.batchSize;
  const stream = translationBatches(data.train, B, o.seed ?? P.seed, o.bucketBatches ?? P.bucketBatches);
  const every = o.validateEvery ?? 0;
  if (!(Number.isInteger(every) && every >= 0))
    throw new Error(`validateEvery must be an integer ≥ 0 (0: never), got ${o.validateEvery}`);
  if (every > 0 && !(o.validation && o.validation.length > 0))
    throw new Error(`validateEvery = ${every} needs validation pairs`);
  const keepBest = o.keepBest ?? true;
  const lrDecay = o.lrDecay ?? 1,
    patience = o.patience ?? 1,
    wordDropout = o.wordDropout ?? 0;
  if (!(lrDecay > 0 && lrDecay <= 1))
    throw new Error(`lrDecay must be in (0, 1] (1: never), got ${o.lrDecay}`);
  if (lrDecay < 1 && every === 0) throw new Error(`lrDecay = ${lrDecay} needs validateEvery > 0`);
  if (!(Number.isInteger(patience) && patience >= 1))
    throw new Error(`patience must be a positive integer, got ${o.patience}`);
  if (!(wordDropout >= 0 && wordDropout < 1))
    throw new Error(`wordDropout must be in [0, 1), got ${o.wordDropout}`);
  const dropRng = new Rng((o.seed ?? P.seed) + 0x9e3779b9);
  let lr = o.lr ?? P.lr;
  const lrChanges: { step: number; lr: number }[] = [];
  const validation: ValidationPoint[] = [];
  let best: ValidationPoint | undefined, bestWeights: ReturnType<Seq2SeqModel['getWeights']> | undefined;
  let sinceBest = 0;
  const validate = (step: number, last: boolean): void => {
    const point = { step, loss: translatorLoss(model, data, o.validation!, 256, o.makeBatch) };
    validation.push(point);
    if (best === undefined || point.loss < best.loss) {
      best = point;
      sinceBest = 0;
      if (keepBest || lrDecay < 1) bestWeights = model.getWeights();
    } else if (++sinceBest >= patience && lrDecay < 1 && !last) {
      // A plateau: back to the lowest's weights, and on with a smaller step.
      model.setWeights(bestWeights!);
      lr *= lrDecay;
      lrChanges.push({ step, lr });
      sinceBest = 0;
    }
    o.onValidate?.(point);
  };
  let seen = 0,
    epoch = 0;
  // The budget, the divergence stop and the smoothed loss: src/train/loop.ts.
  const loop = new TrainingLoop({
    what: 'trainTranslator',
    seconds: o.seconds,
    maxSteps: o.maxSteps,
    onStep: (i) => o.onStep?.({ ...i, epoch }),
    checkpointEvery: o.checkpointEvery,
    onCheckpoint: (i) => o.onCheckpoint?.({ ...i, epoch }),
  });
  while (loop.running) {
    loop.step(() => {
      const next = stream.next().value!;
      const batch: TranslationBatch = o.makeBatch
        ? o.makeBatch(next.pairs)
        : makeBatch(next.pairs, data.srcVocab, data.tgtVocab);
      if (wordDropout > 0) dropWords(batch, wordDropout, dropRng, data.srcVocab, data.tgtVocab);
      seen += next.pairs.length;
      epoch = next.epoch;
      return model.trainStep(batch, { lr, clip: o.clip ?? P.clip }).loss;
    });
    if (every > 0 && loop.steps % every === 0) validate(loop.steps, !loop.running);
  }
  const { steps, seconds, trainLoss, losses } = loop.result();
  if (every > 0 && validation.at(-1)?.step !== steps) validate(steps, true);
  // Back to the best weights when a later measurement was worse (the model overfitted since).
  const lastStep = validation.at(-1)?.step;
  if (keepBest && bestWeights !== undefined && best !== undefined && best.step !== lastStep)
    model.setWeights(bestWeights);
  return { steps, seconds, trainLoss, epochs: seen / data.train.length, losses, validation, best, lrChanges };
}

/** Mean cross-entropy per target token over `pairs`, in batches, without dropout. */
export function translatorLoss(
  model: Seq2SeqModel,
  data: Pick<TranslationData, 'srcVocab' | 'tgtVocab'>,
  pairs: readonly TranslationPair[],
  batchSize = 256,
  batchFn?: (pairs: TranslationPair[]) => TranslationBatch,
): number {
  let total = 0,
    count = 0;
  for (let i = 0; i < pairs.length; i += batchSize) {
    const part = pairs.slice(i, i + batchSize);
    const b = batchFn ? batchFn(part) : makeBatch(part, data.srcVocab, data.tgtVocab);
    const r = model.lossAndGradients(b, { train: false, backward: false });
    total += r.loss * r.count;
    count += r.count;
  }
  return total / count;
}
