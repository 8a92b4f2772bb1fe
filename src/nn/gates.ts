/**
 * The affine map every gate of an LSTM or GRU computes, A = X_t W_x + H_{t-1} W_h + b, and its
 * backward pass — written once and used by both cells.
 */
import { DType, Float, Tensor } from '../tensor';
import { Rng } from '../tensor';
import { glorotUniform } from '../tensor';
import { Params, checkParams } from './params';
import { gemm } from '../tensor';
import { addBias, sumRows } from './sequence';

/** A [B, numHiddens] = Xt [B, numInputs] W_x + Hprev [B, numHiddens] W_h + b. */
export function gateAffine(
  Xt: Float,
  Wx: Float,
  Hprev: Float,
  Wh: Float,
  b: Float,
  A: Float,
  B: number,
  numInputs: number,
  numHiddens: number,
): void {
  gemm(Xt, Wx, A, B, numHiddens, numInputs);
  gemm(Hprev, Wh, A, B, numHiddens, numHiddens, { accumulate: true });
  addBias(A, b, B, numHiddens);
}

/** Gradients of one gate given dA = ∂E/∂A: accumulates dW_x += X_tᵀ dA, dW_h += H_{t-1}ᵀ dA, db += Σ dA, dX_t += dA W_xᵀ, dH_{t-1} += dA W_hᵀ. */
export function gateBackward(
  dA: Float,
  Xt: Float,
  Hprev: Float,
  Wx: Float,
  Wh: Float,
  dWx: Float,
  dWh: Float,
  db: Float,
  dXt: Float,
  dHprev: Float,
  B: number,
  numInputs: number,
  numHiddens: number,
): void {
  gemm(Xt, dA, dWx, numInputs, numHiddens, B, { transA: true, accumulate: true });
  gemm(Hprev, dA, dWh, numHiddens, numHiddens, B, { transA: true, accumulate: true });
  sumRows(dA, db, B, numHiddens);
  gemm(dA, Wx, dXt, B, numInputs, numHiddens, { transB: true, accumulate: true });
  gemm(dA, Wh, dHprev, B, numHiddens, numHiddens, { transB: true, accumulate: true });
}

/** Glorot-uniform W_x· [numInputs, numHiddens] and W_h· [numHiddens, numHiddens], zero b_·, for each gate. */
export function initGateParams(
  gates: readonly string[],
  numInputs: number,
  numHiddens: number,
  rng: Rng,
  dtype: DType,
): Params {
  const p: Params = {};
  for (const g of gates) {
    p[`W_x${g}`] = glorotUniform([numInputs, numHiddens], rng, dtype);
    p[`W_h${g}`] = glorotUniform([numHiddens, numHiddens], rng, dtype);
    p[`b_${g}`] = Tensor.zeros([numHiddens], dtype);
  }
  return p;
}

/** numInputs and numHiddens of a gated cell, after checking every gate's shapes. */
export function gateDims(
  p: Params,
  gates: readonly string[],
  what: string,
): { numInputs: number; numHiddens: number } {
  const first = p[`W_x${gates[0]}`];
  if (!first)
    throw new Error(`${what}: parameter W_x${gates[0]} is missing (have ${Object.keys(p).join(', ')})`);
  const [numInputs, numHiddens] = first.shape as [number, number];
  const expected: Record<string, number[]> = {};
  for (const g of gates)
    Object.assign(expected, {
      [`W_x${g}`]: [numInputs, numHiddens],
      [`W_h${g}`]: [numHiddens, numHiddens],
      [`b_${g}`]: [numHiddens],
    });
  checkParams(p, expected, what);
  return { numInputs, numHiddens };
}
