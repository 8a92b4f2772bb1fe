/**
 * Forecast errors and two tests. e_t = y_t − ŷ_t over the evaluated points.
 *
 *   MAE  = (1/n) Σ |e_t|            RMSE = √((1/n) Σ e_t²)
 *   MASE = MAE / Q,  Q = (1/(N−m)) Σ_{j=m}^{N−1} |y_j − y_{j−m}|   over the training part y_0 … y_{N−1}
 *          (Hyndman & Koehler 2006: below 1 beats the in-sample seasonal naive forecast;
 *          m = 1: the random walk)
 *
 * For returns: the directional accuracy — the share of points where sign(ŷ change) = sign(y change) —
 * with an exact two-sided binomial test of p = 1/2; and the Diebold–Mariano test of equal expected loss
 * of two forecasts (Diebold & Mariano 1995, with the small-sample factor of Harvey, Leybourne & Newbold
 * 1997).
 */

/** (1/n) Σ |y − ŷ|. */
export function mae(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  checkPair(y, yHat, 'mae');
  let s = 0;
  for (let i = 0; i < y.length; i++) s += Math.abs(y[i]! - yHat[i]!);
  return s / y.length;
}

/** √((1/n) Σ (y − ŷ)²). */
export function rmse(y: ArrayLike<number>, yHat: ArrayLike<number>): number {
  checkPair(y, yHat, 'rmse');
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i]! - yHat[i]!) ** 2;
  return Math.sqrt(s / y.length);
}

/** Q = mean |y_j − y_{j−m}| over j = m … end−1: the in-sample seasonal naive MAE that MASE divides by. */
export function seasonalNaiveScale(y: ArrayLike<number>, m: number, end: number = y.length): number {
  if (!Number.isInteger(m) || m < 1)
    throw new Error(`seasonalNaiveScale: period m must be a positive integer, got ${m}`);
  if (end - m < 1) throw new Error(`seasonalNaiveScale: ${end} training values are too few for period ${m}`);
  let s = 0;
  for (let j = m; j < end; j++) s += Math.abs(y[j]! - y[j - m]!);
  return s / (end - m);
}

/** MASE = MAE / Q with Q from {@link seasonalNaiveScale}. */
export function mase(y: ArrayLike<number>, yHat: ArrayLike<number>, scaleQ: number): number {
  if (!(scaleQ > 0)) throw new Error(`mase: the scale Q must be positive, got ${scaleQ}`);
  return mae(y, yHat) / scaleQ;
}

/** Directional accuracy and its exact binomial test against a coin (p = 1/2). */
export interface DirectionalAccuracy {
  /** Points where the forecast change and the actual change have the same sign. */
  hits: number;
  /** Points counted: those whose actual change is not zero. */
  n: number;
  /** hits / n. */
  accuracy: number;
  /** Two-sided exact binomial p-value of H₀: P(hit) = 1/2. */
  pValue: number;
}

/**
 * Compares the signs of the predicted changes ŷ − base and the actual changes y − base (base = the last
 * observed value for price forecasts, 0 for return forecasts). Points with no actual change are skipped;
 * a predicted change of exactly 0 counts as a miss.
 */
export function directionalAccuracy(
  y: ArrayLike<number>,
  yHat: ArrayLike<number>,
  base: ArrayLike<number>,
): DirectionalAccuracy {
  checkPair(y, yHat, 'directionalAccuracy');
  checkPair(y, base, 'directionalAccuracy (base)');
  let hits = 0,
    n = 0;
  for (let i = 0; i < y.length; i++) {
    const actual = Math.sign(y[i]! - base[i]!);
    if (actual === 0) continue;
    n++;
    if (Math.sign(yHat[i]! - base[i]!) === actual) hits++;
  }
  return { hits, n, accuracy: n > 0 ? hits / n : Number.NaN, pValue: binomialTwoSidedP(hits, n) };
}

/** ln C(n, k) + k ln p + (n−k) ln(1−p) for p = 1/2: ln of the binomial probability of k hits in n. */
function logHalfBinomial(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k) - n * Math.LN2;
}

const logFactorialCache: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorialCache.length; i <= n; i++)
    logFactorialCache.push(logFactorialCache[i - 1]! + Math.log(i));
  return logFactorialCache[n]!;
}

/**
 * Exact two-sided binomial test of p = 1/2: P(|K − n/2| ≥ |k − n/2|) for K ~ Binomial(n, 1/2), the sum of
 * the probabilities of every outcome at least as far from n/2 as k (the symmetric case of the
 * "sum of outcomes no more likely" rule). 1 when n = 0.
 */
