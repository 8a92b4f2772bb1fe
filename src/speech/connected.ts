/**
 * Connected digits made from isolated ones: an utterance of n digits (n uniform in [minDigits,
 * maxDigits]) joins n recordings of ONE speaker, drawn from one split, with silences and light noise:
 *
 *   a_i = recording_i · (r / rms(recording_i))            each digit at the same loudness, rms r = 0.1
 *   x   = [s_0, a_1, s_1, a_2, …, a_n, s_n] + ν,   ν_t ~ N(0, (r · 10^{−SNR/20})²)
 *
 * s_0 and s_n are leading and trailing silences of U(edgeSilence) seconds, s_1 … s_{n−1} pauses of
 * U(gapSilence) seconds (zeros before the noise is added); SNR is the speech-to-noise ratio in dB.
 * Everything is drawn from a seeded generator, so a seed gives the same utterances.
 */
import { Rng } from '../tensor/index';
import { FsddRecording } from './fsdd';

/** How utterances are made. */
export interface ConnectedOptions {
  /** @default 2 */
  minDigits: number;
  /** @default 6 */
  maxDigits: number;
  /** Leading and trailing silence, seconds [min, max]. @default [0.05, 0.3] */
  edgeSilence: [number, number];
  /** Pause between digits, seconds [min, max]. @default [0.02, 0.25] */
  gapSilence: [number, number];
  /** Loudness of each digit: its rms. @default 0.1 */
  rms: number;
  /** Speech-to-noise ratio of the added white noise, dB. @default 30 */
  snrDb: number;
}

export const CONNECTED_DEFAULTS: Readonly<ConnectedOptions> = Object.freeze<ConnectedOptions>({
  minDigits: 2,
  maxDigits: 6,
  edgeSilence: [0.05, 0.3],
  gapSilence: [0.02, 0.25],
  rms: 0.1,
  snrDb: 30,
});

/** One synthetic utterance. */
export interface ConnectedUtterance {
  speaker: string;
  /** The digits spoken, in order. */
  digits: number[];
  /** The recordings used (paths in data/fsdd). */
  files: string[];
  sampleRate: number;
  samples: Float32Array;
}

/**
 * `count` utterances from `recordings` (one split of one or more speakers), seeded.
 * @throws when a speaker lacks a digit in `recordings`.
 */
export function makeConnected(
  recordings: FsddRecording[],
  count: number,
  seed: number,
  options: Partial<ConnectedOptions> = {},
): ConnectedUtterance[] {
  const o = { ...CONNECTED_DEFAULTS, ...options };
  if (!(Number.isInteger(o.minDigits) && o.minDigits >= 1 && o.maxDigits >= o.minDigits)) {
    throw new Error(`makeConnected: need 1 ≤ minDigits ≤ maxDigits; got ${o.minDigits} and ${o.maxDigits}`);
  }
  const bySpeaker = new Map<string, FsddRecording[][]>();
  for (const r of recordings) {
    if (!bySpeaker.has(r.speaker))
      bySpeaker.set(
        r.speaker,
        Array.from({ length: 10 }, () => []),
      );
    bySpeaker.get(r.speaker)![r.digit]!.push(r);
  }
  const speakers = [...bySpeaker.keys()].sort();
  for (const s of speakers) {
    const missing = bySpeaker.get(s)!.findIndex((d) => d.length === 0);
    if (missing >= 0) throw new Error(`makeConnected: speaker ${s} has no recording of digit ${missing}`);
  }
  const rng = new Rng(seed),
    rate = recordings[0]!.sampleRate;
  const between = ([a, b]: [number, number]): number => Math.round((a + (b - a) * rng.uniform()) * rate);
  const noiseSd = o.rms * 10 ** (-o.snrDb / 20);
  return Array.from({ length: count }, () => {
    const speaker = speakers[rng.int(speakers.length)]!;
    const n = o.minDigits + rng.int(o.maxDigits - o.minDigits + 1);
    const digits = Array.from({ length: n }, () => rng.int(10));
    const recs = digits.map((d) => {
      const pool = bySpeaker.get(speaker)![d]!;
      return pool[rng.int(pool.length)]!;
    });
    const pieces: (Float32Array | number)[] = [between(o.edgeSilence)];
    recs.forEach((r, i) => {
      pieces.push(r.samples);
      pieces.push(i < n - 1 ? between(o.gapSilence) : between(o.edgeSilence));
    });
    const length = pieces.reduce<number>((s, p) => s + (typeof p === 'number' ? p : p.length), 0);
    const samples = new Float32Array(length);
    let at = 0;
    for (const p of pieces) {
      if (typeof p === 'number') {
        at += p;
        continue;
      }
      let ss = 0;
      for (const v of p) ss += v * v;
      const gain = o.rms / Math.max(Math.sqrt(ss / p.length), 1e-6);
      for (let i = 0; i < p.length; i++) samples[at + i] = p[i]! * gain;
      at += p.length;
    }
    for (let t = 0; t < length; t++) samples[t] = samples[t]! + rng.normal(0, noiseSd);
    return { speaker, digits, files: recs.map((r) => r.file), sampleRate: rate, samples };
  });
}
