/**
 * The Free Spoken Digit Dataset in data/fsdd/ (see its README): 3,000 recordings named
 * `{digit}_{speaker}_{take}.wav`, 6 speakers × 10 digits × 50 takes, 8 kHz mono 16-bit. Every file is
 * checked against data/fsdd/SHA256SUMS as it is read.
 *
 * MFCCs of all 3,000 files take seconds to compute; {@link fsddFeatures} keeps them in a cache file
 * `build/cache/fsdd-mfcc-<key>.bin` whose key is the sha256 of SHA256SUMS and the feature options, so a
 * changed data set or a changed option computes afresh. A cache hit does not re-read the WAV files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataPath, projectRoot } from '../paths';
import { listedHashes, sha256 } from '../data/index';
import { parseWav } from './wav';
import { MfccOptions, MFCC_DEFAULTS, mfcc } from './mfcc';

/** The six speakers, in the order tables list them. */
export const FSDD_SPEAKERS = ['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler'] as const;
export type FsddSpeaker = (typeof FSDD_SPEAKERS)[number];

/** The dataset's own test split: takes 0–4 of every digit and speaker (its README). */
export const FSDD_TEST_TAKES = 5;

/** One recording's identity. */
export interface FsddItem {
  /** Path inside data/fsdd, e.g. `recordings/7_jackson_32.wav`. */
  file: string;
  digit: number;
  speaker: FsddSpeaker;
  take: number;
}

/** Parses `{digit}_{speaker}_{take}.wav`; errors name the file. */
export function parseFsddName(file: string): FsddItem {
  const m = /^(\d)_([a-z]+)_(\d+)\.wav$/.exec(path.basename(file));
  if (!m || !(FSDD_SPEAKERS as readonly string[]).includes(m[2]!))
    throw new Error(`${file}: not an FSDD name {digit}_{speaker}_{take}.wav with a known speaker`);
  return { file, digit: Number(m[1]), speaker: m[2] as FsddSpeaker, take: Number(m[3]) };
}

/** Every recording listed in SHA256SUMS, sorted by speaker, digit, take. */
export function fsddItems(): FsddItem[] {
  return [...listedHashes('fsdd').keys()]
    .map(parseFsddName)
    .sort((a, b) => a.speaker.localeCompare(b.speaker) || a.digit - b.digit || a.take - b.take);
}

/** A recording with its samples. */
export interface FsddRecording extends FsddItem {
  sampleRate: number;
  /** [numSamples] in [−1, 1) */
  samples: Float32Array;
}

/** Reads (and hash-checks) every recording (or those of takes below `maxTake`). */
export function loadFsdd(maxTake = 50): FsddRecording[] {
  const hashes = listedHashes('fsdd');
  return fsddItems()
    .filter((it) => it.take < maxTake)
    .map((item) => {
      const full = dataPath('fsdd', item.file);
      if (!fs.existsSync(full))
        throw new Error(`data/fsdd/${item.file} is missing; restore it with \`git checkout -- data/fsdd\``);
      const bytes = fs.readFileSync(full),
        actual = sha256(bytes);
      if (actual !== hashes.get(item.file)) {
        throw new Error(
          `data/fsdd/${item.file} has been altered: sha256 is ${actual}, SHA256SUMS says ` +
            `${hashes.get(item.file)}`,
        );
      }
      const w = parseWav(bytes, `data/fsdd/${item.file}`);
      return { ...item, sampleRate: w.sampleRate, samples: w.samples };
    });
}

/** A recording's features. */
export interface FsddFeatures extends FsddItem {
  /** [numFrames, featureSize] flat */
  features: Float32Array;
  numFrames: number;
}

/** What {@link fsddFeatures} returns. */
export interface FsddFeatureSet {
  items: FsddFeatures[];
  featureSize: number;
  /** Seconds spent: computing (and writing the cache), or reading the cache. */
  seconds: number;
  fromCache: boolean;
  cacheFile: string;
}