export function binomialTwoSidedP(k: number, n: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n)
    throw new Error(`binomialTwoSidedP: need integers 0 ≤ k ≤ n, got k = ${k}, n = ${n}`);
  if (n === 0) return 1;
  const d = Math.abs(k - n / 2);
  let p = 0;
  for (let j = 0; j <= n; j++) if (Math.abs(j - n / 2) >= d - 1e-9) p += Math.exp(logHalfBinomial(n, j));
  return Math.min(1, p);
}

/** Φ(x), the standard normal distribution function, through erfc (W. J. Cody's rational fits). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/**
 * erfc(x) to about 1e-14: the continued fraction for large |x| and the Taylor series of erf for small,
 * so the tests' tails are accurate where p-values are small.
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    // erf(x) = (2/√π) Σ_k (−1)^k x^{2k+1} / (k! (2k+1))
    let term = x,
      sum = x;
    for (let k = 1; k < 200; k++) {
      term *= (-x * x) / k;
      const add = term / (2 * k + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(x) = exp(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))  (Lentz's method)
  const tiny = 1e-300;
  let f = x,
    C = x,
    D = 0;
  for (let k = 1; k < 300; k++) {
    const a = k / 2;
    D = x + a * D;
    D = Math.abs(D) < tiny ? 1 / tiny : 1 / D;
    C = x + a / C;
    if (Math.abs(C) < tiny) C = tiny;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

/** The Diebold–Mariano statistic and its two-sided p-value. */
export interface DieboldMariano {
  /** Mean loss differential d̄ = mean(L(e1) − L(e2)); negative: forecast 1 has the smaller loss. */
  meanDifference: number;
  /** DM* with the Harvey–Leybourne–Newbold factor. */
  statistic: number;
  /** Two-sided p-value from the standard normal. */
  pValue: number;
  n: number;
}

/**
 * Diebold–Mariano test of E[L(e1_t)] = E[L(e2_t)] for two forecasts' errors, with d_t = L(e1_t) − L(e2_t):
 *
 *   DM = d̄ / √(V̂/n),   V̂ = γ̂_0 + 2 Σ_{k=1}^{h−1} γ̂_k    (γ̂_k the autocovariances of d, h the horizon)
 *   DM* = DM · √((n + 1 − 2h + h(h−1)/n) / n)        (Harvey, Leybourne & Newbold 1997)
 *
 * p from the standard normal (n is in the hundreds here, where Student's t with n−1 degrees agrees).
 * `loss`: 'squared' L(e) = e², 'absolute' L(e) = |e|.
 */
export function dieboldMariano(
  e1: ArrayLike<number>,
  e2: ArrayLike<number>,
  horizon = 1,
  loss: 'squared' | 'absolute' = 'squared',
): DieboldMariano {
  checkPair(e1, e2, 'dieboldMariano');
  const n = e1.length;
  if (n < 3) throw new Error(`dieboldMariano: need at least 3 errors, got ${n}`);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon >= n)
    throw new Error(`dieboldMariano: horizon must be an integer in [1, ${n}), got ${horizon}`);
  const L = loss === 'squared' ? (e: number): number => e * e : (e: number): number => Math.abs(e);
  const d = Float64Array.from({ length: n }, (_, i) => L(e1[i]!) - L(e2[i]!));
  const mean = d.reduce((a, b) => a + b, 0) / n;
  const gamma = (k: number): number => {
    let s = 0;
    for (let t = k; t < n; t++) s += (d[t]! - mean) * (d[t - k]! - mean);
    return s / n;
  };
  let V = gamma(0);
  for (let k = 1; k < horizon; k++) V += 2 * gamma(k);
  if (!(V > 0))
    return {
      meanDifference: mean,
      statistic: mean === 0 ? 0 : Math.sign(mean) * Infinity,
      pValue: mean === 0 ? 1 : 0,
      n,
    };
  const dm = mean / Math.sqrt(V / n);
  const h = horizon;
  const statistic = dm * Math.sqrt((n + 1 - 2 * h + (h * (h - 1)) / n) / n);
  return { meanDifference: mean, statistic, pValue: 2 * normalCdf(-Math.abs(statistic)), n };
}

function checkPair(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) throw new Error(`${what}: ${a.length} actual values for ${b.length} forecasts`);
  if (a.length === 0) throw new Error(`${what}: no values`);
}
