/**
 * The plain (Elman) recurrent network, forward and backward through time, from its equations
 * (002 §1.3.2, 004 §3.1), in batch-major row form:
 *
 *   H_t = f(X_t W_xh + H_{t-1} W_hh + b_h)      f = tanh (the document's choice)
 *   Y_t = H_t W_hy + b_y
 *
 * The documents write column vectors, h_t = tanh(W_hh h_{t-1} + W_xh x_t + b_h); our W_xh is the
 * transpose of theirs, so that a batch of row vectors X_t [batchSize, numInputs] multiplies on the
 * right. Backpropagation through time (004 §3.2) sums each step's contribution, ∂E/∂θ = Σ_t ∂E_t/∂θ.
 */
import { Rng } from '../tensor';
import { DType, Tensor, alloc } from '../tensor';
import { gemm } from '../tensor';
import { glorotUniform } from '../tensor';
import { Activation, activate, derivativeFromOutput } from './activations';
import { Params, checkParams } from './params';
import { addBias, checkTruncate, getStep, seqDims, setStep, sumRows } from './sequence';

export interface RNNParams extends Params {
  W_xh: Tensor; // [numInputs, numHiddens]
  W_hh: Tensor; // [numHiddens, numHiddens]
  b_h: Tensor; // [numHiddens]
  W_hy: Tensor; // [numHiddens, numOutputs]
  b_y: Tensor; // [numOutputs]
}

export interface RNNConfig {
  numInputs: number;
  numHiddens: number;
  numOutputs: number;
  /** The nonlinearity f. 004 §4.1's PyTorch cell has none ('identity'). @default 'tanh' */
  activation?: Activation;
}

/** Glorot-uniform weights, zero biases. */
export function initRNN(c: RNNConfig, rng: Rng, dtype: DType = 'float32'): RNNParams {
  return {
    W_xh: glorotUniform([c.numInputs, c.numHiddens], rng, dtype),
    W_hh: glorotUniform([c.numHiddens, c.numHiddens], rng, dtype),
    b_h: Tensor.zeros([c.numHiddens], dtype),
    W_hy: glorotUniform([c.numHiddens, c.numOutputs], rng, dtype),
    b_y: Tensor.zeros([c.numOutputs], dtype),
  };
}

function configOf(p: RNNParams): { numInputs: number; numHiddens: number; numOutputs: number } {
  const [numInputs, numHiddens] = p.W_xh.shape as [number, number];
  const numOutputs = p.W_hy.shape[1]!;
  checkParams(
    p,
    {
      W_xh: [numInputs, numHiddens],
      W_hh: [numHiddens, numHiddens],
      b_h: [numHiddens],
      W_hy: [numHiddens, numOutputs],
      b_y: [numOutputs],
    },
    'RNN',
  );
  return { numInputs, numHiddens, numOutputs };
}

/** What the forward pass keeps for the backward pass. */
export interface RNNCache {
  X: Tensor; // [batchSize, numSteps, numInputs]
  H0: Tensor; // [batchSize, numHiddens]
  H: Tensor; // [batchSize, numSteps, numHiddens]
  activation: Activation;
}

/** Runs the recurrence over X [batchSize, numSteps, numInputs] from H0 (zeros by default). */
export function rnnForward(
  p: RNNParams,
  X: Tensor,
  H0?: Tensor,
  activation: Activation = 'tanh',
): { Y: Tensor; H: Tensor; HT: Tensor; cache: RNNCache } {
  const { numInputs, numHiddens, numOutputs } = configOf(p);
  const { batchSize: B, numSteps: T, n } = seqDims(X, 'RNN input X');
  if (n !== numInputs)
    throw new Error(`RNN input X must have ${numInputs} features, got shape [${X.shape.join(', ')}]`);
  const dtype = X.dtype;
  const h0 = H0 ?? Tensor.zeros([B, numHiddens], dtype);
  if (h0.shape[0] !== B || h0.shape[1] !== numHiddens)
    throw new Error(`RNN initial state must be [${B}, ${numHiddens}], got [${h0.shape.join(', ')}]`);
  const H = Tensor.zeros([B, T, numHiddens], dtype);
  const Xt = alloc(B * numInputs, dtype); // [B, numInputs]
  const Z = alloc(B * numHiddens, dtype); // [B, numHiddens]
  let Hprev = h0.data;
  for (let t = 0; t < T; t++) {
    getStep(X.data, B, T, numInputs, t, Xt);
    gemm(Xt, p.W_xh.data, Z, B, numHiddens, numInputs); //                 X_t W_xh      [B, numHiddens]
    gemm(Hprev, p.W_hh.data, Z, B, numHiddens, numHiddens, { accumulate: true }); // + H_{t-1} W_hh
    addBias(Z, p.b_h.data, B, numHiddens); //                                      + b_h
    for (let i = 0; i < Z.length; i++) Z[i] = activate(activation, Z[i]!); // H_t = f(·)
    setStep(H.data, B, T, numHiddens, t, Z);
    Hprev = Z.slice();
  }
  // Y_t = H_t W_hy + b_y for all steps at once.  [B, T, numOutputs]
  const Y = Tensor.zeros([B, T, numOutputs], dtype);
  gemm(H.data, p.W_hy.data, Y.data, B * T, numOutputs, numHiddens);
  addBias(Y.data, p.b_y.data, B * T, numOutputs);
  const HT = new Tensor([B, numHiddens], Hprev);
  return { Y, H, HT, cache: { X, H0: h0, H, activation } };
}

