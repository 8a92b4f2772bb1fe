/**
 * Minibatches of token sequences for language models: d2l's two ways of cutting one long corpus into
 * [batchSize, numSteps] inputs X with next-token targets Y (Y[b, t] is the token after X[b, t]).
 *
 * - Random partitioning (`seq_data_iter_random`): drop a random offset of 0..numSteps−1 tokens, cut the
 *   rest into non-overlapping subsequences of numSteps, shuffle them, and deal them out batchSize at a
 *   time. Neighbouring batches are unrelated, so the state must start from zero in every batch.
 * - Sequential partitioning (`seq_data_iter_sequential`): drop a random offset, cut the rest into
 *   batchSize long parallel streams, and walk along them numSteps at a time. Row b of batch i+1
 *   continues row b of batch i, so the final hidden state of one batch is the right initial state of the
 *   next (carried, with its gradient cut: truncated BPTT).
 *
 * All arrays are batch-major: X[b·numSteps + t].
 */
import { Rng } from '../tensor';

/** One minibatch: inputs and next-token targets, both [batchSize, numSteps], batch-major. */
export interface SequenceBatch {
  X: Int32Array;
  Y: Int32Array;
  batchSize: number;
  numSteps: number;
}

/** The samplers of this file (plus `windows`, the independent random windows of src/data/windows.ts). */
export type SamplerName = 'random' | 'sequential';

function checkSizes(name: string, corpus: ArrayLike<number>, batchSize: number, numSteps: number): void {
  for (const [k, v] of [['batchSize', batchSize], ['numSteps', numSteps]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new Error(`${name}: ${k} must be a positive integer, got ${v}`);
  }
  // After an offset of up to numSteps − 1 tokens, one full batch must remain.
  const need = batchSize * numSteps + numSteps;
  if (corpus.length < need) {
    throw new Error(`${name}: a corpus of ${corpus.length} tokens is too short for one batch of [${batchSize}, ${numSteps}] (needs ${need})`);
  }
}

/**
 * Random partitioning: one epoch of batches over non-overlapping subsequences in random order.
 * Every subsequence of the (offset) corpus appears at most once per epoch.
 */
export function* seqDataIterRandom(corpus: Int32Array, batchSize: number, numSteps: number, rng: Rng): Generator<SequenceBatch> {
  checkSizes('seqDataIterRandom', corpus, batchSize, numSteps);
  const offset = rng.int(numSteps);
  const numSubseqs = Math.floor((corpus.length - offset - 1) / numSteps);
  const starts = rng.shuffle(Array.from({ length: numSubseqs }, (_, i) => offset + i * numSteps));
  const numBatches = Math.floor(numSubseqs / batchSize);
  for (let i = 0; i < numBatches; i++) {
    const X = new Int32Array(batchSize * numSteps), Y = new Int32Array(batchSize * numSteps);
    for (let b = 0; b < batchSize; b++) {
      const s = starts[i * batchSize + b]!;
      X.set(corpus.subarray(s, s + numSteps), b * numSteps); //      X[b, :] = corpus[s : s + numSteps]
      Y.set(corpus.subarray(s + 1, s + numSteps + 1), b * numSteps); // Y[b, :] = corpus[s + 1 : s + numSteps + 1]
    }
    yield { X, Y, batchSize, numSteps };
  }
}

/**
 * Sequential partitioning: one epoch of batches walking batchSize parallel streams numSteps at a time;
 * row b of each batch continues row b of the previous one.
 */
export function* seqDataIterSequential(corpus: Int32Array, batchSize: number, numSteps: number, rng: Rng): Generator<SequenceBatch> {
  checkSizes('seqDataIterSequential', corpus, batchSize, numSteps);
  const offset = rng.int(numSteps);
  const streamLength = Math.floor((corpus.length - offset - 1) / batchSize); // tokens per stream
  const numBatches = Math.floor(streamLength / numSteps);
  for (let i = 0; i < numBatches; i++) {
    const X = new Int32Array(batchSize * numSteps), Y = new Int32Array(batchSize * numSteps);
    for (let b = 0; b < batchSize; b++) {
      const s = offset + b * streamLength + i * numSteps; // stream b starts at offset + b·streamLength
      X.set(corpus.subarray(s, s + numSteps), b * numSteps);
      Y.set(corpus.subarray(s + 1, s + numSteps + 1), b * numSteps);
    }
    yield { X, Y, batchSize, numSteps };
  }
}

/** The epoch iterator of a sampler by name. */
export function seqDataIter(sampler: SamplerName, corpus: Int32Array, batchSize: number, numSteps: number, rng: Rng): Generator<SequenceBatch> {
  if (sampler === 'random') return seqDataIterRandom(corpus, batchSize, numSteps, rng);
  if (sampler === 'sequential') return seqDataIterSequential(corpus, batchSize, numSteps, rng);
  throw new Error(`seqDataIter: sampler must be 'random' or 'sequential', got '${String(sampler)}'`);
}
