/**
 * Truncated backpropagation through time (004 §3.2's ∂E/∂θ = Σ_t ∂E_t/∂θ, with the flow back in time
 * cut every k steps), for each recurrent model, against two independent computations:
 *   - k ≥ numSteps truncates nothing, so every gradient equals full BPTT's;
 *   - truncating at k equals what a training loop computes when it runs chunks of k steps, carrying the
 *     state forward as a constant (detached): the parameter gradients of the chunks summed, the input
 *     gradients of each chunk in place, and the initial-state gradient from the first chunk alone.
 */
import { Rng } from '../tensor';
import { Tensor } from '../tensor';
import { Params } from '../nn';
import { initRNN, rnnBackward, rnnForward } from '../nn';
import { initLSTM, lstmBackward, lstmForward } from '../nn';
import { initGRU, gruBackward, gruForward } from '../nn';
import { randomTensor } from '../checks';
import { maxAbsDiff } from '../checks';
import { FormulaCheck } from '../checks';

type Cell = 'rnn' | 'lstm' | 'gru';

/** Gradients of one forward/backward over a sequence, and its final state(s). */
interface Pass {
  grads: Params;
  dX: Tensor;
  dState: Tensor[];
  final: Tensor[];
}

/** A model reduced to "run X from these states with upstream dH over every step". */
interface Model {
  run(X: Tensor, state: Tensor[], dH: Tensor, truncate?: number): Pass;
}

const SIZES = { B: 2, T: 7, D: 3, H: 4 };

function model(cell: Cell, rng: Rng): { m: Model; numStates: number } {
  const { D, H } = SIZES;
  if (cell === 'rnn') {
    const p = initRNN({ numInputs: D, numHiddens: H, numOutputs: 2 }, rng, 'float64');
    p.b_h = randomTensor([H], rng, 0.5);
    return {
      numStates: 1,
      m: {
        run: (X, [H0], dH, k) => {
          const f = rnnForward(p, X, H0);
          const b = rnnBackward(p, f.cache, { dH }, k);
          return { grads: b.grads, dX: b.dX, dState: [b.dH0], final: [f.HT] };
        },
      },
    };
  }
  if (cell === 'lstm') {
    const p = initLSTM(D, H, rng, 'float64');
    for (const g of ['i', 'f', 'o', 'c']) p[`b_${g}`] = randomTensor([H], rng, 0.5);
    return {
      numStates: 2,
      m: {
        run: (X, [H0, C0], dH, k) => {
          const f = lstmForward(p, X, { H: H0!, C: C0! });
          const b = lstmBackward(p, f.cache, { dH }, k);
          return { grads: b.grads, dX: b.dX, dState: [b.dH0, b.dC0], final: [f.HT, f.CT] };
        },
      },
    };
  }
  const p = initGRU(D, H, rng, 'float64');
  for (const g of ['z', 'r', 'h']) p[`b_${g}`] = randomTensor([H], rng, 0.5);
  return {
    numStates: 1,
    m: {
      run: (X, [H0], dH, k) => {
        const f = gruForward(p, X, H0);
        const b = gruBackward(p, f.cache, { dH }, k);
        return { grads: b.grads, dX: b.dX, dState: [b.dH0], final: [f.HT] };
      },
    },
  };
}

/** Steps [from, to) of a batch-major sequence [B, T, n]. */
function steps(X: Tensor, from: number, to: number): Tensor {
  const [B, T, n] = X.shape as [number, number, number];
  const out = Tensor.zeros([B, to - from, n], X.dtype);
  for (let b = 0; b < B; b++)
    out.data.set(X.data.subarray((b * T + from) * n, (b * T + to) * n), b * (to - from) * n);
  return out;
}

/** Writes a chunk [B, to − from, n] back into steps [from, to) of Y [B, T, n]. */
function putSteps(Y: Tensor, from: number, chunk: Tensor): void {
  const [B, T, n] = Y.shape as [number, number, number];
  const len = chunk.shape[1]!;
  for (let b = 0; b < B; b++)
    Y.data.set(chunk.data.subarray(b * len * n, (b + 1) * len * n), (b * T + from) * n);
}

/** The largest difference between two passes' gradients (parameters, inputs, initial states). */
function passDiff(a: Pass, b: Pass): number {
  const errors = Object.keys(a.grads).map((k) => maxAbsDiff(a.grads[k]!.data, b.grads[k]!.data, k));
  errors.push(
    maxAbsDiff(a.dX.data, b.dX.data, 'dX'),
    ...a.dState.map((s, i) => maxAbsDiff(s.data, b.dState[i]!.data, `dState${i}`)),
  );
  return Math.max(...errors);
}

function setup(cell: Cell, seed: number): { m: Model; X: Tensor; state: Tensor[]; dH: Tensor } {
  const rng = new Rng(seed);
  const { m, numStates } = model(cell, rng);
  const { B, T, D, H } = SIZES;
  const X = randomTensor([B, T, D], rng);
  const state = Array.from({ length: numStates }, () => randomTensor([B, H], rng, 0.5));
  const dH = randomTensor([B, T, H], rng);
  return { m, X, state, dH };
}

function fullEqualsLongTruncation(cell: Cell): FormulaCheck {
  return {
    name: `${cell}/truncated-bptt-k-ge-T-equals-full`,
    equation: 'truncating at k = numSteps or k > numSteps changes no gradient (parameters, X, initial state)',
    section: '004 §3.2',
    tolerance: 1e-14,
    run: () => {
      const { m, X, state, dH } = setup(cell, 5);
      const full = m.run(X, state, dH);
      return Math.max(
        passDiff(full, m.run(X, state, dH, SIZES.T)),
        passDiff(full, m.run(X, state, dH, SIZES.T + 3)),
      );
    },
  };
}

function truncationEqualsChunks(cell: Cell, k: number): FormulaCheck {
  return {
    name: `${cell}/truncated-bptt-equals-detached-chunks${k === 2 ? '' : `-k${k}`}`,
    equation: `BPTT truncated at k = ${k} over ${SIZES.T} steps = chunks of ${k} steps, state carried forward but detached, gradients summed`,
    section: '004 §3.2',
    tolerance: 1e-12,
    run: () => {
      const { m, X, state, dH } = setup(cell, 6 + k);
      const trunc = m.run(X, state, dH, k);
      const sum: Pass = {
        grads: Object.fromEntries(
          Object.entries(trunc.grads).map(([n, t]) => [n, Tensor.zeros(t.shape, 'float64')]),
        ),
        dX: Tensor.zeros(X.shape, 'float64'),
        dState: [],
        final: [],
      };
      let carried = state;
      for (let from = 0; from < SIZES.T; from += k) {
        const to = Math.min(SIZES.T, from + k);
        const c = m.run(steps(X, from, to), carried, steps(dH, from, to));
        for (const n of Object.keys(sum.grads))
          for (let i = 0; i < sum.grads[n]!.size; i++) sum.grads[n]!.data[i]! += c.grads[n]!.data[i]!;
        putSteps(sum.dX, from, c.dX);
        if (from === 0) sum.dState = c.dState;
        carried = c.final; // the next chunk starts from this state, as a constant
      }
      return passDiff(trunc, sum);
    },
  };
}

const CELLS: Cell[] = ['rnn', 'lstm', 'gru'];

export const bpttChecks: FormulaCheck[] = CELLS.flatMap((cell) => [
  fullEqualsLongTruncation(cell),
  truncationEqualsChunks(cell, 2),
  truncationEqualsChunks(cell, 3),
]);