/** Upstream gradients for the backward pass; any may be omitted (zero). */
export interface RNNUpstream {
  dY?: Tensor; // [batchSize, numSteps, numOutputs]  ∂E/∂Y
  dH?: Tensor; // [batchSize, numSteps, numHiddens]  extra ∂E/∂H_t (a layer stacked on top)
  dHT?: Tensor; // [batchSize, numHiddens]           ∂E/∂H_T (the final state feeds something else)
}

/**
 * Backpropagation through time. With `truncate = k`, the gradient does not flow back into the state
 * that enters steps k, 2k, … — exactly what training on chunks of k steps with the state detached
 * between chunks computes (truncated BPTT); k ≥ numSteps is full BPTT.
 */
export function rnnBackward(
  p: RNNParams,
  cache: RNNCache,
  up: RNNUpstream,
  truncate?: number,
): { grads: RNNParams; dX: Tensor; dH0: Tensor } {
  const { numInputs, numHiddens, numOutputs } = configOf(p);
  const { X, H, H0, activation } = cache;
  const { batchSize: B, numSteps: T } = seqDims(X, 'RNN input X');
  checkTruncate(truncate);
  const dtype = X.dtype;
  const g: RNNParams = {
    W_xh: Tensor.zeros(p.W_xh.shape, dtype),
    W_hh: Tensor.zeros(p.W_hh.shape, dtype),
    b_h: Tensor.zeros(p.b_h.shape, dtype),
    W_hy: Tensor.zeros(p.W_hy.shape, dtype),
    b_y: Tensor.zeros(p.b_y.shape, dtype),
  };
  // Output layer over all steps: dW_hy = Hᵀ dY, db_y = Σ dY, and ∂E/∂H_t gets dY_t W_hyᵀ.
  const dHout = Tensor.zeros([B, T, numHiddens], dtype); // [B, T, numHiddens]
  if (up.dY) {
    gemm(H.data, up.dY.data, g.W_hy.data, numHiddens, numOutputs, B * T, { transA: true });
    sumRows(up.dY.data, g.b_y.data, B * T, numOutputs);
    gemm(up.dY.data, p.W_hy.data, dHout.data, B * T, numHiddens, numOutputs, { transB: true });
  }
  if (up.dH) for (let i = 0; i < dHout.size; i++) dHout.data[i]! += up.dH.data[i]!;

  const dX = Tensor.zeros(X.shape, dtype);
  const dHnext = alloc(B * numHiddens, dtype); // ∂E/∂H_t arriving from step t+1   [B, numHiddens]
  if (up.dHT) dHnext.set(up.dHT.data);
  const dA = alloc(B * numHiddens, dtype); // ∂E/∂(pre-activation) at step t
  const Ht = alloc(B * numHiddens, dtype);
  const Hprev = alloc(B * numHiddens, dtype);
  const Xt = alloc(B * numInputs, dtype);
  const dXt = alloc(B * numInputs, dtype);
  const dH0 = Tensor.zeros([B, numHiddens], dtype);
  for (let t = T - 1; t >= 0; t--) {
    getStep(dHout.data, B, T, numHiddens, t, dA);
    getStep(H.data, B, T, numHiddens, t, Ht);
    if (t > 0) getStep(H.data, B, T, numHiddens, t - 1, Hprev);
    else Hprev.set(H0.data);
    getStep(X.data, B, T, numInputs, t, Xt);
    // ∂E/∂H_t = (from the output at t) + (from step t+1); ∂E/∂A_t = ∂E/∂H_t ⊙ f'(A_t)
    for (let i = 0; i < dA.length; i++)
      dA[i] = (dA[i]! + dHnext[i]!) * derivativeFromOutput(activation, Ht[i]!);
    gemm(Xt, dA, g.W_xh.data, numInputs, numHiddens, B, { transA: true, accumulate: true }); //   dW_xh += X_tᵀ dA_t
    gemm(Hprev, dA, g.W_hh.data, numHiddens, numHiddens, B, { transA: true, accumulate: true }); // dW_hh += H_{t-1}ᵀ dA_t
    sumRows(dA, g.b_h.data, B, numHiddens); //                                                       db_h += Σ dA_t
    gemm(dA, p.W_xh.data, dXt, B, numInputs, numHiddens, { transB: true }); //                       dX_t = dA_t W_xhᵀ
    setStep(dX.data, B, T, numInputs, t, dXt);
    gemm(dA, p.W_hh.data, dHnext, B, numHiddens, numHiddens, { transB: true }); //                   ∂E/∂H_{t-1} = dA_t W_hhᵀ
    if (t === 0) dH0.data.set(dHnext);
    else if (truncate !== undefined && t % truncate === 0) dHnext.fill(0); // the state entering this chunk is detached
  }
  return { grads: g, dX, dH0 };
}
