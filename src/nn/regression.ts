/**
 * The regression head and its losses, float64 reference with the gradients derived by hand — the
 * output equation of document 000 §3.5.2 meeting real numbers, trained with 000 §3.5.1's squared error:
 *
 *   Ŷ = H W_y + b_y                                   H [rows, numHiddens], W_y [numHiddens, numOutputs]
 *   MSE  J = (1/N) Σ (Ŷ − Y)²      ∂J/∂Ŷ = (2/N)(Ŷ − Y)         N = rows · numOutputs
 *   MAE  J = (1/N) Σ |Ŷ − Y|       ∂J/∂Ŷ = (1/N) sign(Ŷ − Y)    (0 at a tie: a subgradient)
 *   ∂J/∂W_y = Hᵀ ∂J/∂Ŷ,   ∂J/∂b_y = Σ_rows ∂J/∂Ŷ,   ∂J/∂H = ∂J/∂Ŷ W_yᵀ
 *
 * (000 §3.5.1's J = 1/(2m) Σ_i Σ_j (h − y)² is `mseLoss` in `losses.ts`; here the ½ is dropped and the
 * mean runs over all N outputs.) The forecasting task's engine model (`forecast/model.ts`) runs the same
 * head with the engine's Dense and {@link regressionLoss}; `catalog/forecast.ts` checks both.
 */

/** The two regression losses. */
export const REGRESSION_LOSSES = ['mse', 'mae'] as const;
export type RegressionLoss = (typeof REGRESSION_LOSSES)[number];

/**
 * The loss J over N = Yhat.length values and, written into `dYhat` when given, ∂J/∂Ŷ. `mask` (0/1)
 * leaves out entries: they add nothing to J nor to N.
 */
export function regressionLoss(
  loss: RegressionLoss,
  Yhat: ArrayLike<number>,
  Y: ArrayLike<number>,
  dYhat?: Float32Array | Float64Array,
): number {
  if (Yhat.length !== Y.length)
    throw new Error(`regressionLoss: ${Yhat.length} predictions for ${Y.length} targets`);
  if (dYhat !== undefined && dYhat.length !== Y.length)
    throw new Error(`regressionLoss: gradient buffer of ${dYhat.length} for ${Y.length} targets`);
  const N = Y.length;
  let J = 0;
  for (let i = 0; i < N; i++) {
    const e = Yhat[i]! - Y[i]!;
    if (loss === 'mse') {
      J += e * e;
      if (dYhat) dYhat[i] = (2 / N) * e;
    } else {
      J += Math.abs(e);
      if (dYhat) dYhat[i] = Math.sign(e) / N;
    }
  }
  return J / N;
}

/** The head's parameters: W_y [numHiddens, numOutputs] row-major, b_y [numOutputs]. */
export interface HeadParams {
  W_y: Float64Array;
  b_y: Float64Array;
  numHiddens: number;
  numOutputs: number;
}

/** Ŷ = H W_y + b_y, H [rows, numHiddens] → Ŷ [rows, numOutputs]. */
export function headForward(p: HeadParams, H: Float64Array): Float64Array {
  const { numHiddens: d, numOutputs: o } = p;
  const rows = H.length / d;
  if (!Number.isInteger(rows))
    throw new Error(`headForward: H has ${H.length} values, not a multiple of numHiddens ${d}`);
  const Y = new Float64Array(rows * o);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < o; j++) {
      let s = p.b_y[j]!;
      for (let k = 0; k < d; k++) s += H[r * d + k]! * p.W_y[k * o + j]!;
      Y[r * o + j] = s;
    }
  }
  return Y;
}

/** Gradients of the head. */
export interface HeadGradients {
  W_y: Float64Array;
  b_y: Float64Array;
  H: Float64Array;
}

/** J and its gradients for the head, by the equations in the file comment. */
export function headLossAndGradients(
  p: HeadParams,
  H: Float64Array,
  Y: Float64Array,
  loss: RegressionLoss,
): { J: number; grads: HeadGradients } {
  const { numHiddens: d, numOutputs: o } = p;
  const Yhat = headForward(p, H);
  const rows = Yhat.length / o;
  const dY = new Float64Array(Yhat.length);
  const J = regressionLoss(loss, Yhat, Y, dY);
  const W_y = new Float64Array(d * o),
    b_y = new Float64Array(o),
    dH = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < o; j++) {
      const g = dY[r * o + j]!;
      b_y[j]! += g; // ∂J/∂b_y = Σ_rows ∂J/∂Ŷ
      for (let k = 0; k < d; k++) {
        W_y[k * o + j]! += H[r * d + k]! * g; // ∂J/∂W_y = Hᵀ ∂J/∂Ŷ
        dH[r * d + k]! += g * p.W_y[k * o + j]!; // ∂J/∂H = ∂J/∂Ŷ W_yᵀ
      }
    }
  }
  return { J, grads: { W_y, b_y, H: dH } };
}
