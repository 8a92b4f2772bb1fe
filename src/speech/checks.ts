/**
 * The chapter's checks, listed in the catalog (src/catalog) that `rnnlab checks` runs. Each compares
 * two independent computations: the FFT with the DFT's sum and with Parseval's identity; a pure tone's
 * spectrum with its closed form; the DCT matrix with the identity; the mel triangles' sum with 1; CTC's
 * dynamic programme with the sum over every alignment, its gradient with central differences; prefix
 * beam search (beam wide enough) with the best labelling found by enumeration; the engine's
 * bidirectional layer with a one-directional layer run on reversed input.
 */
import { createEngine, RecurrentLayer, BidirectionalLayer } from '../engine/index';
import { FormulaCheck } from '../checks/registry';
import { numericGradient } from '../checks/gradcheck';
import { relativeError } from '../checks/close';
import { Rng } from '../tensor/index';
import { dft, fft } from './fft';
import { powerSpectrum } from './frames';
import { hzToMel, melFilterbank, melToHz } from './mel';
import { dctMatrix } from './dct';
import { collapse, ctcBruteForce, ctcLoss, logAddExp, logSoftmaxRows } from './ctc';
import { prefixBeamSearch } from './decode';

const SECTION = '004 §5.2 (语音识别)';

/** max_k |FFT(x)_k − DFT(x)_k| for a random complex signal of length N. */
export function fftVsDftError(N: number, seed = 1): number {
  const rng = new Rng(seed),
    re = Float64Array.from({ length: N }, () => rng.normal()),
    im = Float64Array.from({ length: N }, () => rng.normal());
  const d = dft(re, im),
    fr = re.slice(),
    fi = im.slice();
  fft(fr, fi);
  let e = 0;
  for (let k = 0; k < N; k++) e = Math.max(e, Math.abs(fr[k]! - d.re[k]!), Math.abs(fi[k]! - d.im[k]!));
  return e;
}

/** |Σ|x_n|² − (1/N) Σ|X_k|²| / Σ|x_n|² (Parseval) for a random real signal. */
export function parsevalError(N: number, seed = 2): number {
  const rng = new Rng(seed),
    re = Float64Array.from({ length: N }, () => rng.normal()),
    im = new Float64Array(N);
  const energy = re.reduce((s, v) => s + v * v, 0);
  fft(re, im);
  let spec = 0;
  for (let k = 0; k < N; k++) spec += re[k]! ** 2 + im[k]! ** 2;
  return Math.abs(energy - spec / N) / energy;
}

/**
 * A tone x_n = A cos(2π k₀ n/N) under a rectangular window has |X_{k₀}| = AN/2 and X_k = 0 elsewhere
 * (0 < k₀ < N/2), so P_{k₀} = A²N/4: the relative error of P_{k₀}, plus the largest P_k elsewhere
 * relative to it (0 when the tone sits in its bin and nowhere else).
 */
export function pureToneError(N = 256, k0 = 37, A = 0.8): number {
  const x = Float64Array.from({ length: N }, (_, n) => A * Math.cos((2 * Math.PI * k0 * n) / N));
  const P = powerSpectrum(x, new Float64Array(N).fill(1), N),
    want = (A * A * N) / 4;
  let other = 0;
  P.forEach((p, k) => {
    if (k !== k0) other = Math.max(other, p);
  });
  return Math.abs(P[k0]! - want) / want + other / want;
}

/** max |D Dᵀ − I| for the orthonormal DCT-II matrix of size M. */
export function dctOrthogonalityError(M = 26): number {
  const D = dctMatrix(M);
  let e = 0;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      let s = 0;
      for (let m = 0; m < M; m++) s += D[i]![m]! * D[j]![m]!;
      e = Math.max(e, Math.abs(s - (i === j ? 1 : 0)));
    }
  }
  return e;
}

/**
 * max over the bins f_1 ≤ f_k ≤ f_M of |Σ_m H_m(f_k) − 1|, and |mel(700) − 2595 log₁₀ 2|, |f(mel(f)) − f|.
 */
export function melTrianglesError(M = 26, N = 256, sampleRate = 8000): number {
  const fb = melFilterbank(M, N, sampleRate);
  let e = Math.abs(hzToMel(700) - 2595 * Math.log10(2)) + Math.abs(melToHz(hzToMel(1234.5)) - 1234.5);
  for (let k = 0; k <= N / 2; k++) {
    const f = (k * sampleRate) / N;
    if (f < fb.edgesHz[1]! || f > fb.edgesHz[M]!) continue;
    e = Math.max(e, Math.abs(fb.H.reduce((s, row) => s + row[k]!, 0) - 1));
  }
  return e;
}

