/**
 * Our models against tfjs layers carrying the same weights: forward outputs and final states at
 * several batch sizes and sequence lengths, and gradients against `tf.variableGrads` on the tfjs
 * layer (tfjs computes in float32, so the tolerance is float32's).
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../tensor';
import { Tensor } from '../tensor';
import { initRNN, rnnBackward, rnnForward } from '../nn';
import { initLSTM, lstmBackward, lstmForward } from '../nn';
import { initGRU, gruBackward, gruForward } from '../nn';
import { initMLP, mlpForward } from '../nn';
import { Params } from '../nn';
import { RNNParams } from '../nn';
import { LSTMParams } from '../nn';
import { GRUParams } from '../nn';
import { randomTensor } from '../checks';
import { maxAbsDiff, relativeError } from '../checks';
import { Cell, recurrentModel } from '../tfjs';
import {
  fromTf,
  fromTfjsGruWeights,
  fromTfjsLstmWeights,
  toTf,
  toTfjsGruWeights,
  toTfjsLstmWeights,
  toTfjsMlpWeights,
  toTfjsRnnWeights,
} from '../tfjs';
import { useBestBackend } from '../tfjs';
import { Adagrad, Adam, Momentum, Optimizer, RMSprop, SGD } from '../nn';
import { FormulaCheck } from '../checks';

const SECTION: Record<Cell, string> = {
  rnn: '002 §1.3.2, 004 §3.1',
  lstm: '003 §3.2, 004 §3.3',
  gru: '001 §3.3',
};
const EQUATION: Record<Cell, string> = {
  rnn: 'H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h), Y_t = H_t W_hy + b_y vs tf.layers.simpleRNN + dense',
  lstm: 'C_t = F⊙C_{t−1} + I⊙C̃, H_t = O⊙tanh(C_t) vs tf.layers.lstm (σ)',
  gru: 'H_t = Z⊙H_{t−1} + (1−Z)⊙H̃ vs tf.layers.gru (σ)',
};

type Setup = { X: Tensor; states: Tensor[]; tfWeights: () => tf.Tensor[] } & (
  | { cell: 'rnn'; params: RNNParams }
  | { cell: 'lstm'; params: LSTMParams }
  | { cell: 'gru'; params: GRUParams }
);

/** Random parameters (non-zero biases), inputs and initial states for a cell, in the given dtype. */
function setup(
  cell: Cell,
  B: number,
  T: number,
  D: number,
  H: number,
  seed: number,
  dtype: 'float32' | 'float64',
): Setup {
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
  return {
    cell: 'rnn',
    params: p,
    X,
    states: [st()],
    tfWeights: () => {
      const w = toTfjsRnnWeights(p);
      tf.dispose(w.dense);
      return w.rnn;
    },
  };
}

/** Our forward: [H all steps, H_T, (C_T)]. */
function ours(s: Setup): Tensor[] {
  switch (s.cell) {
    case 'lstm': {
      const r = lstmForward(s.params, s.X, { H: s.states[0]!, C: s.states[1]! });
      return [r.H, r.HT, r.CT];
    }
    case 'gru': {
      const r = gruForward(s.params, s.X, s.states[0]);
      return [r.H, r.HT];
    }
    case 'rnn': {
      const r = rnnForward(s.params, s.X, s.states[0]);
      return [r.H, r.HT];
    }
  }
}

/** Our BPTT gradients for upstream dH (all steps) and dH_T: every parameter, and X, H0 (, C0). */
function ourGrads(s: Setup, dH: Tensor, dHT: Tensor): Params {
  switch (s.cell) {
    case 'lstm': {
      const b = lstmBackward(
        s.params,
        lstmForward(s.params, s.X, { H: s.states[0]!, C: s.states[1]! }).cache,
        { dH, dHT },
      );
      return { ...b.grads, X: b.dX, H0: b.dH0, C0: b.dC0 };
    }
    case 'gru': {
      const b = gruBackward(s.params, gruForward(s.params, s.X, s.states[0]).cache, { dH, dHT });
      return { ...b.grads, X: b.dX, H0: b.dH0 };
    }
    case 'rnn': {
      const b = rnnBackward(s.params, rnnForward(s.params, s.X, s.states[0]).cache, { dH, dHT });
      return { ...b.grads, X: b.dX, H0: b.dH0 };
    }
  }
}

