/**
 * The mel filterbank (HTK's mel scale): M triangular filters whose centres are equally spaced in mel,
 *
 *   mel(f) = 2595 log₁₀(1 + f/700),     f(mel) = 700 (10^{mel/2595} − 1)
 *
 * Centres f_0 < f_1 < … < f_{M+1}: M + 2 points equally spaced in mel from lowHz to highHz. Filter m
 * (m = 1 … M) rises from f_{m−1} to its peak 1 at f_m and falls to f_{m+1}:
 *
 *   H_m(f) = (f − f_{m−1}) / (f_m − f_{m−1})   on [f_{m−1}, f_m]
 *   H_m(f) = (f_{m+1} − f) / (f_{m+1} − f_m)   on [f_m, f_{m+1}],   0 elsewhere
 *
 * evaluated at the FFT bin frequencies f_k = k·sampleRate/N. Neighbouring triangles cross where each is
 * ½, so Σ_m H_m(f) = 1 for every f between f_1 and f_M. The filterbank energies are E_m = Σ_k H_m(f_k) P_k.
 *
 * Vocal tract length perturbation (VTLP, Jaitly & Hinton 2013), for training on more voices than were
 * recorded: a longer or shorter vocal tract scales the formant frequencies, so the bins are read at
 * warped frequencies before the triangles are applied, piecewise linearly so that 0 and the Nyquist
 * frequency f_N stay where they are (f_hi = 0.8 f_N):
 *
 *   w(f) = α f                                                          for f ≤ f_hi · min(α, 1)/α
 *   w(f) = f_N − (f_N − f_hi min(α, 1)) / (f_N − f_hi min(α, 1)/α) · (f_N − f)   above
 */

/** mel(f) = 2595 log₁₀(1 + f/700). */
export function hzToMel(f: number): number {
  return 2595 * Math.log10(1 + f / 700);
}

/** f(mel) = 700 (10^{mel/2595} − 1). */
export function melToHz(mel: number): number {
  return 700 * (10 ** (mel / 2595) - 1);
}

/** The VTLP warp w(f) of the file comment, for a factor α near 1 and Nyquist frequency fN. */
export function vtlpWarp(f: number, alpha: number, fN: number): number {
  const fHi = 0.8 * fN,
    knee = (fHi * Math.min(alpha, 1)) / alpha;
  if (f <= knee) return alpha * f;
  return fN - ((fN - fHi * Math.min(alpha, 1)) / (fN - knee)) * (fN - f);
}

/** A mel filterbank: the weights and the M + 2 edge frequencies f_0 … f_{M+1}. */
export interface MelFilterbank {
  /** H [M, N/2 + 1]: H[m][k] = H_{m+1}(f_k) */
  H: Float64Array[];
  /** f_0 … f_{M+1} in Hz */
  edgesHz: Float64Array;
  /** [first, last + 1) of the non-zero bins of each filter */
  support: [number, number][];
}

/**
 * M triangular filters on bins 0 … N/2 of an N-point FFT at `sampleRate`, from lowHz to highHz; with
 * `warp` α ≠ 1 the bins are read at the VTLP-warped frequencies w(f_k).
 */
export function melFilterbank(
  M: number,
  N: number,
  sampleRate: number,
  lowHz = 0,
  highHz = sampleRate / 2,
  warp = 1,
): MelFilterbank {
  if (!(warp > 0.5 && warp < 2))
    throw new Error(`melFilterbank: the warp factor must be in (0.5, 2); got ${warp}`);
  if (!Number.isInteger(M) || M < 1)
    throw new Error(`melFilterbank: the number of filters must be a positive integer; got ${M}`);
  if (!(lowHz >= 0 && highHz > lowHz && highHz <= sampleRate / 2)) {
    throw new Error(
      `melFilterbank: need 0 ≤ lowHz < highHz ≤ sampleRate/2 = ${sampleRate / 2}; got ${lowHz} and ${highHz}`,
    );
  }
  const lo = hzToMel(lowHz),
    hi = hzToMel(highHz);
  const edgesHz = Float64Array.from({ length: M + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (M + 1)));
  const bins = N / 2 + 1,
    H: Float64Array[] = [];
  for (let m = 1; m <= M; m++) {
    const [a, c, b] = [edgesHz[m - 1]!, edgesHz[m]!, edgesHz[m + 1]!];
    const row = new Float64Array(bins);
    for (let k = 0; k < bins; k++) {
      const f = warp === 1 ? (k * sampleRate) / N : vtlpWarp((k * sampleRate) / N, warp, sampleRate / 2);
      if (f > a && f <= c) row[k] = (f - a) / (c - a);
      else if (f > c && f < b) row[k] = (b - f) / (b - c);
    }
    H.push(row);
  }
  const support = H.map((row): [number, number] => {
    const nz = Array.from(row.keys()).filter((k) => row[k] !== 0);
    return nz.length === 0 ? [0, 0] : [nz[0]!, nz[nz.length - 1]! + 1];
  });
  return { H, edgesHz, support };
}

/** E_m = Σ_k H_m(f_k) P_k for a power spectrum P [N/2 + 1]. */
export function filterbankEnergies(fb: MelFilterbank, P: ArrayLike<number>): Float64Array {
  const E = new Float64Array(fb.H.length);
  fb.H.forEach((row, m) => {
    // only the bins under the triangle, f_{m−1} < f_k < f_{m+1}, are non-zero
    const [from, to] = fb.support[m]!;
    let s = 0;
    for (let k = from; k < to; k++) s += row[k]! * P[k]!;
    E[m] = s;
  });
  return E;
}
