/**
 * The settings of the book's in-browser language model (book/browser/train-lm.page.ts), written once:
 * the page, its worker and the builder that writes the page read them. The training itself takes
 * LM_PROTOCOL's defaults through `trainLanguageModel` (Adam at 2e-3, gradients clipped at norm 5,
 * every batch row a random window), and its split and validation loss, the same as chapter 6; only
 * the sizes are smaller, so that a reader's browser makes tens of steps a second on one thread.
 */
import { LM_PROTOCOL } from '../../src/lm/index';

export const BROWSER_LM = {
  /** The corpus of data/ the page ships (read hash-checked by the builder), whole. */
  corpus: 'timemachine',
  cell: 'lstm',
  embedDim: 32,
  numHiddens: 128,
  numLayers: 1,
  batchSize: LM_PROTOCOL.batchSize,
  numSteps: 32,
  /** Seed of the initial weights; the batches of the k-th slice of training use seed + 1 + k. */
  seed: LM_PROTOCOL.seed,
  /** The first this fraction of the text trains, the rest validates (the protocol's split). */
  trainFraction: LM_PROTOCOL.trainFraction,
  /** Validation loss (the protocol's: every non-overlapping window) every this many steps. */
  evalEvery: 50,
  validationWindow: LM_PROTOCOL.validationWindow,
  /** The worker trains in slices of this many seconds, reporting and reading messages in between. */
  sliceSeconds: 0.25,
  /** A sample is drawn every this many seconds of training, and when training stops. */
  sampleEvery: 3,
  /** Characters per sample, after the prime. */
  sampleLength: 240,
  prime: 'The Time Traveller ',
  /** The temperature slider: its start (the protocol's), range and step. */
  temperature: LM_PROTOCOL.temperature,
  temperatureRange: [0.1, 1.5] as const,
  temperatureStep: 0.05,
  /** Most kernel threads on a cross-origin isolated page (the calling thread included). */
  maxThreads: 4,
} as const;
