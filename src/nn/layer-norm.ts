/**
 * Layer normalisation (Ba, Kiros & Hinton 2016), as the Transformer uses it (Vaswani et al. 2017 §3.1;
 * before each sub-layer in the pre-norm block of Xiong et al. 2020). Over the last axis, row by row —
 * for a row x of d features:
 *
 *   μ = (1/d) Σ_j x_j                      the row's mean
 *   σ² = (1/d) Σ_j (x_j − μ)²              its (biased) variance
 *   x̂ = (x − μ) / √(σ² + ε)                normalised
 *   y = γ ⊙ x̂ + β                          per-feature gain γ [d] and shift β [d]
 *
 * ε = 1e-5, PyTorch's and tfjs's default. Unlike batch normalisation, nothing is averaged over the
 * batch, so a row's output does not depend on the other rows and training equals inference.
 */
import { Float, Tensor, alloc } from '../tensor/tensor';

export const LAYER_NORM_EPS = 1e-5;

export interface LayerNormParams { gamma: Tensor; beta: Tensor }

/** γ = 1, β = 0: the identity on normalised rows. */
export function initLayerNorm(d: number, dtype: 'float32' | 'float64' = 'float32'): LayerNormParams {
  const gamma = Tensor.zeros([d], dtype);
  gamma.data.fill(1);
  return { gamma, beta: Tensor.zeros([d], dtype) };
}

/** What the backward pass needs: x̂ and 1/√(σ² + ε) per row. */
export interface LayerNormCache { Xhat: Float; rstd: Float; d: number }

function featuresOf(X: Tensor, p: LayerNormParams): number {
  const d = p.gamma.size;
  if (p.beta.size !== d) throw new Error(`layer norm: γ has ${d} values but β has ${p.beta.size}`);
  if (X.shape[X.shape.length - 1] !== d) {
    throw new Error(`layer norm over ${d} features got X of shape [${X.shape.join(', ')}]`);
  }
  return d;
}

/** y = γ ⊙ (x − μ)/√(σ² + ε) + β for every row x of X [..., d]. */
export function layerNormForward(p: LayerNormParams, X: Tensor,
  eps = LAYER_NORM_EPS): { Y: Tensor; cache: LayerNormCache } {
  const d = featuresOf(X, p), rows = X.size / d;
  const Y = Tensor.zeros(X.shape, X.dtype);
  const Xhat = alloc(X.size, X.dtype), rstd = alloc(rows, X.dtype);
  const x = X.data, g = p.gamma.data, b = p.beta.data;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let mu = 0;
    for (let j = 0; j < d; j++) mu += x[o + j]!;
    mu /= d; //                                                     μ = (1/d) Σ_j x_j
    let v = 0;
    for (let j = 0; j < d; j++) v += (x[o + j]! - mu) ** 2;
    v /= d; //                                                      σ² = (1/d) Σ_j (x_j − μ)²
    const s = 1 / Math.sqrt(v + eps);
    rstd[r] = s;
    for (let j = 0; j < d; j++) {
      const h = (x[o + j]! - mu) * s; //                            x̂ = (x − μ)/√(σ² + ε)
      Xhat[o + j] = h;
      Y.data[o + j] = g[j]! * h + b[j]!; //                         y = γ ⊙ x̂ + β
    }
  }
  return { Y, cache: { Xhat, rstd, d } };
}

/**
 * Given dY:
 *   ∂E/∂γ = Σ_rows dy ⊙ x̂,    ∂E/∂β = Σ_rows dy,    dx̂ = dy ⊙ γ
 *   ∂E/∂x = (1/√(σ²+ε)) · (dx̂ − mean_j(dx̂) − x̂ ⊙ mean_j(dx̂ ⊙ x̂))
 * (the last line: x̂ depends on x directly and through μ and σ², whose gradients are the two means).
 */
export function layerNormBackward(p: LayerNormParams, cache: LayerNormCache,
  dY: Tensor): { dgamma: Tensor; dbeta: Tensor; dX: Tensor } {
  const { Xhat, rstd, d } = cache;
  const rows = Xhat.length / d;
  if (dY.size !== Xhat.length) {
    throw new Error(`layer norm backward: dY has ${dY.size} values, the forward had ${Xhat.length}`);
  }
  const dgamma = Tensor.zeros([d], dY.dtype), dbeta = Tensor.zeros([d], dY.dtype);
  const dX = Tensor.zeros(dY.shape, dY.dtype);
  const g = p.gamma.data, dy = dY.data;
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    let m1 = 0, m2 = 0;
    for (let j = 0; j < d; j++) {
      const dh = dy[o + j]! * g[j]!; //                              dx̂ = dy ⊙ γ
      m1 += dh;
      m2 += dh * Xhat[o + j]!;
      dgamma.data[j]! += dy[o + j]! * Xhat[o + j]!; //               ∂E/∂γ += dy ⊙ x̂
      dbeta.data[j]! += dy[o + j]!; //                               ∂E/∂β += dy
    }
    m1 /= d;
    m2 /= d;
    for (let j = 0; j < d; j++) {
      dX.data[o + j] = rstd[r]! * (dy[o + j]! * g[j]! - m1 - Xhat[o + j]! * m2);
    }
  }
  return { dgamma, dbeta, dX };
}
