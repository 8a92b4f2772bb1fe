/**
 * The protocol of the headline number — every default of a language-model run, written once:
 *
 * - character level; the first 90% of the text trains, the last 10% validates;
 * - validation loss = mean cross-entropy over all non-overlapping 256-character windows of the
 *   validation text, the state starting from zero in each window (src/lm/evaluate.ts);
 * - embedding 64, one LSTM layer of 256 units, batch 32, 64 steps, Adam at 2e-3, gradients clipped at
 *   global norm 5, every batch row an independent random window of the training text.
 *
 * `lmConfig`, `trainLanguageModel`, `trainOnCorpus` (src/lm/corpus-run.ts), `rnnlab lm` and
 * `rnnlab generate` take their defaults from here; bench/torch_charlm.py is the same protocol in PyTorch.
 */
import type { CellType, LMOptimizer } from './model';
import type { LMSampler } from './train';
import type { CorpusName } from '../data/corpus';

/** The headline protocol's settings (and the `rnnlab lm` / `rnnlab generate` defaults). */
export const LM_PROTOCOL = {
  corpus: 'tinyshakespeare' as CorpusName,
  cell: 'lstm' as CellType,
  trainFraction: 0.9,
  validationWindow: 256,
  embedDim: 64,
  numHiddens: 256,
  numLayers: 1,
  dropout: 0,
  /** Seed of the initial weights (the batches use seed + 1). */
  seed: 0,
  batchSize: 32,
  numSteps: 64,
  optimizer: 'adam' as LMOptimizer,
  lr: 2e-3,
  clip: 5,
  sampler: 'windows' as LMSampler,
  /** `rnnlab lm`'s wall-clock budget in seconds when no step budget is given. */
  seconds: 180,
  /** `rnnlab lm --save`: the checkpoint is rewritten every this many training seconds. */
  saveEvery: 60,
  /** Characters generated after training (`rnnlab lm`). */
  sampleLength: 200,
  /** Characters `rnnlab generate` writes. */
  generateLength: 300,
  /** Sampling temperature of the sample after training and of `rnnlab generate`. */
  temperature: 0.8,
} as const;
