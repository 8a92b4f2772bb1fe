/**
 * From samples to short-time power spectra (the first steps of MFCC, in the order they run):
 *
 *   pre-emphasis   y_n = x_n − α x_{n−1}   (y_0 = x_0)             lifts high frequencies, α = 0.97
 *   framing        frame t = y_{tS} … y_{tS+L−1}                    L = 25 ms, hop S = 10 ms
 *   Hamming        w_n = 0.54 − 0.46 cos(2πn/(L−1)),  n = 0 … L−1   tapers each frame's edges
 *   power          P_k = |X_k|² / N,  k = 0 … N/2                   X = FFT of the windowed frame,
  *   zero-padded to N
 */
import { fft } from './fft';

/** y_n = x_n − α x_{n−1}, y_0 = x_0. */
export function preEmphasis(x: ArrayLike<number>, alpha: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let n = 0; n < x.length; n++) y[n] = x[n]! - (n > 0 ? alpha * x[n - 1]! : 0);
  return y;
}

/**
 * The number of frames of L samples every S samples in N samples: 1 + ⌊(N − L)/S⌋ (the tail that does
 * not fill a frame is dropped); one zero-padded frame when N < L.
 */
export function numFrames(N: number, L: number, S: number): number {
  return N <= L ? 1 : 1 + Math.floor((N - L) / S);
}

/** frames [numFrames, L]: frame t holds y_{tS} … y_{tS+L−1} (zeros past the end). */
export function frameSignal(y: ArrayLike<number>, L: number, S: number): Float64Array[] {
  const T = numFrames(y.length, L, S),
    out: Float64Array[] = [];
  for (let t = 0; t < T; t++) {
    const f = new Float64Array(L);
    for (let n = 0; n < L && t * S + n < y.length; n++) f[n] = y[t * S + n]!;
    out.push(f);
  }
  return out;
}

/** w_n = 0.54 − 0.46 cos(2πn/(L−1)), n = 0 … L−1. */
export function hamming(L: number): Float64Array {
  const w = new Float64Array(L);
  for (let n = 0; n < L; n++) w[n] = L === 1 ? 1 : 0.54 - 0.46 * Math.cos((2 * Math.PI * n) / (L - 1));
  return w;
}

/** P_k = |X_k|² / N for k = 0 … N/2, X = FFT of frame ⊙ window zero-padded to N (a power of two ≥ L). */
export function powerSpectrum(frame: ArrayLike<number>, window: ArrayLike<number>, N: number): Float64Array {
  if (frame.length > N)
    throw new Error(`powerSpectrum: a frame of ${frame.length} samples does not fit an FFT of ${N}`);
  const re = new Float64Array(N),
    im = new Float64Array(N);
  for (let n = 0; n < frame.length; n++) re[n] = frame[n]! * window[n]!;
  fft(re, im);
  const P = new Float64Array(N / 2 + 1);
  for (let k = 0; k <= N / 2; k++) P[k] = (re[k]! * re[k]! + im[k]! * im[k]!) / N;
  return P;
}
