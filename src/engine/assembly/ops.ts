// Elementwise and row kernels around the GEMMs: bias broadcast, column sums, embedding gather and
// scatter-add, dropout, softmax cross-entropy, and the reductions and scalings of gradient clipping.
import { expv } from './math';

/** C[i, 0:N] = b for i < M (row stride ldc). */
export function fillRows(M: i32, N: i32, C: usize, ldc: i32, b: usize): void {
  for (let i = 0; i < M; i++) memory.copy(C + (<usize>(i * ldc) << 2), b, <usize>N << 2);
}

/** dst[0:N] = beta·dst + Σ_i A[i, 0:N] (row stride lda). */
export function colSum(M: i32, N: i32, A: usize, lda: i32, dst: usize, beta: i32): void {
  if (beta == 0) memory.fill(dst, 0, <usize>N << 2);
  for (let i = 0; i < M; i++) {
    const a = A + (<usize>(i * lda) << 2);
    let j = 0;
    for (; j + 4 <= N; j += 4) v128.store(dst + (<usize>j << 2), f32x4.add(v128.load(dst + (<usize>j << 2)), v128.load(a + (<usize>j << 2))));
    for (; j < N; j++) store<f32>(dst + (<usize>j << 2), load<f32>(dst + (<usize>j << 2)) + load<f32>(a + (<usize>j << 2)));
  }
}

/** dst[r, 0:D] = table[idx[r], 0:D] for r < n (idx: i32; a negative index gives a zero row). */
export function gatherRows(n: i32, idx: usize, table: usize, D: i32, dst: usize): void {
  const bytes = <usize>D << 2;
  for (let r = 0; r < n; r++) {
    const k = load<i32>(idx + (<usize>r << 2));
    const d = dst + <usize>r * bytes;
    if (k < 0) memory.fill(d, 0, bytes);
    else memory.copy(d, table + <usize>k * bytes, bytes);
  }
}

/** table[idx[r], 0:D] += src[r, 0:D] for r < n (negative indices skipped). */
export function scatterAddRows(n: i32, idx: usize, src: usize, D: i32, table: usize): void {
  const bytes = <usize>D << 2;
  for (let r = 0; r < n; r++) {
    const k = load<i32>(idx + (<usize>r << 2));
    if (k < 0) continue;
    const s = src + <usize>r * bytes, d = table + <usize>k * bytes;
    let j = 0;
    for (; j + 4 <= D; j += 4) v128.store(d + (<usize>j << 2), f32x4.add(v128.load(d + (<usize>j << 2)), v128.load(s + (<usize>j << 2))));
    for (; j < D; j++) store<f32>(d + (<usize>j << 2), load<f32>(d + (<usize>j << 2)) + load<f32>(s + (<usize>j << 2)));
  }
}

/** y = a ⊙ b over n floats (y may alias a). */
export function mulInto(n: i32, y: usize, a: usize, b: usize): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(y + (<usize>j << 2), f32x4.mul(v128.load(a + (<usize>j << 2)), v128.load(b + (<usize>j << 2))));
  for (; j < n; j++) store<f32>(y + (<usize>j << 2), load<f32>(a + (<usize>j << 2)) * load<f32>(b + (<usize>j << 2)));
}

/** y += x over n floats. */
export function addInto(n: i32, y: usize, x: usize): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(y + (<usize>j << 2), f32x4.add(v128.load(y + (<usize>j << 2)), v128.load(x + (<usize>j << 2))));
  for (; j < n; j++) store<f32>(y + (<usize>j << 2), load<f32>(y + (<usize>j << 2)) + load<f32>(x + (<usize>j << 2)));
}

/** x ← s·x over n floats. */
export function scale(n: i32, x: usize, s: f32): void {
  const sv = f32x4.splat(s);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(x + (<usize>j << 2), f32x4.mul(v128.load(x + (<usize>j << 2)), sv));
  for (; j < n; j++) store<f32>(x + (<usize>j << 2), load<f32>(x + (<usize>j << 2)) * s);
}

