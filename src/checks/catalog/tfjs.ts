/**
 * Our models against tfjs layers carrying the same weights: forward outputs and final states at
 * several batch sizes and sequence lengths, and gradients against `tf.variableGrads` on the tfjs
 * layer (tfjs computes in float32, so the tolerance is float32's).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../tensor/rng';
import { Tensor } from '../../tensor/tensor';
import { initRNN, rnnBackward, rnnForward } from '../../nn/rnn';
import { initLSTM, lstmBackward, lstmForward } from '../../nn/lstm';
import { initGRU, gruBackward, gruForward } from '../../nn/gru';
import { initMLP, mlpForward } from '../../nn/mlp';
import { Params } from '../../nn/params';
import { RNNParams } from '../../nn/rnn';
import { LSTMParams } from '../../nn/lstm';
import { GRUParams } from '../../nn/gru';
import { randomTensor } from '../cases';
import { maxAbsDiff, relativeError } from '../close';
import { Cell, recurrentModel } from '../../tfjs/models';
import { fromTfjsGruWeights, fromTfjsLstmWeights, toTf, toTfjsGruWeights, toTfjsLstmWeights, toTfjsMlpWeights, toTfjsRnnWeights } from '../../tfjs/weights';
import { useBestBackend } from '../../tfjs/backend';
import { FormulaCheck } from '../registry';

const SECTION: Record<Cell, string> = { rnn: '002 §1.3.2, 004 §3.1', lstm: '003 §3.2, 004 §3.3', gru: '001 §3.3' };
const EQUATION: Record<Cell, string> = {
  rnn: 'H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h) vs tf.layers.simpleRNN',
  lstm: 'C_t = F⊙C_{t−1} + I⊙C̃, H_t = O⊙tanh(C_t) vs tf.layers.lstm (σ)',
  gru: 'H_t = Z⊙H_{t−1} + (1−Z)⊙H̃ vs tf.layers.gru (σ)',
};

type Setup = { X: Tensor; states: Tensor[]; tfWeights: () => tf.Tensor[] } & (
  { cell: 'rnn'; params: RNNParams } | { cell: 'lstm'; params: LSTMParams } | { cell: 'gru'; params: GRUParams });

/** Random parameters (non-zero biases), inputs and initial states for a cell, in the given dtype. */
function setup(cell: Cell, B: number, T: number, D: number, H: number, seed: number, dtype: 'float32' | 'float64'): Setup {
  const rng = new Rng(seed);
  const X = randomTensor([B, T, D], rng, 1, dtype);
  const st = (): Tensor => randomTensor([B, H], rng, 0.5, dtype);
  if (cell === 'lstm') {
    const p = initLSTM(D, H, rng, dtype);
    for (const g of ['i', 'f', 'o', 'c']) p[`b_${g}`] = randomTensor([H], rng, 0.5, dtype);
    return { cell, params: p, X, states: [st(), st()], tfWeights: () => toTfjsLstmWeights(p) };
  }
  if (cell === 'gru') {
    const p = initGRU(D, H, rng, dtype);
    for (const g of ['z', 'r', 'h']) p[`b_${g}`] = randomTensor([H], rng, 0.5, dtype);
    return { cell, params: p, X, states: [st()], tfWeights: () => toTfjsGruWeights(p) };
  }
  const p = initRNN({ numInputs: D, numHiddens: H, numOutputs: 2 }, rng, dtype);
  p.b_h = randomTensor([H], rng, 0.5, dtype);
  return { cell: 'rnn', params: p, X, states: [st()], tfWeights: () => toTfjsRnnWeights(p).rnn };
}

/** Our forward: [H all steps, H_T, (C_T)]. */
function ours(s: Setup): Tensor[] {
  switch (s.cell) {
    case 'lstm': { const r = lstmForward(s.params, s.X, { H: s.states[0]!, C: s.states[1]! }); return [r.H, r.HT, r.CT]; }
    case 'gru': { const r = gruForward(s.params, s.X, s.states[0]); return [r.H, r.HT]; }
    case 'rnn': { const r = rnnForward(s.params, s.X, s.states[0]); return [r.H, r.HT]; }
  }
}

/** Our BPTT gradients for upstream dH (all steps) and dH_T. */
function ourGrads(s: Setup, dH: Tensor, dHT: Tensor): Params {
  switch (s.cell) {
    case 'lstm': return lstmBackward(s.params, lstmForward(s.params, s.X, { H: s.states[0]!, C: s.states[1]! }).cache, { dH, dHT }).grads;
    case 'gru': return gruBackward(s.params, gruForward(s.params, s.X, s.states[0]).cache, { dH, dHT }).grads;
    case 'rnn': return rnnBackward(s.params, rnnForward(s.params, s.X, s.states[0]).cache, { dH, dHT }).grads;
  }
}

/** The same setup with every tensor in float64. */
function toFloat64(s: Setup): Setup {
  const params = Object.fromEntries(Object.entries(s.params).map(([k, t]) => [k, t.clone('float64')]));
  const X = s.X.clone('float64');
  const states = s.states.map((t) => t.clone('float64'));
  switch (s.cell) {
    case 'lstm': return { ...s, X, states, params: params as LSTMParams };
    case 'gru': return { ...s, X, states, params: params as GRUParams };
    case 'rnn': return { ...s, X, states, params: params as RNNParams };
  }
}

