/**
 * The settings of chapter 12 and `rnnlab speech`, written once: the CLI's defaults and the notebook's
 * `full` profile read this constant.
 */
import { CONNECTED_DEFAULTS, ConnectedOptions } from './connected';
import { MFCC_DEFAULTS, MfccOptions } from './mfcc';
import type { MaskOptions } from './train';

/** Training settings of one task. */
export interface SpeechTrainSettings {
  cell: 'gru' | 'lstm';
  numHiddens: number;
  numLayers: number;
  bidirectional: boolean;
  /** Frames stacked per step (batch.ts). */
  stack: number;
  batchSize: number;
  /** Adam's learning rate. */
  lr: number;
  /** Global gradient-norm clip. */
  clip: number;
  /** Wall-clock training budget, seconds. */
  seconds: number;
  seed: number;
  /** SpecAugment-style masks on the training batches (train.ts); undefined = none. */
  mask?: MaskOptions;
}

export interface SpeechProtocol {
  mfcc: Readonly<MfccOptions>;
  digits: SpeechTrainSettings & {
    /**
     * VTLP warp factors (mel.ts): the training recordings are added once more per factor, their
     * features computed with the mel filterbank warped — more voices than the five or six recorded.
     */
    warps: number[];
  };
  sequences: SpeechTrainSettings & {
    connected: Readonly<ConnectedOptions>;
    /** Synthetic training utterances (from takes 5–49), made once. */
    trainUtterances: number;
    /** Synthetic test utterances (from the held-out takes 0–4). */
    testUtterances: number;
    /** Width of the prefix beam search. */
    beamWidth: number;
  };
}

export const SPEECH_PROTOCOL: Readonly<SpeechProtocol> = Object.freeze<SpeechProtocol>({
  mfcc: MFCC_DEFAULTS,
  digits: {
    cell: 'gru',
    numHiddens: 128,
    numLayers: 1,
    bidirectional: false,
    stack: 1,
    batchSize: 32,
    lr: 0.003,
    clip: 5,
    seconds: 120,
    seed: 0,
    mask: { timeMasks: 2, timeWidth: 8, featureMasks: 2, featureWidth: 3 },
    warps: [0.9, 0.95, 1.05, 1.1],
  },
  sequences: {
    cell: 'gru',
    numHiddens: 128,
    numLayers: 1,
    bidirectional: true,
    stack: 2,
    batchSize: 32,
    lr: 0.003,
    clip: 5,
    seconds: 300,
    seed: 0,
    connected: CONNECTED_DEFAULTS,
    trainUtterances: 3000,
    testUtterances: 300,
    beamWidth: 8,
  },
});