/** Σ x² over n floats, accumulated in f64 (written to out as f64). */
export function sumSquares(n: i32, x: usize, out: usize): void {
  let s: f64 = 0;
  for (let j = 0; j < n; j++) {
    const v = <f64>load<f32>(x + (<usize>j << 2));
    s += v * v;
  }
  store<f64>(out, s);
}

/**
 * Inverted-dropout mask: mask[i] = 1/(1 − p) with probability 1 − p, else 0. The uniform draw for
 * element i is a hash of (seed, i) (the lowbias32 integer hash), so the mask is reproducible and the
 * same in the TypeScript fallback.
 */
export function dropoutMask(n: i32, mask: usize, p: f32, seed: u32): void {
  const keep: f32 = 1 / (1 - p);
  const threshold = <u32>(<f64>p * 4294967296.0);
  for (let i = 0; i < n; i++) {
    let x: u32 = <u32>i * 0x9e3779b9 + seed;
    x ^= x >>> 16; x *= 0x7feb352d; x ^= x >>> 15; x *= 0x846ca68b; x ^= x >>> 16;
    store<f32>(mask + (<usize>i << 2), x >= threshold ? keep : 0);
  }
}

/**
 * Softmax cross-entropy over the rows of logits [M, V] with integer labels (negative = ignored row):
 * writes Σ_rows −log softmax(logits)[label] to out (f64), and replaces logits by
 * scale·(softmax − onehot(label)) — the gradient of scale·loss (0 for ignored rows).
 */
export function softmaxCE(M: i32, V: i32, logits: usize, labels: usize, gradScale: f32, out: usize): void {
  let total: f64 = 0;
  const sv = f32x4.splat(gradScale);
  for (let i = 0; i < M; i++) {
    const row = logits + (<usize>(i * V) << 2);
    const y = load<i32>(labels + (<usize>i << 2));
    if (y < 0) {
      memory.fill(row, 0, <usize>V << 2);
      continue;
    }
    let mx = load<f32>(row);
    for (let j = 1; j < V; j++) mx = max(mx, load<f32>(row + (<usize>j << 2)));
    const mv = f32x4.splat(mx);
    // e_j = exp(x_j − max), Σ e_j
    let sum4 = f32x4.splat(0);
    let j = 0;
    for (; j + 4 <= V; j += 4) {
      const e = expv(f32x4.sub(v128.load(row + (<usize>j << 2)), mv));
      v128.store(row + (<usize>j << 2), e);
      sum4 = f32x4.add(sum4, e);
    }
    let sum: f64 = <f64>f32x4.extract_lane(sum4, 0) + <f64>f32x4.extract_lane(sum4, 1) + <f64>f32x4.extract_lane(sum4, 2) + <f64>f32x4.extract_lane(sum4, 3);
    for (; j < V; j++) {
      const e = f32x4.extract_lane(expv(f32x4.splat(load<f32>(row + (<usize>j << 2)) - mx)), 0);
      store<f32>(row + (<usize>j << 2), e);
      sum += <f64>e;
    }
    const ey = <f64>load<f32>(row + (<usize>y << 2));
    total += Math.log(sum) - Math.log(ey);
    const inv = f32x4.splat(<f32>(1.0 / sum));
    j = 0;
    for (; j + 4 <= V; j += 4) v128.store(row + (<usize>j << 2), f32x4.mul(f32x4.mul(v128.load(row + (<usize>j << 2)), inv), sv));
    for (; j < V; j++) store<f32>(row + (<usize>j << 2), load<f32>(row + (<usize>j << 2)) * <f32>(1.0 / sum) * gradScale);
    store<f32>(row + (<usize>y << 2), load<f32>(row + (<usize>y << 2)) - gradScale);
  }
  store<f64>(out, total);
}
