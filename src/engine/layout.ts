/**
 * The weight layout shared by the engine, tfjs and src/nn, written down once (tfjs-layers
 * `recurrent.ts`; the engine's fused kernels use the same):
 *
 *   simpleRNN  kernel [inputDim, u],  recurrent_kernel [u, u],  bias [u]
 *   lstm       kernel [inputDim, 4u], recurrent_kernel [u, 4u], bias [4u], gates in the order i, f, c, o
 *   gru        kernel [inputDim, 3u], recurrent_kernel [u, 3u], bias [3u], gates in the order z, r, h,
 *              with h = z ⊙ h₋₁ + (1 − z) ⊙ h̃ and the reset gate applied before the recurrent product
 *
 * src/nn names each gate's blocks W_x·, W_h·, b_· (W_xi, W_hi, b_i, …; the plain RNN's W_xh, W_hh, b_h).
 * Both multiply row vectors on the right, so the mapping only places gate blocks side by side:
 *   kernel = [W_xi | W_xf | W_xc | W_xo]   (and so on for the others).
 */
import { concatCols, splitCols } from '../tensor';
import { Tensor } from '../tensor';
import type { CellType } from './recurrent';

/** Gate names (src/nn's letters) in the column order of the fused weights. */
export const GATE_ORDER = {
  rnn: ['h'],
  gru: ['z', 'r', 'h'],
  lstm: ['i', 'f', 'c', 'o'],
} as const satisfies Record<CellType, readonly string[]>;

/** A weight by name: its shape and values (row-major). Names and layouts are tfjs's. */
export interface NamedWeight {
  shape: number[];
  data: Float32Array;
}

/** The three fused weights of a recurrent layer. */
export interface FusedWeights<T> {
  /** [inputDim, gates·u] */
  kernel: T;
  /** [u, gates·u] */
  recurrentKernel: T;
  /** [gates·u] */
  bias: T;
}

/** src/nn's per-gate blocks (W_x·, W_h·, b_·) → the fused kernel, recurrent kernel and bias. */
export function fuseGates(cell: CellType, p: Readonly<Record<string, Tensor>>): FusedWeights<Tensor> {
  const block = (name: string): Tensor => {
    const t = p[name];
    if (t === undefined) {
      throw new Error(`fuseGates(${cell}): no weight '${name}' among ${Object.keys(p).join(', ')}`);
    }
    return t;
  };
  const gates = GATE_ORDER[cell];
  return {
    kernel: concatCols(gates.map((g) => block(`W_x${g}`))),
    recurrentKernel: concatCols(gates.map((g) => block(`W_h${g}`))),
    bias: concatCols(gates.map((g) => block(`b_${g}`))),
  };
}

/** The inverse of {@link fuseGates}: fused weights → src/nn's blocks W_x·, W_h·, b_· per gate. */
export function splitGates(cell: CellType, w: FusedWeights<Tensor>): Record<string, Tensor> {
  const gates = GATE_ORDER[cell];
  const k = splitCols(w.kernel, gates.length),
    rk = splitCols(w.recurrentKernel, gates.length);
  const b = splitCols(w.bias, gates.length);
  const p: Record<string, Tensor> = {};
  gates.forEach((g, i) => {
    p[`W_x${g}`] = k[i]!;
    p[`W_h${g}`] = rk[i]!;
    p[`b_${g}`] = b[i]!;
  });
  return p;
}