/** The same setup with every tensor in float64. */
function toFloat64(s: Setup): Setup {
  const params = Object.fromEntries(Object.entries(s.params).map(([k, t]) => [k, t.clone('float64')]));
  const X = s.X.clone('float64');
  const states = s.states.map((t) => t.clone('float64'));
  switch (s.cell) {
    case 'lstm':
      return { ...s, X, states, params: params as LSTMParams };
    case 'gru':
      return { ...s, X, states, params: params as GRUParams };
    case 'rnn':
      return { ...s, X, states, params: params as RNNParams };
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
      const D = 4,
        H = 5;
      const s = setup(cell, B, T, D, H, 100 + B * 10 + T, 'float32');
      const { model, layer } = recurrentModel({ cell, numInputs: D, numHiddens: H });
      const w = s.tfWeights();
      layer.setWeights(w);
      const inputs = [toTf(s.X), ...s.states.map(toTf)];
      const outs = model.predict(inputs) as tf.Tensor[];
      let err = Math.max(...ours(s).map((t, k) => maxAbsDiff(t.data, outs[k]!.dataSync(), `output ${k}`)));
      if (s.cell === 'rnn') {
        // Y_t = H_t W_hy + b_y: a dense layer over the last axis of tfjs's hidden states.
        const { rnn, dense: dw } = toTfjsRnnWeights(s.params);
        tf.dispose(rnn);
        const dense = tf.layers.dense({ units: s.params.W_hy.shape[1]!, weights: dw });
        const Y = dense.apply(outs[0]!) as tf.Tensor;
        err = Math.max(err, maxAbsDiff(rnnForward(s.params, s.X, s.states[0]).Y.data, Y.dataSync(), 'Y'));
        tf.dispose([Y, ...dw]);
        dense.dispose();
      }
      tf.dispose([...outs, ...inputs, ...w]);
      model.layers.forEach((l) => l.dispose());
      return err;
    },
  };
}

/** Relative errors of our BPTT against tf.variableGrads, per gradient name (ours). */
type GradErrors = Map<string, number>;

/**
 * ∂E/∂(kernel, recurrentKernel, bias) and ∂E/∂(X, initial states) from tf.variableGrads on the tfjs
 * layer, with E = Σ wH ⊙ H + Σ wHT ⊙ H_T for fixed random wH, wHT; the weight gradients are mapped back
 * to our names with the same mapping functions as the weights. Our side runs in float64 on the same
 * (float32-representable) values.
 */
async function tfGradErrors(cell: Cell): Promise<GradErrors> {
  await useBestBackend({ log: false });
  const B = 3,
    T = 6,
    D = 4,
    H = 5;
  const s32 = setup(cell, B, T, D, H, 7, 'float32');
  const s64 = toFloat64(s32);
  const rng = new Rng(99);
  const wH = randomTensor([B, T, H], rng, 1, 'float64');
  const wHT = randomTensor([B, H], rng, 1, 'float64');
  const g = ourGrads(s64, wH, wHT);
  // tfjs: the layer's weights are variables already; the input and the initial states are made variables too.
  const { model, layer } = recurrentModel({ cell, numInputs: D, numHiddens: H });
  const w = s32.tfWeights();
  layer.setWeights(w);
  const inputNames = cell === 'lstm' ? ['X', 'H0', 'C0'] : ['X', 'H0'];
  const inputVars = [s32.X, ...s32.states].map((t) => tf.tidy(() => tf.variable(toTf(t))));
  const wHt = toTf(wH),
    wHTt = toTf(wHT);
  const weightVars = layer.trainableWeights.map((lw) => lw.read() as tf.Variable);
  const { value, grads } = tf.variableGrads(() => {
    const outs = layer.apply(inputVars[0]!, { initialState: inputVars.slice(1) }) as tf.Tensor[];
    return tf.add(tf.sum(tf.mul(outs[0]!, wHt)), tf.sum(tf.mul(outs[1]!, wHTt))) as tf.Scalar;
  }, [...weightVars, ...inputVars]);
  const tfWeightGrads = weightVars.map((v) => grads[v.name]!);
  const mapped: Params =
    cell === 'lstm'
      ? fromTfjsLstmWeights(tfWeightGrads, 'float64')
      : cell === 'gru'
        ? fromTfjsGruWeights(tfWeightGrads, 'float64')
        : {
            W_xh: fromTf(tfWeightGrads[0]!, 'float64'),
            W_hh: fromTf(tfWeightGrads[1]!, 'float64'),
            b_h: fromTf(tfWeightGrads[2]!, 'float64'),
          };
  inputNames.forEach((n, i) => {
    mapped[n] = fromTf(grads[inputVars[i]!.name]!, 'float64');
  });
  const errors: GradErrors = new Map(
    Object.keys(mapped).map((k) => [k, relativeError(g[k]!.data, mapped[k]!.data, k)]),
  );
  tf.dispose([value, ...Object.values(grads), ...inputVars, wHt, wHTt, ...w]);
  model.layers.forEach((l) => l.dispose());
  return errors;
}

