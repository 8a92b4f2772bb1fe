/**
 * The summarisation protocol: every setting of `rnnlab summarize` and of notebook 10 written once.
 * The CLI's defaults and the notebook's `pick({ … })` read this constant.
 */
import { Seq2SeqAttention, Seq2SeqCell } from '../seq2seq/index';

export interface SummarizeProtocol {
  /** Source vocabulary: the most frequent input tokens of the training pairs (with the 4 specials). */
  srcVocabSize: number;
  /**
   * Target vocabulary: the most frequent synopsis tokens (with the 4 specials); a copy model reaches
   * other words by copying.
   */
  tgtVocabSize: number;
  cell: Seq2SeqCell;
  embedDim: number;
  numHiddens: number;
  numLayers: number;
  dropout: number;
  attention: Seq2SeqAttention;
  attentionHiddens: number;
  /** Pairs per training step. */
  batchSize: number;
  /** Adam's learning rate. */
  lr: number;
  /** Clip the global gradient norm. */
  clip: number;
  /** The `rnnlab summarize` wall-clock training budget (seconds). */
  seconds: number;
  /**
   * The step budget of the published figures (docs/summarization.md): `rnnlab summarize --steps 519
   * --threads 1` and notebook 10's `full` profile train each model for exactly this many steps, so the
   * figures do not depend on the machine's load. (The first 600-second run made 519 copy steps.)
   */
  steps: number;
  /** Engine threads of the published runs (`--threads`; the notebook's `full` profile). */
  threads: number;
  /** Decoding: beam width (1 = greedy), length normalisation α, n-gram blocking, most tokens. */
  beamWidth: number;
  lengthPenalty: number;
  noRepeatNgram: number;
  maxLen: number;
  /** k of lead-k tried on validation. */
  leadKs: readonly number[];
  /** Paired-bootstrap resamples. */
  bootstrapSamples: number;
  /** Seed of the weights and the batch order. */
  seed: number;
}

export const SUMMARIZE_PROTOCOL: SummarizeProtocol = {
  srcVocabSize: 15000,
  tgtVocabSize: 5000,
  cell: 'gru',
  embedDim: 96,
  numHiddens: 192,
  numLayers: 1,
  dropout: 0,
  attention: 'additive',
  attentionHiddens: 96,
  batchSize: 32,
  lr: 0.002,
  clip: 1,
  seconds: 600,
  steps: 519,
  threads: 1,
  beamWidth: 1,
  lengthPenalty: 1,
  noRepeatNgram: 3,
  maxLen: 24,
  leadKs: Array.from({ length: 30 }, (_, i) => i + 1),
  bootstrapSamples: 1000,
  seed: 0,
};
