/**
 * Training a character language model on the engine within a wall-clock budget, with the protocol of
 * the headline number: the first 90% of the text trains and the last 10% validates; the validation loss
 * is the mean cross-entropy over all non-overlapping 256-character windows of the validation text (the
 * state starting from zero in each); embedding 64, one LSTM layer of 256, batch 32, 64 steps, Adam 2e-3,
 * clipping at norm 5, random training windows.
 */
import { Rng } from '../tensor/rng';
import { CharVocab } from '../data/chars';
import { nonOverlappingWindows, randomTokenWindows, splitTrainValidation } from '../data/windows';
import { perplexity } from '../metrics/perplexity';
import { createEngine } from '../engine/engine';
import { SequenceModel } from '../engine/sequenceModel';
import { CellType } from '../engine/recurrent';

/** Options of {@link trainCharLM}; defaults are the protocol's. */
export interface CharLMOptions {
  /** Wall-clock training budget in seconds (validation not included). */
  seconds: number;
  /** @default 32 */
  batchSize?: number;
  /** @default 64 */
  numSteps?: number;
  /** @default 64 */
  embedDim?: number;
  /** @default 256 */
  numHiddens?: number;
  /** @default 2e-3 */
  lr?: number;
  /** @default 5 */
  clip?: number;
  /** Length of the validation windows. @default 256 */
  validationWindow?: number;
  /** @default 0 */
  seed?: number;
  /** The recurrent cell. @default 'lstm' */
  cell?: CellType;
  /** Called after every step with the elapsed seconds and the running training loss. */
  onStep?(step: number, elapsed: number, trainLoss: number): void;
}

export interface CharLMResult {
  steps: number;
  seconds: number;
  trainLoss: number;
  valLoss: number;
  valPerplexity: number;
  vocabSize: number;
  numParams: number;
}

/** Mean cross-entropy over every non-overlapping window of the validation ids, in batches of windows. */
export function validationLoss(model: SequenceModel, ids: Int32Array, window: number, batch = 32): number {
  const starts = nonOverlappingWindows(ids.length, window);
  if (starts.length === 0) throw new Error(`validation text of ${ids.length} tokens holds no window of ${window}`);
  let sum = 0;
  for (let i = 0; i < starts.length; i += batch) {
    const group = starts.slice(i, i + batch);
    const X = new Int32Array(group.length * window), Y = new Int32Array(group.length * window);
    group.forEach((s, b) => { X.set(ids.subarray(s, s + window), b * window); Y.set(ids.subarray(s + 1, s + window + 1), b * window); });
    sum += model.evaluate(X, Y, group.length, window).loss * group.length;
  }
  return sum / starts.length;
}

/** Trains on `text` until the budget is spent; returns steps, losses and validation perplexity. */
export async function trainCharLM(text: string, o: CharLMOptions): Promise<CharLMResult> {
  if (!(o.seconds > 0)) throw new Error(`trainCharLM: seconds must be > 0, got ${o.seconds}`);
  const vocab = new CharVocab(text);
  const { train, validation } = splitTrainValidation(vocab.encode(text), 0.9);
  const B = o.batchSize ?? 32, T = o.numSteps ?? 64;
  const engine = await createEngine();
  const model = new SequenceModel(engine, { cell: o.cell ?? 'lstm', vocabSize: vocab.size, embedDim: o.embedDim ?? 64, numHiddens: o.numHiddens ?? 256, seed: o.seed ?? 0 });
  const rng = new Rng((o.seed ?? 0) + 1);
  const t0 = Date.now();
  let steps = 0, recent = 0;
  const losses: number[] = [];
  while ((Date.now() - t0) / 1000 < o.seconds) {
    const { X, Y } = randomTokenWindows(train, B, T, rng);
    const { loss } = model.trainStep(X, Y, B, T, { optimizer: 'adam', lr: o.lr ?? 2e-3, clip: o.clip ?? 5 });
    steps++;
    losses.push(loss);
    if (losses.length > 50) losses.shift();
    recent = losses.reduce((a, b) => a + b, 0) / losses.length;
    o.onStep?.(steps, (Date.now() - t0) / 1000, recent);
  }
  const seconds = (Date.now() - t0) / 1000;
  const valLoss = validationLoss(model, validation, o.validationWindow ?? 256);
  const numParams = model.numParams;
  model.dispose();
  return { steps, seconds, trainLoss: recent, valLoss, valPerplexity: perplexity(valLoss), vocabSize: vocab.size, numParams };
}
