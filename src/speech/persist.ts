/**
 * A recogniser in a checkpoint file (src/train/checkpoint.ts, kind 'speech'): its model config, the
 * feature options it was trained on, its weights and training figures; and transcribing a WAV file
 * with it.
 */
import { Engine } from '../engine/index';
import { loadCheckpoint, saveCheckpoint } from '../train/index';
import { makeBatch } from './batch';
import { MFCC_DEFAULTS, mfcc, MfccOptions } from './mfcc';
import { SpeechModel, SpeechModelConfig } from './model';
import { transcribe } from './train';
import { Wav } from './wav';

export const SPEECH_CHECKPOINT_KIND = 'speech';

interface StoredConfig {
  model: SpeechModelConfig;
  mfcc: MfccOptions;
}

/** Saves the model and its feature options atomically; returns the bytes written. */
export function saveSpeechModel(
  file: string,
  model: SpeechModel,
  mfccOptions: MfccOptions,
  meta: Record<string, unknown> = {},
): number {
  const config: StoredConfig = { model: model.config, mfcc: mfccOptions };
  return saveCheckpoint(file, {
    kind: SPEECH_CHECKPOINT_KIND,
    config,
    vocab: null,
    weights: model.getWeights(),
    meta: { steps: model.steps, ...meta },
  });
}

/** Loads a recogniser onto `engine`; errors name the file. */
export function loadSpeechModel(
  file: string,
  engine: Engine,
): { model: SpeechModel; mfcc: MfccOptions; meta: Record<string, unknown> } {
  const ck = loadCheckpoint(file, { kind: SPEECH_CHECKPOINT_KIND });
  const c = ck.config as Partial<StoredConfig> | null;
  if (!c || typeof c.model !== 'object' || c.model === null)
    throw new Error(`checkpoint ${file}: its config has no model`);
  let model: SpeechModel;
  try {
    model = new SpeechModel(engine, c.model);
  } catch (err) {
    throw new Error(`checkpoint ${file}: ${(err as Error).message}`);
  }
  try {
    model.setWeights(ck.weights);
  } catch (err) {
    model.dispose();
    throw new Error(`checkpoint ${file}: ${(err as Error).message}`);
  }
  model.steps = typeof ck.meta?.steps === 'number' ? ck.meta.steps : 0;
  return { model, mfcc: { ...MFCC_DEFAULTS, ...c.mfcc }, meta: ck.meta ?? {} };
}

/** What a recogniser heard in one recording. */
export interface Transcription {
  /** The digits, by best path ('sequences') or the one class ('digits'). */
  digits: number[];
  /** 'sequences': the prefix beam search's digits. */
  beam?: number[];
  /** 'digits': softmax probabilities of the 10 classes. */
  probabilities?: number[];
  numFrames: number;
}

/** Runs the recogniser on a decoded WAV file; `name` names it in errors (sample rate mismatch). */
export function transcribeWav(
  model: SpeechModel,
  mfccOptions: MfccOptions,
  wav: Wav,
  name: string,
  beamWidth = 8,
): Transcription {
  if (wav.sampleRate !== mfccOptions.sampleRate) {
    throw new Error(
      `${name}: ${wav.sampleRate} Hz; this model was trained on ${mfccOptions.sampleRate} Hz audio ` +
        `(resampling is not supported)`,
    );
  }
  const f = mfcc(wav.samples, mfccOptions),
    c = model.config;
  const batch = makeBatch([f], f.featureSize, c.stack);
  if (c.task === 'digits') {
    const z = model.classify(batch)[0]!,
      max = Math.max(...z),
      e = Array.from(z, (v) => Math.exp(v - max)),
      s = e.reduce((a, b) => a + b);
    const probabilities = e.map((v) => v / s);
    return {
      digits: [probabilities.indexOf(Math.max(...probabilities))],
      probabilities,
      numFrames: f.numFrames,
    };
  }
  const [{ logProbs, numFrames }] = model.logProbs(batch) as [{ logProbs: Float64Array; numFrames: number }];
  const t = transcribe(logProbs, numFrames, beamWidth);
  return { digits: t.greedy, beam: t.beam, numFrames: f.numFrames };
}
