/**
 * Mel-frequency cepstral coefficients (Davis & Mermelstein 1980), the steps of frames.ts, mel.ts and
 * dct.ts in order, then deltas and a per-utterance normalisation:
 *
 *   x ─pre-emphasis→ y ─frames, Hamming→ FFT → P_k = |X_k|²/N ─mel filters→ E_m ─log→ e_m = log max(E_m, ε)
 *     ─DCT-II→ c_n (n < numCeps) ─deltas→ [c, Δc, ΔΔc] ─normalise→ features [numFrames, 3·numCeps]
 *
 *   deltas      Δc_t = Σ_{n=1}^{W} n (c_{t+n} − c_{t−n}) / (2 Σ_{n=1}^{W} n²)   (edges repeat c_0, c_{T−1})
 *   normalise   x̂_{t,d} = (x_{t,d} − μ_d) / σ_d,  μ_d, σ_d the mean and standard deviation over the
 *               utterance's frames (cepstral mean and variance normalisation: removes the recording's
 *               level and its microphone's constant colouring)
 *
 * Not done here (HTK does): liftering of the cepstra, an energy term in place of c_0, dithering.
 */
import { nextPowerOfTwo } from './fft';
import { frameSignal, hamming, powerSpectrum, preEmphasis } from './frames';
import { filterbankEnergies, melFilterbank, MelFilterbank } from './mel';
import { applyDct, dctMatrix } from './dct';

/** The feature parameters. */
export interface MfccOptions {
  /** Samples per second of the input. @default 8000 */
  sampleRate: number;
  /** α of the pre-emphasis. @default 0.97 */
  preEmphasis: number;
  /** Frame length in milliseconds. @default 25 */
  frameMs: number;
  /** Frame hop in milliseconds. @default 10 */
  hopMs: number;
  /** Mel filters M. @default 26 */
  numFilters: number;
  /** Cepstral coefficients kept, c_0 included. @default 13 */
  numCeps: number;
  /** Delta window W (0 = no deltas: numCeps features; otherwise c, Δc, ΔΔc). @default 2 */
  deltaWindow: number;
  /** Floor ε of the filterbank energies before the log. @default 1e-10 */
  logFloor: number;
  /** Normalise each utterance to zero mean and unit variance per feature. @default true */
  normalise: boolean;
  /** VTLP warp factor α of the mel filterbank (mel.ts); 1 = none. For augmenting training data. @default 1 */
  warp: number;
}

/** The defaults (HTK's usual settings for 8 kHz speech). */
export const MFCC_DEFAULTS: Readonly<MfccOptions> = Object.freeze({
  sampleRate: 8000,
  preEmphasis: 0.97,
  frameMs: 25,
  hopMs: 10,
  numFilters: 26,
  numCeps: 13,
  deltaWindow: 2,
  logFloor: 1e-10,
  normalise: true,
  warp: 1,
});

/** Features per frame: numCeps, or 3·numCeps with deltas. */
export function featureSize(o: Partial<MfccOptions> = {}): number {
  const c = { ...MFCC_DEFAULTS, ...o };
  return c.deltaWindow > 0 ? 3 * c.numCeps : c.numCeps;
}

/** Every intermediate of {@link mfccSteps}, for showing the pipeline one step at a time. */
export interface MfccSteps {
  /** Frame length L and hop S in samples, FFT size N. */
  L: number;
  S: number;
  N: number;
  emphasised: Float64Array;
  /** [numFrames, N/2 + 1] */
  power: Float64Array[];
  filterbank: MelFilterbank;
  /** log filterbank energies e [numFrames, M] */
  logMel: Float64Array[];
  /** c [numFrames, numCeps] */
  cepstra: Float64Array[];
  /** the features [numFrames, featureSize], normalised if asked, flat */
  features: Float32Array;
  numFrames: number;
  featureSize: number;
}

const banks = new Map<string, MelFilterbank>();