/** Tiny CTC cases: [T, K, labels] (K includes the blank 0), with a repeated label and a single label. */
export const CTC_CASES: [number, number, number[]][] = [
  [5, 3, [1, 2]],
  [5, 3, [1, 1]],
  [4, 4, [3]],
  [6, 3, [2, 1, 2]],
  [3, 2, [1]],
];

/** Random logits u [T, K]. */
export function randomLogits(T: number, K: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  return Float64Array.from({ length: T * K }, () => rng.normal(0, 1.5));
}

/** Largest relative error of p(l|x) from the forward recursion against the sum over all K^T alignments. */
export function ctcVsBruteForceError(): number {
  return Math.max(
    ...CTC_CASES.map(([T, K, l], i) => {
      const u = randomLogits(T, K, 10 + i),
        p = Math.exp(-ctcLoss(u, T, K, l).loss),
        brute = ctcBruteForce(u, T, K, l);
      return Math.abs(p - brute) / brute;
    }),
  );
}

/** Largest relative error of ∂loss/∂u against central differences. */
export function ctcGradientError(): number {
  return Math.max(
    ...CTC_CASES.map(([T, K, l], i) => {
      const u = randomLogits(T, K, 20 + i);
      return relativeError(
        ctcLoss(u, T, K, l).grad,
        numericGradient(() => ctcLoss(u, T, K, l).loss, u, 1e-5),
        `ctc case ${i}`,
      );
    }),
  );
}

/** max over t of |logsumexp_s(α_t(s) + β_t(s)) − log p| (every frame gives the same total). */
export function ctcAlphaBetaError(): number {
  return Math.max(
    ...CTC_CASES.map(([T, K, l], i) => {
      const r = ctcLoss(randomLogits(T, K, 30 + i), T, K, l),
        S = 2 * l.length + 1;
      let e = 0;
      for (let t = 0; t < T; t++) {
        let s = -Infinity;
        for (let j = 0; j < S; j++) s = logAddExp(s, r.logAlpha[t * S + j]! + r.logBeta[t * S + j]!);
        e = Math.max(e, Math.abs(s + r.loss));
      }
      return e;
    }),
  );
}

/**
 * |log p of the beam's best labelling − log p of the best labelling by enumeration| plus 1 if they are
 * different labellings, with a beam wider than the number of prefixes (then the search is exact).
 */
export function prefixBeamExactError(T = 5, K = 3, seed = 40): number {
  const u = randomLogits(T, K, seed),
    logY = logSoftmaxRows(u, T, K);
  const byLabels = new Map<string, number>();
  for (let i = 0; i < K ** T; i++) {
    let r = i,
      lp = 0;
    const path: number[] = [];
    for (let t = 0; t < T; t++) {
      path.push(r % K);
      lp += logY[t * K + (r % K)]!;
      r = Math.floor(r / K);
    }
    const key = collapse(path).join(',');
    byLabels.set(key, logAddExp(byLabels.get(key) ?? -Infinity, lp));
  }
  const [bestKey, bestLp] = [...byLabels].sort((a, b) => b[1] - a[1])[0]!;
  const top = prefixBeamSearch(logY, T, K, K ** T)[0]!;
  return Math.abs(top.logProb - bestLp) + (top.labels.join(',') === bestKey ? 0 : 1);
}

/**
 * The engine's bidirectional GRU against two one-directional GRUs with the same weights, the second
 * run on each sequence reversed by hand: max |difference| of the outputs (packed lengths 5, 3, 2).
 */
