/**
 * The forecasting chapter's math checks (listed in `catalogChecks()`): the regression head's
 * hand-derived gradients (`nn/regression.ts`) against central differences in float64, for both losses,
 * and the engine's head (Dense + the same loss gradient) against the float64 reference.
 */
import { createEngineSync, Dense } from '../engine';
import { type FormulaCheck, numericGradient, relativeError } from '../checks';
import { Rng } from '../tensor';
import {
  headForward,
  headLossAndGradients,
  type HeadParams,
  regressionLoss,
  type RegressionLoss,
} from '../nn';

/** A seeded head of `numHiddens` → `numOutputs` with inputs H [rows, numHiddens] and targets Y. */
export function headCase(
  seed = 3,
  rows = 5,
  numHiddens = 4,
  numOutputs = 3,
): { p: HeadParams; H: Float64Array; Y: Float64Array } {
  const rng = new Rng(seed);
  const r = (n: number): Float64Array => Float64Array.from({ length: n }, () => rng.normal());
  return {
    p: { W_y: r(numHiddens * numOutputs), b_y: r(numOutputs), numHiddens, numOutputs },
    H: r(rows * numHiddens),
    Y: r(rows * numOutputs),
  };
}

/** Largest relative error of the analytic gradients (W_y, b_y, H) against central differences. */
export function headGradientError(loss: RegressionLoss, seed = 3): number {
  const { p, H, Y } = headCase(seed);
  const J = (): number => regressionLoss(loss, headForward(p, H), Y);
  const { grads } = headLossAndGradients(p, H, Y, loss);
  return Math.max(
    relativeError(grads.W_y, numericGradient(J, p.W_y), 'W_y'),
    relativeError(grads.b_y, numericGradient(J, p.b_y), 'b_y'),
    relativeError(grads.H, numericGradient(J, H), 'H'),
  );
}

/** Largest relative error of the engine head's gradients (float32) against the float64 reference. */
export function engineHeadError(loss: RegressionLoss, seed = 5): number {
  const { p, H, Y } = headCase(seed, 6, 4, 1);
  const engine = createEngineSync();
  const dense = new Dense(engine, { inputSize: p.numHiddens, units: 1 });
  try {
    dense.W.set(p.W_y);
    dense.b.set(p.b_y);
    const rows = Y.length;
    const Ht = engine.tensor([rows, p.numHiddens], H),
      Yhat = engine.tensor([rows, 1]);
    dense.forward(Ht.ptr, rows, Yhat.ptr);
    const dY = new Float32Array(rows);
    regressionLoss(loss, Yhat.toArray(), Y, dY);
    const dYt = engine.tensor([rows, 1], dY),
      dH = engine.tensor([rows, p.numHiddens]);
    dense.backward(Ht.ptr, dYt.ptr, rows, dH.ptr);
    const ref = headLossAndGradients(p, H, Y, loss).grads;
    const e = Math.max(
      relativeError(dense.W.grad.toArray(), ref.W_y, 'W_y'),
      relativeError(dense.b.grad.toArray(), ref.b_y, 'b_y'),
      relativeError(dH.toArray(), ref.H, 'H'),
    );
    for (const t of [Ht, Yhat, dYt, dH]) t.dispose();
    return e;
  } finally {
    dense.dispose();
    engine.dispose();
  }
}

export const forecastChecks: FormulaCheck[] = (['mse', 'mae'] as const).flatMap((loss): FormulaCheck[] => [
  {
    name: `forecast/head-${loss}-grad-vs-finite-differences`,
    equation:
      `Ŷ = H W_y + b_y, J = ${loss === 'mse' ? '(1/N) Σ (Ŷ − Y)²' : '(1/N) Σ |Ŷ − Y|'}: ` +
      '∂J/∂W_y = Hᵀ ∂J/∂Ŷ, ∂J/∂b_y = Σ ∂J/∂Ŷ, ∂J/∂H = ∂J/∂Ŷ W_yᵀ vs central differences (float64)',
    section: '000 §3.5.1–3.5.2',
    tolerance: 1e-6,
    measure: 'relative',
    run: () => headGradientError(loss),
  },
  {
    name: `forecast/engine-head-${loss}-vs-reference`,
    equation:
      `the engine's Dense head with the ${loss.toUpperCase()} gradient ` +
      'vs the float64 reference (W_y, b_y, H)',
    section: '000 §3.5.2',
    tolerance: 1e-5,
    measure: 'relative',
    run: () => engineHeadError(loss),
  },
]);
