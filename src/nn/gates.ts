/**
 * The affine map every gate of an LSTM or GRU computes, A = X_t W_x + H_{t-1} W_h + b, and its
 * backward pass — written once and used by both cells.
 */
import { Float } from '../tensor/tensor';
import { gemm } from '../tensor/gemm';
import { addBias, sumRows } from './sequence';

/** A [B, numHiddens] = Xt [B, numInputs] W_x + Hprev [B, numHiddens] W_h + b. */
export function gateAffine(Xt: Float, Wx: Float, Hprev: Float, Wh: Float, b: Float, A: Float, B: number, numInputs: number, numHiddens: number): void {
  gemm(Xt, Wx, A, B, numHiddens, numInputs);
  gemm(Hprev, Wh, A, B, numHiddens, numHiddens, { accumulate: true });
  addBias(A, b, B, numHiddens);
}

/** Gradients of one gate given dA = ∂E/∂A: accumulates dW_x += X_tᵀ dA, dW_h += H_{t-1}ᵀ dA, db += Σ dA, dX_t += dA W_xᵀ, dH_{t-1} += dA W_hᵀ. */
export function gateBackward(
  dA: Float, Xt: Float, Hprev: Float, Wx: Float, Wh: Float,
  dWx: Float, dWh: Float, db: Float, dXt: Float, dHprev: Float,
  B: number, numInputs: number, numHiddens: number,
): void {
  gemm(Xt, dA, dWx, numInputs, numHiddens, B, { transA: true, accumulate: true });
  gemm(Hprev, dA, dWh, numHiddens, numHiddens, B, { transA: true, accumulate: true });
  sumRows(dA, db, B, numHiddens);
  gemm(dA, Wx, dXt, B, numInputs, numHiddens, { transB: true, accumulate: true });
  gemm(dA, Wh, dHprev, B, numHiddens, numHiddens, { transB: true, accumulate: true });
}
