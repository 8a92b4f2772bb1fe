/**
 * Gradient-check cases for every model of src/nn: random float64 parameters, inputs and initial
 * states, a scalar loss that uses every output (a fixed random linear functional of all hidden
 * states, the final states and the outputs, so every backward term is exercised), and the analytic
 * gradients from the model's backward pass. The checks registry and the unit tests both use them.
 */
import { Rng } from '../tensor';
import { Tensor } from '../tensor';
import { Activation } from '../nn';
import { rnnBackward, rnnForward, initRNN } from '../nn';
import { initLSTM, lstmBackward, lstmForward } from '../nn';
import { gruBackward, gruForward, initGRU } from '../nn';
import { MLPParams, initMLP, mlpBackward, mlpForward } from '../nn';
import { softmaxCrossEntropy } from '../nn';

/** A tensor of N(0, scale²) values. */
export function randomTensor(
  shape: readonly number[],
  rng: Rng,
  scale = 1,
  dtype: 'float32' | 'float64' = 'float64',
): Tensor {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal(0, scale);
  return t;
}

/** Σ_i a_i w_i — the linear functional a random upstream gradient `w` defines. */
export function dot(a: Tensor, w: Tensor): number {
  let s = 0;
  for (let i = 0; i < a.size; i++) s += a.data[i]! * w.data[i]!;
  return s;
}

/** A gradient-check case: the tensors to differentiate, the loss, and the analytic gradients. */
export interface GradCase {
  inputs: Record<string, Tensor>;
  loss(): number;
  analytic(): Record<string, Tensor>;
}

/** Sizes of a recurrent case. */
export interface SeqSizes {
  batchSize: number;
  numSteps: number;
  numInputs: number;
  numHiddens: number;
}
const DEFAULT: SeqSizes = { batchSize: 2, numSteps: 4, numInputs: 3, numHiddens: 4 };

export function rnnCase(
  seed = 1,
  s: SeqSizes = DEFAULT,
  o: { numOutputs?: number; activation?: Activation; truncate?: number } = {},
): GradCase {
  const rng = new Rng(seed);
  const numOutputs = o.numOutputs ?? 2;
  const p = initRNN({ numInputs: s.numInputs, numHiddens: s.numHiddens, numOutputs }, rng, 'float64');
  p.b_h = randomTensor(p.b_h.shape, rng, 0.5);
  p.b_y = randomTensor(p.b_y.shape, rng, 0.5);
  const X = randomTensor([s.batchSize, s.numSteps, s.numInputs], rng);
  const H0 = randomTensor([s.batchSize, s.numHiddens], rng, 0.5);
  const wY = randomTensor([s.batchSize, s.numSteps, numOutputs], rng);
  const wH = randomTensor([s.batchSize, s.numSteps, s.numHiddens], rng);
  const wT = randomTensor([s.batchSize, s.numHiddens], rng);
  const act = o.activation ?? 'tanh';
  const inputs = { ...p, X, H0 };
  return {
    inputs,
    loss: () => {
      const r = rnnForward(p, X, H0, act);
      return dot(r.Y, wY) + dot(r.H, wH) + dot(r.HT, wT);
    },
    analytic: () => {
      const r = rnnForward(p, X, H0, act);
      const b = rnnBackward(p, r.cache, { dY: wY, dH: wH, dHT: wT }, o.truncate);
      return { ...b.grads, X: b.dX, H0: b.dH0 };
    },
  };
}

export function lstmCase(seed = 2, s: SeqSizes = DEFAULT): GradCase {
  const rng = new Rng(seed);
  const p = initLSTM(s.numInputs, s.numHiddens, rng, 'float64');
  for (const g of ['i', 'f', 'o', 'c']) p[`b_${g}`] = randomTensor([s.numHiddens], rng, 0.5);
  const X = randomTensor([s.batchSize, s.numSteps, s.numInputs], rng);
  const H0 = randomTensor([s.batchSize, s.numHiddens], rng, 0.5);
  const C0 = randomTensor([s.batchSize, s.numHiddens], rng, 0.5);
  const wH = randomTensor([s.batchSize, s.numSteps, s.numHiddens], rng);
  const wHT = randomTensor([s.batchSize, s.numHiddens], rng);
  const wCT = randomTensor([s.batchSize, s.numHiddens], rng);
  return {
    inputs: { ...p, X, H0, C0 },
    loss: () => {
      const r = lstmForward(p, X, { H: H0, C: C0 });
      return dot(r.H, wH) + dot(r.HT, wHT) + dot(r.CT, wCT);
    },
    analytic: () => {
      const r = lstmForward(p, X, { H: H0, C: C0 });
      const b = lstmBackward(p, r.cache, { dH: wH, dHT: wHT, dCT: wCT });
      return { ...b.grads, X: b.dX, H0: b.dH0, C0: b.dC0 };
    },
  };
}

export function gruCase(seed = 3, s: SeqSizes = DEFAULT): GradCase {
  const rng = new Rng(seed);
  const p = initGRU(s.numInputs, s.numHiddens, rng, 'float64');
  for (const g of ['z', 'r', 'h']) p[`b_${g}`] = randomTensor([s.numHiddens], rng, 0.5);
  const X = randomTensor([s.batchSize, s.numSteps, s.numInputs], rng);
  const H0 = randomTensor([s.batchSize, s.numHiddens], rng, 0.5);
  const wH = randomTensor([s.batchSize, s.numSteps, s.numHiddens], rng);
  const wHT = randomTensor([s.batchSize, s.numHiddens], rng);
  return {
    inputs: { ...p, X, H0 },
    loss: () => {
      const r = gruForward(p, X, H0);
      return dot(r.H, wH) + dot(r.HT, wHT);
    },
    analytic: () => {
      const r = gruForward(p, X, H0);
      const b = gruBackward(p, r.cache, { dH: wH, dHT: wHT });
      return { ...b.grads, X: b.dX, H0: b.dH0 };
    },
  };
}

/** An MLP [numInputs → hidden… → numClasses] with softmax cross-entropy on random labels. */
export function mlpCase(
  seed = 4,
  sizes: number[] = [5, 4, 3, 3],
  batchSize = 6,
  hidden: Activation = 'tanh',
): GradCase {
  const rng = new Rng(seed);
  const p: MLPParams = initMLP(sizes, rng, 'float64');
  for (const [k, t] of Object.entries(p)) if (k.startsWith('b')) p[k] = randomTensor(t.shape, rng, 0.5);
  const X = randomTensor([batchSize, sizes[0]!], rng);
  const numClasses = sizes[sizes.length - 1]!;
  const y = Array.from({ length: batchSize }, () => rng.int(numClasses));
  const loss = (): number =>
    softmaxCrossEntropy(mlpForward(p, X, hidden).logits.data, y, batchSize, numClasses).loss;
  return {
    inputs: { ...p, X },
    loss,
    analytic: () => {
      const f = mlpForward(p, X, hidden);
      const { grad } = softmaxCrossEntropy(f.logits.data, y, batchSize, numClasses);
      const b = mlpBackward(p, f.cache, new Tensor(f.logits.shape, grad));
      return { ...b.grads, X: b.dX };
    },
  };
}
