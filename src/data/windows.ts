/**
 * Token windows for language models: random training windows (inputs and the next tokens) and the
 * non-overlapping windows over which a validation loss is averaged.
 */
import { Rng } from '../tensor';

/** `batchSize` random windows of `numSteps` tokens, batch-major: X[b, t] = ids[s_b + t], Y[b, t] = ids[s_b + t + 1]. */
export function randomTokenWindows(ids: Int32Array, batchSize: number, numSteps: number, rng: Rng): { X: Int32Array; Y: Int32Array } {
  if (ids.length < numSteps + 2) throw new Error(`randomTokenWindows: ${ids.length} tokens are too few for windows of ${numSteps}`);
  const X = new Int32Array(batchSize * numSteps), Y = new Int32Array(batchSize * numSteps);
  for (let b = 0; b < batchSize; b++) {
    const s = rng.int(ids.length - numSteps - 1);
    X.set(ids.subarray(s, s + numSteps), b * numSteps);
    Y.set(ids.subarray(s + 1, s + numSteps + 1), b * numSteps);
  }
  return { X, Y };
}

/** The start positions of every complete, non-overlapping window of `numSteps` inputs (plus one target) in `ids`. */
export function nonOverlappingWindows(length: number, numSteps: number): number[] {
  const starts: number[] = [];
  for (let s = 0; s + numSteps + 1 <= length; s += numSteps) starts.push(s);
  return starts;
}

/** The first `fraction` of the tokens trains, the rest validates (the protocol's 90/10 split). */
export function splitTrainValidation(ids: Int32Array, fraction = 0.9): { train: Int32Array; validation: Int32Array } {
  if (!(fraction > 0 && fraction < 1)) throw new Error(`splitTrainValidation: fraction must be in (0, 1), got ${fraction}`);
  const cut = Math.floor(ids.length * fraction);
  return { train: ids.subarray(0, cut), validation: ids.subarray(cut) };
}
