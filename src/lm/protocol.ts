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
import type { CorpusName } from '../data';

/** Adam's learning rate in the headline protocol. */
const ADAM_LR = 2e-3;

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
  /** Dropout masks: fresh at every step (false), or one per sequence, also on the recurrent state (true). */
  variational: false,
  /** Seed of the initial weights (the batches use seed + 1). */
  seed: 0,
  batchSize: 32,
  numSteps: 64,
  optimizer: 'adam' as LMOptimizer,
  lr: ADAM_LR,
  /**
   * The learning rate of each optimizer when none is given (`rnnlab lm --optimizer X` without --lr):
   * adam's is the protocol's; the others' are the centres of notebook 13b's learning-rate sweep
   * (docs/optimizers.md gives the rate each sweep chose), on a smaller model and budget than the
   * headline run.
   */
  optimizerLr: {
    sgd: 2,
    momentum: 0.2,
    nesterov: 0.2,
    adagrad: 0.1,
    rmsprop: 2e-3,
    adam: ADAM_LR,
  } satisfies Record<LMOptimizer, number>,
  /** Weight decay λ on the weight matrices (L2 in the loss unless `decoupled`); 0: none. */
  weightDecay: 0,
  /** Weight decay as AdamW's decoupled θ ← θ − η(u + λθ) instead of L2 in the loss. */
  decoupled: false,
  /** λ₁ of the L1 penalty on the weight matrices; 0: none. */
  l1: 0,
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

/**
 * The Transformer's protocol (chapter 14): the data, split, validation, batch (32 rows of 64 characters,
 * every row a random window) and budget of {@link LM_PROTOCOL}'s LSTM; its own sizes and optimiser
 * settings — a decoder-only pre-norm Transformer of width 128 (4 heads of 32), 2 blocks with feed-forward
 * width 512, sinusoidal positions, context 64 (= numSteps); Adam at 1e-3 after a linear warm-up over 100
 * steps (nanoGPT's character-level settings), gradients clipped at global norm 1; 0.41 M parameters
 * against the LSTM's 0.35 M. `trainOnCorpus` with cell 'transformer' and `rnnlab lm --model transformer`
 * read it; bench/torch_transformer.py is the same in PyTorch.
 */
export const TRANSFORMER_PROTOCOL = {
  trainFraction: LM_PROTOCOL.trainFraction,
  validationWindow: LM_PROTOCOL.validationWindow,
  batchSize: LM_PROTOCOL.batchSize,
  numSteps: LM_PROTOCOL.numSteps,
  sampler: LM_PROTOCOL.sampler,
  d: 128,
  numHeads: 4,
  numLayers: 2,
  /** Feed-forward width as a multiple of d (512 for d = 128). */
  ffnMultiple: 4,
  positional: 'sinusoidal' as const,
  lr: 1e-3,
  warmup: 100,
  clip: 1,
} as const;