function forwardCheck(cell: Cell, B: number, T: number): FormulaCheck {
  return {
    name: `${cell}/forward-vs-tfjs-B${B}-T${T}`,
    equation: `${EQUATION[cell]}; outputs and final states, batch ${B}, ${T} steps`,
    section: SECTION[cell],
    tolerance: 1e-5,
    run: async () => {
      await useBestBackend({ log: false });
      const D = 4, H = 5;
      const s = setup(cell, B, T, D, H, 100 + B * 10 + T, 'float32');
      const { model, layer } = recurrentModel({ cell, numInputs: D, numHiddens: H });
      const w = s.tfWeights();
      layer.setWeights(w);
      const inputs = [toTf(s.X), ...s.states.map(toTf)];
      const outs = model.predict(inputs) as tf.Tensor[];
      const err = Math.max(...ours(s).map((t, k) => maxAbsDiff(t.data, outs[k]!.dataSync(), `output ${k}`)));
      tf.dispose([...outs, ...inputs, ...w]);
      model.layers.forEach((l) => l.dispose());
      return err;
    },
  };
}

/** ∂E/∂(kernel, recurrentKernel, bias) from tf.variableGrads, mapped back to our names, vs our BPTT. */
function gradCheckVsTf(cell: Cell): FormulaCheck {
  return {
    name: `${cell}/grad-vs-tf-variableGrads`,
    equation: `our BPTT vs tf.variableGrads on ${cell === 'rnn' ? 'tf.layers.simpleRNN' : `tf.layers.${cell}`}, all weights`,
    section: SECTION[cell],
    tolerance: 1e-5,
    measure: 'relative',
    run: async () => {
      await useBestBackend({ log: false });
      const B = 3, T = 6, D = 4, H = 5;
      // The same values in float32 (for tfjs) and float64 (for our analytic gradient).
      const s32 = setup(cell, B, T, D, H, 7, 'float32');
      const s64 = toFloat64(s32);
      const rng = new Rng(99);
      const wH = randomTensor([B, T, H], rng, 1, 'float64');
      const wHT = randomTensor([B, H], rng, 1, 'float64');
      const g = ourGrads(s64, wH, wHT);
      // tfjs.
      const { model, layer } = recurrentModel({ cell, numInputs: D, numHiddens: H });
      const w = s32.tfWeights();
      layer.setWeights(w);
      const inputs = [toTf(s32.X), ...s32.states.map(toTf)];
      const wHt = toTf(wH), wHTt = toTf(wHT);
      const vars = layer.trainableWeights.map((lw) => lw.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(() => {
        const outs = layer.apply(inputs[0]!, { initialState: inputs.slice(1) }) as tf.Tensor[];
        return tf.add(tf.sum(tf.mul(outs[0]!, wHt)), tf.sum(tf.mul(outs[1]!, wHTt))) as tf.Scalar;
      }, vars);
      const tfGrads = vars.map((v) => grads[v.name]!);
      const mapped: Params = cell === 'lstm' ? fromTfjsLstmWeights(tfGrads, 'float64') : cell === 'gru' ? fromTfjsGruWeights(tfGrads, 'float64')
        : { W_xh: new Tensor(tfGrads[0]!.shape, Float64Array.from(tfGrads[0]!.dataSync())), W_hh: new Tensor(tfGrads[1]!.shape, Float64Array.from(tfGrads[1]!.dataSync())), b_h: new Tensor(tfGrads[2]!.shape, Float64Array.from(tfGrads[2]!.dataSync())) };
      const err = Math.max(...Object.keys(mapped).map((k) => relativeError(g[k]!.data, mapped[k]!.data, k)));
      tf.dispose([value, ...Object.values(grads), ...inputs, wHt, wHTt, ...w]);
      model.layers.forEach((l) => l.dispose());
      return err;
    },
  };
}

const mlpVsTf: FormulaCheck = {
  name: 'mlp/forward-vs-tfjs-dense',
  equation: 'A^(l) = relu(A^(l−1) W^(l) + b^(l)) vs tf.layers.dense stack',
  section: '000 §3.5.1, §4.1',
  tolerance: 1e-5,
  run: async () => {
    await useBestBackend({ log: false });
    const rng = new Rng(11);
    const sizes = [6, 5, 4, 3];
    const p = initMLP(sizes, rng);
    for (const [k, t] of Object.entries(p)) if (k.startsWith('b')) p[k] = randomTensor(t.shape, rng, 0.5, 'float32');
    const X = randomTensor([7, 6], rng, 1, 'float32');
    const model = tf.sequential({ layers: [
      tf.layers.dense({ units: 5, activation: 'relu', inputShape: [6] }),
      tf.layers.dense({ units: 4, activation: 'relu' }),
      tf.layers.dense({ units: 3 }),
    ] });
    const w = toTfjsMlpWeights(p);
    model.setWeights(w);
    const xt = toTf(X);
    const out = model.predict(xt) as tf.Tensor;
    const err = maxAbsDiff(mlpForward(p, X, 'relu').logits.data, out.dataSync());
    tf.dispose([out, xt, ...w]);
    model.dispose();
    return err;
  },
};

export const tfjsChecks: FormulaCheck[] = [
  ...(['rnn', 'lstm', 'gru'] as const).flatMap((cell) => [forwardCheck(cell, 1, 1), forwardCheck(cell, 2, 5), forwardCheck(cell, 4, 12)]),
  mlpVsTf,
  ...(['rnn', 'lstm', 'gru'] as const).map(gradCheckVsTf),
];
