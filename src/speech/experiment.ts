/**
 * The chapter's two experiments as functions, so that `rnnlab speech` and the notebook run the same
 * code: isolated digits on a split (the dataset's, or one speaker held out), and connected digits with
 * CTC on utterances made from the dataset's training takes (5–49) and tested on ones made from its
 * held-out takes (0–4).
 */
import { Engine } from '../engine/index';
import { FsddFeatures, FsddRecording, FsddSpeaker, FSDD_SPEAKERS, splitFsdd } from './fsdd';
import { ConnectedOptions, ConnectedUtterance, makeConnected } from './connected';
import { MfccOptions } from './mfcc';
import { SpeechModel } from './model';
import { SpeechTrainSettings } from './protocol';
import {
  connectedExamples,
  evaluateDigits,
  evaluateSequences,
  SequenceEvaluation,
  SpeechExample,
  SpeechStepInfo,
  trainSpeech,
} from './train';

/** Options of {@link digitsExperiment}. */
export interface DigitsExperimentOptions extends SpeechTrainSettings {
  /**
   * Hold this speaker out (train on the other five, test on all 500 of theirs); omitted: the dataset's
   * split.
   */
  heldOut?: FsddSpeaker;
  /**
   * More training data: the same recordings' features computed differently (VTLP-warped, one list per
   * warp factor, each in the order of `items`); their training part is added, their test part unused.
   * @default []
   */
  augmented?: FsddFeatures[][];
  maxSteps?: number;
  onStep?(info: SpeechStepInfo): void;
}

/** What {@link digitsExperiment} returns. */
export interface DigitsExperiment {
  model: SpeechModel;
  steps: number;
  seconds: number;
  losses: number[];
  test: FsddFeatures[];
  predictions: number[];
  accuracy: number;
  /** Test accuracy per speaker present in the test set. */
  perSpeaker: Partial<Record<FsddSpeaker, number>>;
}

const asExamples = (items: FsddFeatures[]): SpeechExample[] =>
  items.map((x) => ({ features: x.features, numFrames: x.numFrames, target: x.digit }));

/** Trains an isolated-digit classifier on a split of `items` and tests it. */
export function digitsExperiment(
  engine: Engine,
  items: FsddFeatures[],
  featureSize: number,
  o: DigitsExperimentOptions,
): DigitsExperiment {
  const { train, test } = splitFsdd(items, o.heldOut);
  const extra = (o.augmented ?? []).flatMap((a) => splitFsdd(a, o.heldOut).train);
  const r = trainSpeech(engine, asExamples([...train, ...extra]), { ...o, task: 'digits', featureSize });
  const { predictions, accuracy } = evaluateDigits(r.model, asExamples(test));
  const perSpeaker: Partial<Record<FsddSpeaker, number>> = {};
  for (const s of FSDD_SPEAKERS) {
    const idx = test.map((t, i) => (t.speaker === s ? i : -1)).filter((i) => i >= 0);
    if (idx.length > 0)
      perSpeaker[s] = idx.filter((i) => predictions[i] === test[i]!.digit).length / idx.length;
  }
  return {
    model: r.model,
    steps: r.steps,
    seconds: r.seconds,
    losses: r.losses,
    test,
    predictions,
    accuracy,
    perSpeaker,
  };
}

/** Connected-digit training and test sets. */
export interface ConnectedData {
  train: SpeechExample[];
  test: SpeechExample[];
  /** The test utterances (audio, digits, speaker). */
  testUtterances: ConnectedUtterance[];
  /** Seconds spent making the utterances and their MFCCs. */
  seconds: number;
}

/**
 * Makes `trainCount` utterances from takes 5–49 (seed) and `testCount` from takes 0–4 (seed + 1), with
 * their features.
 */
export function connectedData(
  recordings: FsddRecording[],
  trainCount: number,
  testCount: number,
  seed: number,
  connected: Partial<ConnectedOptions>,
  mfccOptions: Partial<MfccOptions>,
): ConnectedData {
  const t0 = performance.now();
  const { train, test } = splitFsdd(recordings);
  const testUtterances = makeConnected(test, testCount, seed + 1, connected);
  return {
    train: connectedExamples(makeConnected(train, trainCount, seed, connected), mfccOptions).examples,
    test: connectedExamples(testUtterances, mfccOptions).examples,
    testUtterances,
    seconds: (performance.now() - t0) / 1000,
  };
}

/** Options of {@link sequencesExperiment}. */
export interface SequencesExperimentOptions extends SpeechTrainSettings {
  featureSize: number;
  beamWidth: number;
  maxSteps?: number;
  onStep?(info: SpeechStepInfo): void;
}

/** Trains the CTC recogniser on `data.train` and decodes `data.test` both ways. */
export function sequencesExperiment(
  engine: Engine,
  data: ConnectedData,
  o: SequencesExperimentOptions,
): { model: SpeechModel; steps: number; seconds: number; losses: number[]; evaluation: SequenceEvaluation } {
  const r = trainSpeech(engine, data.train, { ...o, task: 'sequences' });
  return {
    model: r.model,
    steps: r.steps,
    seconds: r.seconds,
    losses: r.losses,
    evaluation: evaluateSequences(r.model, data.test, o.beamWidth),
  };
}