/** Options of {@link fsddFeatures}. */
export interface FsddFeatureOptions {
  /** Feature parameters. @default MFCC_DEFAULTS */
  mfcc?: Partial<MfccOptions>;
  /** Read and write the cache. @default true */
  cache?: boolean;
  /** Folder of the cache file. @default `<project>/build/cache` */
  cacheDir?: string;
  /**
   * Only the takes below this number of every digit and speaker (10: takes 0–9, 600 recordings — the
   * test takes 0–4 and five training takes), for quick runs. @default 50 (all)
   */
  maxTake?: number;
}

/** MFCCs of all 3,000 recordings, from the cache when it is there (see the file comment). */
export function fsddFeatures(options: FsddFeatureOptions = {}): FsddFeatureSet {
  const t0 = performance.now();
  const o = { ...MFCC_DEFAULTS, ...options.mfcc };
  const maxTake = options.maxTake ?? 50;
  const key = sha256(
    Buffer.from(
      fs.readFileSync(dataPath('fsdd', 'SHA256SUMS'), 'utf8') +
        JSON.stringify(o) +
        (maxTake < 50 ? `takes<${maxTake}` : ''),
    ),
  ).slice(0, 16);
  const cacheFile = path.join(
    options.cacheDir ?? path.join(projectRoot(), 'build', 'cache'),
    `fsdd-mfcc-${key}.bin`,
  );
  const items = fsddItems().filter((it) => it.take < maxTake);
  const useCache = options.cache ?? true;
  if (useCache && fs.existsSync(cacheFile)) {
    const buf = fs.readFileSync(cacheFile);
    const counts = new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + 4 * (items.length + 1)));
    const featureSize = counts[items.length]!;
    const all = new Float32Array(
      buf.buffer.slice(buf.byteOffset + 4 * (items.length + 1), buf.byteOffset + buf.byteLength),
    );
    let at = 0;
    const out = items.map((it, i) => {
      const n = counts[i]! * featureSize,
        features = all.subarray(at, at + n);
      at += n;
      return { ...it, features, numFrames: counts[i]! };
    });
    if (at === all.length)
      return {
        items: out,
        featureSize,
        seconds: (performance.now() - t0) / 1000,
        fromCache: true,
        cacheFile,
      };
  }
  const recs = loadFsdd(maxTake);
  const out = recs.map(({ samples, sampleRate, ...it }) => {
    if (sampleRate !== o.sampleRate)
      throw new Error(`data/fsdd/${it.file}: ${sampleRate} Hz, the features expect ${o.sampleRate}`);
    const f = mfcc(samples, o);
    return { ...it, features: f.features, numFrames: f.numFrames, featureSize: f.featureSize };
  });
  const featureSize = out[0]!.featureSize;
  if (useCache) {
    // layout: int32 numFrames per item, int32 featureSize, then every item's float32 features in order
    const head = Int32Array.from([...out.map((r) => r.numFrames), featureSize]);
    const body = new Float32Array(out.reduce((s, r) => s + r.features.length, 0));
    let at = 0;
    for (const r of out) {
      body.set(r.features, at);
      at += r.features.length;
    }
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.concat([Buffer.from(head.buffer), Buffer.from(body.buffer)]));
    fs.renameSync(tmp, cacheFile);
  }
  return {
    items: out.map(({ featureSize: _f, ...r }) => r),
    featureSize,
    seconds: (performance.now() - t0) / 1000,
    fromCache: false,
    cacheFile,
  };
}

/** Splits: the dataset's (takes 0–4 test) or leave-one-speaker-out (`speaker` is the test set). */
export function splitFsdd<T extends FsddItem>(items: T[], heldOut?: FsddSpeaker): { train: T[]; test: T[] } {
  const isTest = (it: T): boolean =>
    heldOut === undefined ? it.take < FSDD_TEST_TAKES : it.speaker === heldOut;
  return { train: items.filter((it) => !isTest(it)), test: items.filter(isTest) };
}