function gradChecksVsTf(cell: Cell): FormulaCheck[] {
  let memo: Promise<GradErrors> | undefined;
  const errors = (): Promise<GradErrors> => (memo ??= tfGradErrors(cell));
  const layerName = cell === 'rnn' ? 'tf.layers.simpleRNN' : `tf.layers.${cell}`;
  const inputs = cell === 'lstm' ? ['X', 'H0', 'C0'] : ['X', 'H0'];
  const worst = async (names: (n: string) => boolean): Promise<number> => {
    const e = await errors();
    const picked = [...e].filter(([n]) => names(n));
    if (picked.length === 0) throw new Error('no gradient compared');
    return Math.max(...picked.map(([, v]) => v));
  };
  return [
    {
      name: `${cell}/grad-vs-tf-variableGrads`,
      equation: `our BPTT vs tf.variableGrads on ${layerName}, every weight (mapped back to our names)`,
      section: SECTION[cell],
      tolerance: 1e-5,
      measure: 'relative',
      run: () => worst((n) => !inputs.includes(n)),
    },
    {
      name: `${cell}/input-and-state-grads-vs-tf-variableGrads`,
      equation: `our ∂E/∂X, ∂E/∂${inputs.slice(1).join(', ∂E/∂')} vs tf.variableGrads on ${layerName} (X and initial states as variables)`,
      section: SECTION[cell],
      tolerance: 1e-5,
      measure: 'relative',
      run: () => worst((n) => inputs.includes(n)),
    },
  ];
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
    for (const [k, t] of Object.entries(p))
      if (k.startsWith('b')) p[k] = randomTensor(t.shape, rng, 0.5, 'float32');
    const X = randomTensor([7, 6], rng, 1, 'float32');
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ units: 5, activation: 'relu', inputShape: [6] }),
        tf.layers.dense({ units: 4, activation: 'relu' }),
        tf.layers.dense({ units: 3 }),
      ],
    });
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

/**
 * Three steps of one of our optimizers against the tf.train optimizer with the same settings, on a
 * parameter vector with fixed gradients (tfjs in float32). tfjs's momentum keeps a = μa + g and steps
 * θ ← θ − ηa, ours keeps v = μv − ηg and steps θ ← θ + v: v = −ηa, the same iterates. tfjs's Adagrad
 * starts its accumulator at 0.1 and adds its backend ε (1e-7) inside the root, which moves θ by < 1e-7 here.
 */
function optimizerVsTf(
  name: string,
  equation: string,
  ours: () => Optimizer,
  theirs: () => tf.Optimizer,
): FormulaCheck {
  return {
    name: `optimizer/${name}-vs-tf.train`,
    equation: `${equation}, three steps, vs tf.train.${name}`,
    section: '000 §3.5, 002 §1.3.3',
    tolerance: 1e-6,
    run: async () => {
      await useBestBackend({ log: false });
      const theta0 = [0.5, -1.5, 2, 0.1];
      const gradients = [
        [0.2, -0.4, 1.5, 0.05],
        [-0.1, 0.3, 1.2, -0.02],
        [0.3, 0.1, -0.8, 0.04],
      ];
      const p: Params = { W: Tensor.from(theta0, 'float64') };
      const o = ours();
      for (const g of gradients) o.step(p, { W: Tensor.from(g, 'float64') });
      const init = tf.tensor1d(theta0);
      const v = tf.variable(init);
      init.dispose();
      const opt = theirs();
      for (const g of gradients) {
        const gt = tf.tensor1d(g);
        opt.applyGradients({ [v.name]: gt });
        gt.dispose();
      }
      const err = maxAbsDiff(p.W!.data, v.dataSync());
      opt.dispose();
      // tfjs 4.22: MomentumOptimizer.dispose() forgets the −η scalar `c` it inherits from SGDOptimizer.
      if (name === 'momentum') (opt as unknown as { c: tf.Tensor }).c.dispose();
      v.dispose();
      return err;
    },
  };
}

const optimizerChecks: FormulaCheck[] = [
  optimizerVsTf(
    'sgd',
    'θ ← θ − ηg',
    () => new SGD(0.1),
    () => tf.train.sgd(0.1),
  ),
  optimizerVsTf(
    'momentum',
    'v ← μv − ηg; θ ← θ + v',
    () => new Momentum(0.1, 0.9),
    () => tf.train.momentum(0.1, 0.9),
  ),
  optimizerVsTf(
    'adagrad',
    's ← s + g² (s₀ = 0.1); θ ← θ − ηg/√s',
    () => new Adagrad(0.1, 0, 0.1),
    () => tf.train.adagrad(0.1, 0.1),
  ),
  optimizerVsTf(
    'rmsprop',
    's ← ρs + (1−ρ)g²; θ ← θ − ηg/√s',
    () => new RMSprop(0.01, 0.9, 0),
    () => tf.train.rmsprop(0.01, 0.9, 0, 0),
  ),
  // β's exact in float32: tfjs forms (1 − β) in float64 for the moments but (1 − βᵗ) in float32 for the bias
  // correction, so with β₂ = 0.999 the two disagree by 1.3e-5 and its first step is 6.6e-6 (relative) short of η.
  optimizerVsTf(
    'adam',
    'm̂, v̂ bias-corrected moments; θ ← θ − η m̂/(√v̂ + ε)',
    () => new Adam(0.1, 0.875, 1 - 2 ** -9, 1e-8),
    () => tf.train.adam(0.1, 0.875, 1 - 2 ** -9, 1e-8),
  ),
];

export const tfjsChecks: FormulaCheck[] = [
  ...(['rnn', 'lstm', 'gru'] as const).flatMap((cell) => [
    forwardCheck(cell, 1, 1),
    forwardCheck(cell, 2, 5),
    forwardCheck(cell, 4, 12),
  ]),
  mlpVsTf,
  ...(['rnn', 'lstm', 'gru'] as const).flatMap(gradChecksVsTf),
  ...optimizerChecks,
];
