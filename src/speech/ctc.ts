/**
 * Connectionist temporal classification (Graves, Fernández, Gomez & Schmidhuber 2006): the loss of a
 * label sequence l = (l_1 … l_U) given per-frame scores over K symbols for T frames, when nobody says
 * which frame belongs to which label.
 *
 * An alignment π is one symbol per frame from the labels and a blank (written b); it reads as l when
 * B(π) = l, B removing repeats and then blanks ("--aa-a-" → "aa"). With y_t = softmax(u_t) per frame,
 *
 *   p(l | x) = Σ_{π : B(π) = l} Π_t y_t(π_t),        loss = −log p(l | x)
 *
 * summed over the K^T alignments by dynamic programming over the blank-extended labels
 * l' = (b, l_1, b, l_2, …, b, l_U, b) of length S = 2U + 1. Forward variables (log space):
 *
 *   α_0(0) = log y_0(b),  α_0(1) = log y_0(l_1),  α_0(s) = −∞ for s ≥ 2
 *   α_t(s) = logsumexp(α_{t−1}(s), α_{t−1}(s−1), α_{t−1}(s−2)) + log y_t(l'_s)
 *            (the s−2 term only when l'_s ≠ b and l'_s ≠ l'_{s−2}: a blank must separate repeated labels)
 *
 * backward variables, here WITHOUT the emission of frame t (the probability of the rest given state s at t):
 *
 *   β_{T−1}(S−1) = β_{T−1}(S−2) = 0 (= log 1),  β_{T−1}(s) = −∞ otherwise
 *   β_t(s) = logsumexp over s' ∈ {s, s+1, s+2 (same rule)} of β_{t+1}(s') + log y_{t+1}(l'_{s'})
 *
 * so that for every t, log p(l | x) = logsumexp_s (α_t(s) + β_t(s)). The gradient with respect to the
 * logits u_t(k) (Graves et al. 2006 eq. 16, in this β's convention):
 *
 *   ∂loss/∂u_t(k) = y_t(k) − (1/p) Σ_{s : l'_s = k} exp(α_t(s) + β_t(s))
 *
 * Conventions of {@link ctcLoss}: the blank is symbol 0 unless `blank` says otherwise; the input is
 * logits u [T, K] — log-softmax is applied inside, and since log-softmax of log-probabilities gives
 * them back, log-probabilities may be passed instead (the loss and gradient are the same); the loss is
 * the SUM over the frames of one utterance, −log p(l | x) — reducing over a batch (the mean over
 * utterances, in speech/model.ts) is the caller's choice. Float64 throughout.
 */

/** log(e^a + e^b) without overflow; −∞ stays −∞. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log-softmax of each row of u [T, K] (flat): log y_t(k) = u_t(k) − log Σ_j e^{u_t(j)}. */
export function logSoftmaxRows(u: ArrayLike<number>, T: number, K: number): Float64Array {
  if (u.length < T * K) throw new Error(`logSoftmaxRows: need ${T}×${K} = ${T * K} values, got ${u.length}`);
  const out = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    let max = -Infinity;
    for (let k = 0; k < K; k++) max = Math.max(max, u[t * K + k]!);
    let s = 0;
    for (let k = 0; k < K; k++) s += Math.exp(u[t * K + k]! - max);
    const lse = max + Math.log(s);
    for (let k = 0; k < K; k++) out[t * K + k] = u[t * K + k]! - lse;
  }
  return out;
}

/** The blank-extended labels l' = (b, l_1, b, …, l_U, b). */
export function extendLabels(labels: ArrayLike<number>, blank: number): Int32Array {
  const ext = new Int32Array(2 * labels.length + 1).fill(blank);
  for (let u = 0; u < labels.length; u++) ext[2 * u + 1] = labels[u]!;
  return ext;
}

/** The fewest frames that can emit `labels`: U plus one blank between each pair of equal neighbours. */
export function minFrames(labels: ArrayLike<number>): number {
  let n = labels.length;
  for (let u = 1; u < labels.length; u++) if (labels[u] === labels[u - 1]) n++;
  return n;
}

/** Options of {@link ctcLoss}. */
export interface CtcOptions {
  /** The blank's index among the K symbols. @default 0 */
  blank?: number;
}

/** What {@link ctcLoss} returns. */
export interface CtcResult {
  /** −log p(l | x), summed over the frames of this utterance. */
  loss: number;
  /** ∂loss/∂u [T, K] */
  grad: Float64Array;
  /** log α [T, S], log β [T, S] (β without frame t's emission), S = 2U + 1 */
  logAlpha: Float64Array;
  logBeta: Float64Array;
  /** log y [T, K] */
  logProbs: Float64Array;
}