export async function bidirectionalError(cell: 'gru' | 'lstm' = 'gru'): Promise<number> {
  const engine = await createEngine({ threads: 1 });
  try {
    const T = 5,
      B = 3,
      D = 4,
      H = 6,
      lengths = Int32Array.from([5, 3, 2]),
      rng = new Rng(3);
    const X = Float32Array.from({ length: T * B * D }, () => rng.normal());
    const bi = new BidirectionalLayer(engine, { cell, inputSize: D, numHiddens: H, seed: 7 });
    const x = engine.tensor([T * B, D], X);
    bi.forward(x.ptr, T, B, lengths);
    const Y = new Float32Array(engine.mem.memory.buffer, bi.outputs(), T * B * 2 * H).slice();
    const back = new RecurrentLayer(engine, { cell, inputSize: D, numHiddens: H, seed: 99 });
    back.params.forEach((p, i) => p.set(bi.backwardLayer.params[i]!.get()));
    let e = 0;
    for (let b = 0; b < B; b++) {
      const L = lengths[b]!,
        xr = engine.tensor([L, D]);
      for (let t = 0; t < L; t++)
        xr.view().set(X.subarray(((L - 1 - t) * B + b) * D, ((L - 1 - t) * B + b + 1) * D), t * D);
      back.forward({ X: xr.ptr }, L, 1);
      const h = new Float32Array(engine.mem.memory.buffer, back.outputs(), L * H);
      for (let t = 0; t < L; t++)
        for (let j = 0; j < H; j++)
          e = Math.max(e, Math.abs(Y[(t * B + b) * 2 * H + H + j]! - h[(L - 1 - t) * H + j]!));
      for (let t = L; t < T; t++)
        for (let j = 0; j < 2 * H; j++) e = Math.max(e, Math.abs(Y[(t * B + b) * 2 * H + j]!));
      xr.dispose();
    }
    back.dispose();
    bi.dispose();
    return e;
  } finally {
    await engine.dispose();
  }
}

export const speechChecks: FormulaCheck[] = [
  {
    name: 'speech/fft-vs-dft',
    equation: 'radix-2 FFT = X_k = Σ_n x_n e^{−2πi kn/N} summed directly (N = 256, random complex x)',
    section: SECTION,
    tolerance: 1e-9,
    run: () => fftVsDftError(256),
  },
  {
    name: 'speech/fft-parseval',
    equation: 'Σ_n |x_n|² = (1/N) Σ_k |X_k|²  (N = 1024)',
    section: SECTION,
    tolerance: 1e-12,
    measure: 'relative',
    run: () => parsevalError(1024),
  },
  {
    name: 'speech/pure-tone-peak',
    equation: 'x_n = A cos(2π k₀n/N): P_{k₀} = A²N/4, P_k = 0 for k ≠ k₀ (rectangular window)',
    section: SECTION,
    tolerance: 1e-12,
    measure: 'relative',
    run: () => pureToneError(),
  },
  {
    name: 'speech/dct-orthogonal',
    equation: 'D Dᵀ = I for D[n][m] = √(2/M) s_n cos(πn(m+½)/M)  (M = 26)',
    section: SECTION,
    tolerance: 1e-12,
    run: () => dctOrthogonalityError(),
  },
  {
    name: 'speech/mel-triangles-sum-to-one',
    equation: 'Σ_m H_m(f) = 1 for f_1 ≤ f ≤ f_M;  mel(700) = 2595 log₁₀ 2;  f(mel(f)) = f',
    section: SECTION,
    tolerance: 1e-9,
    run: () => melTrianglesError(),
  },
  {
    name: 'speech/ctc-forward-vs-brute-force',
    equation:
      'exp(−loss) = Σ_{π: B(π) = l} Π_t y_t(π_t) over all K^T alignments (5 tiny cases, repeats included)',
    section: SECTION,
    tolerance: 1e-12,
    measure: 'relative',
    run: ctcVsBruteForceError,
  },
  {
    name: 'speech/ctc-gradient-vs-central-differences',
    equation:
      '∂loss/∂u_t(k) = y_t(k) − (1/p) Σ_{s: l′_s = k} α_t(s) β_t(s)  vs  (loss(u + εe) − loss(u − εe)) / 2ε',
    section: SECTION,
    tolerance: 1e-7,
    measure: 'relative',
    run: ctcGradientError,
  },
  {
    name: 'speech/ctc-alpha-beta-every-frame',
    equation: 'log p = logsumexp_s (α_t(s) + β_t(s)) for every t',
    section: SECTION,
    tolerance: 1e-12,
    run: ctcAlphaBetaError,
  },
  {
    name: 'speech/prefix-beam-exact',
    equation:
      'prefix beam search with a beam ≥ every prefix finds argmax_l p(l|x) by enumeration, with its log p',
    section: SECTION,
    tolerance: 1e-12,
    run: () => prefixBeamExactError(),
  },
  {
    name: 'speech/bidirectional-gru-vs-reversed',
    equation:
      "H←_t of the engine's bidirectional GRU = a GRU run on X_{L−1} … X_0, reversed back; zeros past " +
        "each length",
    section: SECTION,
    tolerance: 1e-6,
    run: () => bidirectionalError('gru'),
  },
];