/** Runs the pipeline on `samples` and keeps every intermediate. */
export function mfccSteps(samples: ArrayLike<number>, options: Partial<MfccOptions> = {}): MfccSteps {
  const o = { ...MFCC_DEFAULTS, ...options };
  const L = Math.round((o.frameMs * o.sampleRate) / 1000),
    S = Math.round((o.hopMs * o.sampleRate) / 1000);
  if (!(L >= 2 && S >= 1))
    throw new Error(
      `mfcc: frames of ${o.frameMs} ms every ${o.hopMs} ms at ${o.sampleRate} Hz are ${L} and ${S} samples`,
    );
  const N = nextPowerOfTwo(L);
  const key = `${o.numFilters}/${N}/${o.sampleRate}/${o.warp}`;
  let filterbank = banks.get(key);
  if (filterbank === undefined)
    banks.set(key, (filterbank = melFilterbank(o.numFilters, N, o.sampleRate, 0, o.sampleRate / 2, o.warp)));
  const emphasised = preEmphasis(samples, o.preEmphasis);
  const w = hamming(L);
  const power = frameSignal(emphasised, L, S).map((f) => powerSpectrum(f, w, N));
  const logMel = power.map((P) =>
    filterbankEnergies(filterbank!, P).map((E) => Math.log(Math.max(E, o.logFloor))),
  );
  const D = dctMatrix(o.numFilters, o.numCeps);
  const cepstra = logMel.map((e) => applyDct(D, e));
  const T = cepstra.length,
    C = o.numCeps;
  const parts = [cepstra];
  if (o.deltaWindow > 0) {
    const d1 = deltas(cepstra, o.deltaWindow);
    parts.push(d1, deltas(d1, o.deltaWindow));
  }
  const F = parts.length * C,
    features = new Float32Array(T * F);
  for (let t = 0; t < T; t++) parts.forEach((p, j) => features.set(p[t]!, t * F + j * C));
  if (o.normalise) normaliseUtterance(features, T, F);
  return { L, S, N, emphasised, power, filterbank, logMel, cepstra, features, numFrames: T, featureSize: F };
}

/** The features of `samples`: [numFrames, featureSize] flat (see the file comment). */
export function mfcc(
  samples: ArrayLike<number>,
  options: Partial<MfccOptions> = {},
): { features: Float32Array; numFrames: number; featureSize: number } {
  const s = mfccSteps(samples, options);
  return { features: s.features, numFrames: s.numFrames, featureSize: s.featureSize };
}

/** Δc_t = Σ_{n=1}^{W} n (c_{t+n} − c_{t−n}) / (2 Σ n²), indices clamped to [0, T−1]. */
export function deltas(c: Float64Array[], W: number): Float64Array[] {
  const T = c.length,
    D = c[0]?.length ?? 0;
  let denom = 0;
  for (let n = 1; n <= W; n++) denom += 2 * n * n;
  return c.map((_, t) => {
    const d = new Float64Array(D);
    for (let n = 1; n <= W; n++) {
      const next = c[Math.min(T - 1, t + n)]!,
        prev = c[Math.max(0, t - n)]!;
      for (let j = 0; j < D; j++) d[j] = d[j]! + (n * (next[j]! - prev[j]!)) / denom;
    }
    return d;
  });
}

/** x̂_{t,d} = (x_{t,d} − μ_d) / σ_d over the T frames of X [T, F] (flat, in place); σ floored at 1e-8. */
export function normaliseUtterance(X: Float32Array, T: number, F: number): void {
  for (let d = 0; d < F; d++) {
    let mean = 0;
    for (let t = 0; t < T; t++) mean += X[t * F + d]!;
    mean /= T;
    let v = 0;
    for (let t = 0; t < T; t++) v += (X[t * F + d]! - mean) ** 2;
    const sd = Math.max(Math.sqrt(v / T), 1e-8);
    for (let t = 0; t < T; t++) X[t * F + d] = (X[t * F + d]! - mean) / sd;
  }
}
