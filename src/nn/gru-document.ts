/**
 * 001 §3.3's GRU, evaluated exactly as printed (column vectors, its names):
 *
 *   z_t = σ(W_zz h_{t-1} + W_xz x_t + b_z)
 *   r_t = σ(W_rr h_{t-1} + W_rx x_t + b_r)
 *   h_t = (1 − z_t) h_{t-1} + z_t tanh(W_hh (r_t ⊙ h_{t-1} + x_t) + b_h)
 *
 * The candidate adds r_t ⊙ h_{t-1} (numHiddens values) to x_t (numInputs values) inside one matrix
 * product, so it is only defined when numInputs = numHiddens, and even then it ties the input and
 * recurrent weights of the candidate together. The standard GRU (gru.ts) has separate W_xh and W_hh.
 * Its update-gate convention, (1 − z) h_{t-1} + z h̃, is the mirror of tfjs's z h_{t-1} + (1 − z) h̃:
 * since 1 − σ(a) = σ(−a), negating the update gate's weights and bias maps one onto the other.
 */
import { Tensor } from '../tensor';
import { transpose } from '../tensor';
import { sigmoid } from './activations';
import { GRUParams } from './gru';
import { checkShape, matmulShape } from '../tensor';

/** The document's parameters, in its own names and column-vector orientation (W x). */
export interface DocumentGRUParams {
  W_zz: Tensor;
  W_xz: Tensor;
  b_z: Tensor; // [H, H], [H, D], [H]
  W_rr: Tensor;
  W_rx: Tensor;
  b_r: Tensor;
  W_hh: Tensor;
  b_h: Tensor; //              [H, ?]: multiplies (r ⊙ h + x)
}

/** W v for a column vector v. */
function mv(W: Tensor, v: ArrayLike<number>, what: string): number[] {
  const [rows] = matmulShape(what, W.shape, [v.length, 1]);
  return Array.from({ length: rows }, (_, i) => {
    let s = 0;
    for (let j = 0; j < v.length; j++) s += W.data[i * v.length + j]! * v[j]!;
    return s;
  });
}

/** One step of the document's formula for one sequence: x [D], h [H] → h_t [H]. Throws a ShapeError when D ≠ H. */
export function documentGruStep(
  p: DocumentGRUParams,
  x: ArrayLike<number>,
  h: ArrayLike<number>,
): Float64Array {
  const H = h.length;
  const xz = mv(p.W_xz, x, 'W_xz x_t'),
    xr = mv(p.W_rx, x, 'W_rx x_t');
  const z = mv(p.W_zz, h, 'W_zz h_{t-1}').map((v, i) => sigmoid(v + xz[i]! + p.b_z.data[i]!));
  const r = mv(p.W_rr, h, 'W_rr h_{t-1}').map((v, i) => sigmoid(v + xr[i]! + p.b_r.data[i]!));
  // r_t ⊙ h_{t-1} + x_t: an element-wise sum, defined only for equal lengths.
  checkShape('r_t ⊙ h_{t-1} + x_t (001 §3.3)', [x.length], [H]);
  const u = r.map((ri, i) => ri * h[i]! + x[i]!);
  const cand = mv(p.W_hh, u, 'W_hh (r_t ⊙ h_{t-1} + x_t)').map((v, i) => Math.tanh(v + p.b_h.data[i]!));
  return Float64Array.from({ length: H }, (_, i) => (1 - z[i]!) * h[i]! + z[i]! * cand[i]!);
}

function negate(W: Tensor): Tensor {
  const N = W.clone();
  for (let i = 0; i < N.size; i++) N.data[i] = -N.data[i]!;
  return N;
}

/**
 * z ↔ 1 − z between the two update-gate conventions:
 *   ours and tfjs's     H_t = Z_t ⊙ H_{t-1} + (1 − Z_t) ⊙ H̃_t       (Z keeps the old state)
 *   001 §3.3's          h_t = (1 − z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t        (z writes the new candidate)
 * With Z_t = σ(A_t), the document's z_t must equal 1 − σ(A_t) = σ(−A_t): negating W_xz, W_hz and b_z
 * turns parameters for one convention into parameters for the other (and back: it is its own inverse).
 * `gruForward(flipUpdateGate(p), X)` runs the document's convention with parameters `p`.
 */
export function flipUpdateGate(p: GRUParams): GRUParams {
  return { ...p, W_xz: negate(p.W_xz), W_hz: negate(p.W_hz), b_z: negate(p.b_z) };
}

/**
 * Standard-form (row-vector, tfjs-convention) GRU parameters that compute the document's cell when
 * numInputs = numHiddens: transposed weights, the update gate negated (z ↔ 1 − z), and the
 * candidate's input weights tied to its recurrent weights (W_xh = W_hh).
 */
export function documentToStandardGru(p: DocumentGRUParams): GRUParams {
  checkShape('W_hh of the document GRU', p.W_hh.shape, ['numHiddens', 'numHiddens']);
  return flipUpdateGate({
    W_xz: transpose(p.W_xz),
    W_hz: transpose(p.W_zz),
    b_z: p.b_z.clone(),
    W_xr: transpose(p.W_rx),
    W_hr: transpose(p.W_rr),
    b_r: p.b_r.clone(),
    W_xh: transpose(p.W_hh),
    W_hh: transpose(p.W_hh),
    b_h: p.b_h.clone(),
  });
}
