/**
 * The row operations of a Transformer block that are not matrix products — layer normalisation,
 * the causal softmax of attention scores and their backward passes, the ReLU mask — over engine
 * memory (byte addresses, f32, row-major), in TypeScript on the calling thread. Their cost is
 * O(rows·d) and O(B·h·T²) against the GEMMs' O(rows·d²): the matrix products run on the engine's
 * kernels and threads (src/engine/transformerBlock.ts).
 *
 *   layer norm:      x̂ = (x − μ)/√(σ² + ε),  y = γ ⊙ x̂ + β                     (src/nn/layer-norm.ts)
 *   backward:        dx = (1/√(σ²+ε)) (dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂)),  dx̂ = dy ⊙ γ
 *   causal softmax:  A_ij = exp(c S_ij) / Σ_{k ≤ i} exp(c S_ik) for j ≤ i, 0 for j > i   (c = 1/√d_k)
 *   backward:        dS_ij = c A_ij (dA_ij − Σ_k A_ik dA_ik)                     (src/nn/self-attention.ts)
 */
import { Engine } from './engine';

export const LN_EPS = 1e-5;

/** Y = γ ⊙ x̂ + β for rows of X [R, d]; keeps x̂ [R, d] and 1/√(σ²+ε) [R] for the backward pass. */
export function layerNormRows(e: Engine, R: number, d: number, X: number, gamma: number, beta: number,
  Y: number, Xhat: number, rstd: number): void {
  const m = e.mem.f32(), x = X >> 2, y = Y >> 2, h = Xhat >> 2, g = gamma >> 2, b = beta >> 2, s = rstd >> 2;
  for (let r = 0; r < R; r++) {
    const o = r * d;
    let mu = 0;
    for (let j = 0; j < d; j++) mu += m[x + o + j]!;
    mu /= d; //                                                         μ
    let v = 0;
    for (let j = 0; j < d; j++) { const c = m[x + o + j]! - mu; v += c * c; }
    const rs = 1 / Math.sqrt(v / d + LN_EPS); //                         1/√(σ² + ε)
    m[s + r] = rs;
    for (let j = 0; j < d; j++) {
      const xh = (m[x + o + j]! - mu) * rs; //                           x̂
      m[h + o + j] = xh;
      m[y + o + j] = m[g + j]! * xh + m[b + j]!; //                      y = γ ⊙ x̂ + β
    }
  }
}

/** dX = layer-norm backward of dY (overwritten); dγ += Σ dy ⊙ x̂ and dβ += Σ dy (accumulated). */
export function layerNormRowsBackward(e: Engine, R: number, d: number, dY: number, gamma: number,
  Xhat: number, rstd: number, dX: number, dgamma: number, dbeta: number): void {
  const m = e.mem.f32(), dy = dY >> 2, g = gamma >> 2, h = Xhat >> 2, s = rstd >> 2, dx = dX >> 2,
    dg = dgamma >> 2, db = dbeta >> 2;
  for (let r = 0; r < R; r++) {
    const o = r * d;
    let m1 = 0, m2 = 0;
    for (let j = 0; j < d; j++) {
      const gy = m[dy + o + j]!, xh = m[h + o + j]!, dh = gy * m[g + j]!; // dx̂ = dy ⊙ γ
      m1 += dh;
      m2 += dh * xh;
      m[dg + j]! += gy * xh;
      m[db + j]! += gy;
    }
    m1 /= d;
    m2 /= d;
    const rs = m[s + r]!;
    for (let j = 0; j < d; j++) m[dx + o + j] = rs * (m[dy + o + j]! * m[g + j]! - m1 - m[h + o + j]! * m2);
  }
}

/**
 * In place over `n` score matrices [T, T] at S: A = softmax(c·S) row by row, row i over the keys
 * j < i + 1 + offset (offset 0: the causal mask; offset ≥ T: no mask), the rest set to 0.
 */
export function causalSoftmax(e: Engine, n: number, T: number, S: number, c: number, offset = 0): void {
  const m = e.mem.f32(), s = S >> 2;
  for (let q = 0; q < n * T; q++) {
    const o = s + q * T, i = q % T, len = Math.min(T, i + 1 + offset);
    let mx = -Infinity;
    for (let j = 0; j < len; j++) mx = Math.max(mx, m[o + j]!);
    let sum = 0;
    for (let j = 0; j < len; j++) { const x = Math.exp(c * (m[o + j]! - mx)); m[o + j] = x; sum += x; }
    const inv = 1 / sum;
    for (let j = 0; j < len; j++) m[o + j]! *= inv;
    for (let j = len; j < T; j++) m[o + j] = 0;
  }
}

/** In place: dA [T, T] at dS becomes dS_ij = c·A_ij (dA_ij − Σ_k A_ik dA_ik) (masked entries: A = 0 ⇒ 0). */
export function softmaxBackwardRows(e: Engine, T: number, A: number, dS: number, c: number): void {
  const m = e.mem.f32(), a = A >> 2, s = dS >> 2;
  for (let i = 0; i < T; i++) {
    const o = i * T, len = i + 1;
    let dot = 0;
    for (let j = 0; j < len; j++) dot += m[a + o + j]! * m[s + o + j]!;
    for (let j = 0; j < len; j++) m[s + o + j] = c * m[a + o + j]! * (m[s + o + j]! - dot);
    for (let j = len; j < T; j++) m[s + o + j] = 0;
  }
}

/** x ← max(0, x) over n floats. */
export function reluInPlace(e: Engine, n: number, X: number): void {
  const m = e.mem.f32(), x = X >> 2;
  for (let i = 0; i < n; i++) if (!(m[x + i]! > 0)) m[x + i] = 0;
}

/** dF ← dF ⊙ [F > 0] over n floats (F the ReLU's output). */
export function reluBackward(e: Engine, n: number, F: number, dF: number): void {
  const m = e.mem.f32(), f = F >> 2, g = dF >> 2;
  for (let i = 0; i < n; i++) if (!(m[f + i]! > 0)) m[g + i] = 0;
}
