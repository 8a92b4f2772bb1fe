/**
 * One mapping per model between our parameters (src/nn) and the weights of the tfjs layer that
 * computes the same thing. The recurrent layouts and gate orders are written down once, in
 * src/engine/layout.ts (`GATE_ORDER`, `fuseGates`, `splitGates`); dense is kernel [inputDim, units],
 * bias [units]. Our weights already multiply row vectors on the right, so a mapping only concatenates
 * gate blocks.
 */
import * as tf from '@tensorflow/tfjs';
import { Tensor } from '../tensor';
import { GATE_ORDER, fuseGates, splitGates } from '../engine';
import { RNNParams } from '../nn';
import { LSTMParams } from '../nn';
import { GRUParams } from '../nn';
import { Params } from '../nn';

/** tfjs's (and the engine's) gate orders, from src/engine/layout.ts. */
export const TFJS_LSTM_ORDER = GATE_ORDER.lstm;
export const TFJS_GRU_ORDER = GATE_ORDER.gru;

/** float32 tf.Tensor from ours (tfjs computes in float32). */
export function toTf(t: Tensor): tf.Tensor {
  return tf.tensor(Float32Array.from(t.data), t.shape);
}

/** Ours from a tf.Tensor, in the dtype asked for. */
export function fromTf(t: tf.Tensor, dtype: 'float32' | 'float64' = 'float32'): Tensor {
  const data = t.dataSync();
  return new Tensor(t.shape, dtype === 'float64' ? Float64Array.from(data) : Float32Array.from(data));
}

/** simpleRNN weights [kernel, recurrentKernel, bias] and the output dense layer's [kernel, bias]. */
export function toTfjsRnnWeights(p: RNNParams): { rnn: tf.Tensor[]; dense: tf.Tensor[] } {
  return { rnn: [toTf(p.W_xh), toTf(p.W_hh), toTf(p.b_h)], dense: [toTf(p.W_hy), toTf(p.b_y)] };
}

export function fromTfjsRnnWeights(
  rnn: tf.Tensor[],
  dense: tf.Tensor[],
  dtype: 'float32' | 'float64' = 'float32',
): RNNParams {
  const [k, rk, b] = rnn.map((t) => fromTf(t, dtype)) as [Tensor, Tensor, Tensor];
  const [W_hy, b_y] = dense.map((t) => fromTf(t, dtype)) as [Tensor, Tensor];
  return { W_xh: k, W_hh: rk, b_h: b, W_hy, b_y };
}

/** A gated cell's weights as [kernel, recurrentKernel, bias], gate blocks side by side (layout.ts). */
function toGated(p: Params, cell: 'lstm' | 'gru'): tf.Tensor[] {
  const w = fuseGates(cell, p);
  return [toTf(w.kernel), toTf(w.recurrentKernel), toTf(w.bias)];
}

/** The inverse of {@link toGated}: named W_x·, W_h·, b_· per gate. */
function fromGated(w: tf.Tensor[], cell: 'lstm' | 'gru', dtype: 'float32' | 'float64'): Params {
  const [kernel, recurrentKernel, bias] = w.map((t) => fromTf(t, dtype)) as [Tensor, Tensor, Tensor];
  return splitGates(cell, { kernel, recurrentKernel, bias });
}

/** lstm weights [kernel, recurrentKernel, bias] in tfjs's gate order i, f, c, o. */
export function toTfjsLstmWeights(p: LSTMParams): tf.Tensor[] {
  return toGated(p, 'lstm');
}

export function fromTfjsLstmWeights(w: tf.Tensor[], dtype: 'float32' | 'float64' = 'float32'): LSTMParams {
  return fromGated(w, 'lstm', dtype) as LSTMParams;
}

/** gru weights [kernel, recurrentKernel, bias] in tfjs's gate order z, r, h. */
export function toTfjsGruWeights(p: GRUParams): tf.Tensor[] {
  return toGated(p, 'gru');
}

export function fromTfjsGruWeights(w: tf.Tensor[], dtype: 'float32' | 'float64' = 'float32'): GRUParams {
  return fromGated(w, 'gru', dtype) as GRUParams;
}

/** MLP weights W1, b1, W2, b2, … as the kernels and biases of consecutive dense layers. */
export function toTfjsMlpWeights(p: Record<string, Tensor>): tf.Tensor[] {
  const out: tf.Tensor[] = [];
  for (let l = 1; p[`W${l}`]; l++) out.push(toTf(p[`W${l}`]!), toTf(p[`b${l}`]!));
  return out;
}

export function fromTfjsMlpWeights(
  w: tf.Tensor[],
  dtype: 'float32' | 'float64' = 'float32',
): Record<string, Tensor> {
  const p: Record<string, Tensor> = {};
  for (let i = 0; i < w.length; i += 2) {
    p[`W${i / 2 + 1}`] = fromTf(w[i]!, dtype);
    p[`b${i / 2 + 1}`] = fromTf(w[i + 1]!, dtype);
  }
  return p;
}