/**
 * The CTC loss of `labels` (each in [0, K), none the blank) given logits u [T, K] (flat, row t = frame t),
 * and its gradient with respect to u; see the file comment for the equations and conventions.
 * @throws when a label is out of range or the blank, or when T frames cannot emit the labels.
 */
export function ctcLoss(
  u: ArrayLike<number>,
  T: number,
  K: number,
  labels: ArrayLike<number>,
  options: CtcOptions = {},
): CtcResult {
  const blank = options.blank ?? 0;
  if (!Number.isInteger(blank) || blank < 0 || blank >= K)
    throw new Error(`ctcLoss: blank must be an index in [0, ${K}); got ${blank}`);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (!Number.isInteger(l) || l < 0 || l >= K || l === blank)
      throw new Error(
        `ctcLoss: labels[${i}] = ${l} must be a symbol in [0, ${K}) other than the blank ${blank}`,
      );
  }
  if (minFrames(labels) > T)
    throw new Error(
      `ctcLoss: ${T} frames cannot emit ${labels.length} labels [${Array.from(labels).join(', ')}] (at ` +
        `least ${minFrames(labels)} needed)`,
    );
  const logY = logSoftmaxRows(u, T, K);
  const ext = extendLabels(labels, blank),
    S = ext.length;
  // skip[s]: the s−2 → s transition is allowed
  const skip = Uint8Array.from(ext, (k, s) => (s >= 2 && k !== blank && k !== ext[s - 2] ? 1 : 0));
  const A = new Float64Array(T * S).fill(-Infinity),
    Bt = new Float64Array(T * S).fill(-Infinity);
  A[0] = logY[ext[0]!]!;
  if (S > 1) A[1] = logY[ext[1]!]!;
  for (let t = 1; t < T; t++) {
    for (let s = 0; s < S; s++) {
      let a = A[(t - 1) * S + s]!;
      if (s >= 1) a = logAddExp(a, A[(t - 1) * S + s - 1]!);
      if (skip[s]) a = logAddExp(a, A[(t - 1) * S + s - 2]!);
      A[t * S + s] = a === -Infinity ? -Infinity : a + logY[t * K + ext[s]!]!;
    }
  }
  Bt[(T - 1) * S + S - 1] = 0;
  if (S > 1) Bt[(T - 1) * S + S - 2] = 0;
  for (let t = T - 2; t >= 0; t--) {
    for (let s = 0; s < S; s++) {
      const next = (s2: number): number => Bt[(t + 1) * S + s2]! + logY[(t + 1) * K + ext[s2]!]!;
      let b = next(s);
      if (s + 1 < S) b = logAddExp(b, next(s + 1));
      if (s + 2 < S && skip[s + 2]) b = logAddExp(b, next(s + 2));
      Bt[t * S + s] = b;
    }
  }
  const last = (T - 1) * S;
  const logP = S > 1 ? logAddExp(A[last + S - 1]!, A[last + S - 2]!) : A[last]!;
  const grad = new Float64Array(T * K);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) grad[t * K + k] = Math.exp(logY[t * K + k]!);
    // γ_t(k) = Σ_{s: l'_s = k} exp(α_t(s) + β_t(s) − log p)
    for (let s = 0; s < S; s++) {
      const ab = A[t * S + s]! + Bt[t * S + s]!;
      if (ab !== -Infinity) {
        const i = t * K + ext[s]!;
        grad[i] = grad[i]! - Math.exp(ab - logP);
      }
    }
  }
  return { loss: -logP, grad, logAlpha: A, logBeta: Bt, logProbs: logY };
}

/** B(π): merge repeated symbols, then drop blanks. */
export function collapse(path: ArrayLike<number>, blank = 0): number[] {
  const out: number[] = [];
  for (let t = 0; t < path.length; t++) {
    const k = path[t]!;
    if (k !== blank && (t === 0 || k !== path[t - 1])) out.push(k);
  }
  return out;
}

/**
 * p(l | x) by brute force: every one of the K^T alignments π, Π_t y_t(π_t) added up when B(π) = l.
 * The reference for {@link ctcLoss}; only for tiny T and K (it refuses more than 10⁶ alignments).
 */
export function ctcBruteForce(
  u: ArrayLike<number>,
  T: number,
  K: number,
  labels: ArrayLike<number>,
  blank = 0,
): number {
  if (K ** T > 1e6) throw new Error(`ctcBruteForce: ${K}^${T} alignments are too many to enumerate`);
  const logY = logSoftmaxRows(u, T, K),
    want = Array.from(labels).join(',');
  const path = new Int32Array(T);
  let p = 0;
  for (let i = 0; i < K ** T; i++) {
    let r = i,
      logp = 0;
    for (let t = 0; t < T; t++) {
      path[t] = r % K;
      r = Math.floor(r / K);
      logp += logY[t * K + path[t]!]!;
    }
    if (collapse(path, blank).join(',') === want) p += Math.exp(logp);
  }
  return p;
}
