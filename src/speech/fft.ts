/**
 * The discrete Fourier transform of N samples,
 *
 *   X_k = Σ_{n=0}^{N−1} x_n e^{−2πi kn/N},     k = 0 … N−1,
 *
 * by the radix-2 Cooley–Tukey FFT (N a power of two) in O(N log N), and directly in O(N²) to check it.
 * The FFT splits the sum into even and odd samples, X_k = E_k + e^{−2πi k/N} O_k and
 * X_{k+N/2} = E_k − e^{−2πi k/N} O_k, where E and O are the DFTs of length N/2 of x_{2n} and x_{2n+1};
 * done in place after putting the samples in bit-reversed order.
 */

/** True when n is a power of two (1, 2, 4, …). */
export function isPowerOfTwo(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;
}

/** The smallest power of two ≥ n. */
export function nextPowerOfTwo(n: number): number {
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

const tables = new Map<number, [Float64Array, Float64Array]>();

/** cos and sin of −2πj/N for j < N/2, computed once per N. */
function twiddles(N: number): [Float64Array, Float64Array] {
  let t = tables.get(N);
  if (t === undefined) {
    const c = new Float64Array(N / 2),
      s = new Float64Array(N / 2);
    for (let j = 0; j < N / 2; j++) {
      c[j] = Math.cos((-2 * Math.PI * j) / N);
      s[j] = Math.sin((-2 * Math.PI * j) / N);
    }
    tables.set(N, (t = [c, s]));
  }
  return t;
}

/** In-place FFT of (re, im), both of length N = 2^m. */
export function fft(re: Float64Array, im: Float64Array): void {
  const N = re.length;
  if (!isPowerOfTwo(N)) throw new Error(`fft: the length must be a power of two; got ${N}`);
  if (im.length !== N) throw new Error(`fft: re has ${N} values, im has ${im.length}`);
  // bit-reversed order: x_n goes to the position whose binary digits are n's reversed
  for (let i = 1, j = 0; i < N; i++) {
    let bit = N >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
  // butterflies over blocks of size 2, 4, …, N: X_k = E_k + w^k O_k, X_{k+half} = E_k − w^k O_k,
  // w^k = e^{−2πi k/size} = the table's entry k·N/size
  const [cosT, sinT] = twiddles(N);
  for (let size = 2; size <= N; size *= 2) {
    const half = size / 2,
      step = N / size;
    for (let k = 0; k < half; k++) {
      const wr = cosT[k * step]!,
        wi = sinT[k * step]!;
      for (let start = 0; start < N; start += size) {
        const a = start + k,
          b = a + half;
        const tr = wr * re[b]! - wi * im[b]!,
          ti = wr * im[b]! + wi * re[b]!;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}

/** X_k = Σ_n x_n e^{−2πi kn/N} summed directly, any N (O(N²)): the reference for {@link fft}. */
export function dft(re: ArrayLike<number>, im: ArrayLike<number>): { re: Float64Array; im: Float64Array } {
  const N = re.length,
    outRe = new Float64Array(N),
    outIm = new Float64Array(N);
  for (let k = 0; k < N; k++) {
    let sr = 0,
      si = 0;
    for (let n = 0; n < N; n++) {
      const a = (-2 * Math.PI * ((k * n) % N)) / N,
        c = Math.cos(a),
        s = Math.sin(a);
      sr += re[n]! * c - im[n]! * s;
      si += re[n]! * s + im[n]! * c;
    }
    outRe[k] = sr;
    outIm[k] = si;
  }
  return { re: outRe, im: outIm };
}
