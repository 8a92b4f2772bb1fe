/**
 * The translator's protocol — every default of a training run, written once: a two-layer GRU
 * encoder–decoder (embedding 256, 256 units, dropout 0.2) with additive attention, Adam at 0.005,
 * batches of 128 pairs, gradients clipped at global norm 1, 300 s on data/fra-eng's fra.txt, greedy
 * decoding of at most 20 tokens (beam search's length penalty α = 0.75).
 *
 * `seq2seqConfig`, `Seq2SeqModel.trainStep`, `trainTranslator` and `rnnlab translate` take their
 * defaults from here.
 */
import type { Seq2SeqAttention, Seq2SeqCell } from './config';
import type { PairName } from './pairs';

/** The translator's settings (and the `rnnlab translate` defaults). */
export const TRANSLATOR_PROTOCOL = {
  cell: 'gru' as Seq2SeqCell,
  attention: 'additive' as Seq2SeqAttention,
  embedDim: 256,
  numHiddens: 256,
  numLayers: 2,
  dropout: 0.2,
  /** Language pair (src/seq2seq/pairs.ts): eng-fra (chapter 9) or eng-cmn (chapter 9b). */
  pair: 'eng-fra' as PairName,
  /** Pairs file in data/fra-eng. */
  data: 'fra.txt' as 'fra.txt' | 'fra-small.txt',
  /** Wall-clock training budget of `rnnlab translate`, seconds. */
  seconds: 300,
  batchSize: 128,
  /** Adam's learning rate. */
  lr: 0.005,
  /** Word dropout: probability of replacing a training token by <unk> (trainTranslator); 0: none. */
  wordDropout: 0,
  /** Learning-rate factor on a validation plateau (trainTranslator's lrDecay); 1: never. */
  lrDecay: 1,
  /** Validations without a new lowest loss before lrDecay acts. */
  patience: 1,
  /** Clip the global gradient norm at this value; 0: no clipping. */
  clip: 1,
  /** Sort pools of this many batches by length; 0: plain random batches. */
  bucketBatches: 0,
  /** Seed of the weights and the batch order. */
  seed: 0,
  /** Beam width of the test translations; 1 = greedy search. */
  beamWidth: 1,
  /** α of beam search's length normalisation log P / L^α. */
  lengthPenalty: 0.75,
  /** Most tokens generated per sentence, `<eos>` included. */
  maxLen: 20,
  /**
   * Source-length buckets of `rnnlab translate-by-length` and chapter 9's BLEU by length, by their
   * inclusive upper ends in tokens: 1–4, 5, 6, 7 and 8–10 (fra.txt's test sources have 2–9 tokens).
   */
  lengthBuckets: [4, 5, 6, 7, 10] as readonly number[],
  /** `rnnlab translate --save`: the checkpoint is rewritten every this many training seconds. */
  saveEvery: 60,
  /**
   * Measure the validation loss every this many steps (and after the last) and end with the weights
   * of the lowest one (`trainTranslator`'s keepBest); `rnnlab translate --validate-every`.
   */
  validateEvery: 250,
  /**
   * English→Chinese's long run: chapter 9b's `full` profile and docs/translation-chinese.md, where the
   * settings were chosen on the validation loss (`rnnlab translate` with these as options:
   * {@link cmnFullArgs}). Against the defaults above (batch 128, η 0.005, dropout 0.2: lowest validation
   * loss 2.204 at step 1,000, then overfitting), a quarter of the batch at a fifth of the rate takes
   * smaller, noisier steps, dropout 0.3 regularises more, and a tenth of the rate from the best weights
   * once the validation loss stops falling (lrDecay, patience 1) goes lower again: 1.871 after 8,000
   * steps (10.8 epochs).
   */
  cmnFull: {
    steps: 8000,
    batchSize: 32,
    lr: 0.001,
    dropout: 0.3,
    validateEvery: 1000,
    lrDecay: 0.1,
    patience: 1,
    /**
     * One thread: at batch 32 a second thread gave no speed-up here (0.1 s a step either way), and two
     * 2-thread runs of these settings did not stay bit-identical (docs/translation-chinese.md).
     */
    threads: 1,
  },
} as const;

/** The command-line options of the long English→Chinese run (TRANSLATOR_PROTOCOL.cmnFull), in order. */
export function cmnFullArgs(): string[] {
  const f = TRANSLATOR_PROTOCOL.cmnFull;
  return [
    ...['--pair', 'eng-cmn', '--steps', String(f.steps), '--batch', String(f.batchSize)],
    ...['--lr', String(f.lr), '--dropout', String(f.dropout), '--validate-every', String(f.validateEvery)],
    ...['--lr-decay', String(f.lrDecay), '--patience', String(f.patience), '--threads', String(f.threads)],
  ];
}
