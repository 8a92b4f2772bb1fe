/**
 * Batches of feature sequences for the engine's recurrent layers: time-major X [T·B, F] (row t·B + b is
 * frame t of utterance b), utterances sorted longest first (as packed sequences need), zeros past each
 * utterance's end. Optionally k consecutive frames are stacked into one of k·F features, which divides
 * the steps the recurrent layers run — and the frames CTC emits at — by k (a 10 ms hop becomes 10·k ms).
 */

/** A feature sequence: [numFrames, featureSize] flat. */
export interface FeatureSequence {
  features: Float32Array;
  numFrames: number;
}

/** A batch ready for the engine. */
export interface SpeechBatch {
  /** [T·B, featureSize] time-major */
  X: Float32Array;
  /** Frames per utterance (after stacking), longest first. */
  lengths: Int32Array;
  numSteps: number;
  batchSize: number;
  featureSize: number;
  /** order[i]: the index in the input list of the batch's utterance i. */
  order: number[];
}

/** Frames after stacking k at a time: ⌈T / k⌉ (the last one padded with zeros). */
export function stackedFrames(numFrames: number, k: number): number {
  return Math.ceil(numFrames / k);
}

/** [⌈T/k⌉, k·F]: frame j is frames jk … jk+k−1 side by side. */
export function stackFrames(s: FeatureSequence, featureSize: number, k: number): FeatureSequence {
  if (k === 1) return s;
  const T = stackedFrames(s.numFrames, k),
    out = new Float32Array(T * k * featureSize);
  out.set(s.features.subarray(0, s.numFrames * featureSize));
  return { features: out, numFrames: T };
}

/** Builds a batch of `items` (stacking `stack` frames), sorted longest first. */
export function makeBatch(items: FeatureSequence[], featureSize: number, stack = 1): SpeechBatch {
  if (items.length === 0) throw new Error('makeBatch: no utterances');
  const seqs = items.map((s) => stackFrames(s, featureSize, stack));
  const order = seqs.map((_, i) => i).sort((a, b) => seqs[b]!.numFrames - seqs[a]!.numFrames || a - b);
  const F = featureSize * stack,
    B = items.length,
    T = seqs[order[0]!]!.numFrames;
  const X = new Float32Array(T * B * F);
  order.forEach((i, b) => {
    const s = seqs[i]!;
    for (let t = 0; t < s.numFrames; t++) X.set(s.features.subarray(t * F, (t + 1) * F), (t * B + b) * F);
  });
  return {
    X,
    lengths: Int32Array.from(order, (i) => seqs[i]!.numFrames),
    numSteps: T,
    batchSize: B,
    featureSize: F,
    order,
  };
}
