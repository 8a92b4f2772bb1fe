/**
 * Forward passes against hand-sized closed forms: one-unit networks whose every step is written out
 * as a formula with literal numbers, e.g. h_1 = tanh(0.5·1 + 0.1).
 */
import { Tensor } from '../tensor';
import { sigmoid } from '../nn';
import { mlpForward } from '../nn';
import { rnnForward } from '../nn';
import { lstmForward } from '../nn';
import { gruForward } from '../nn';
import { mseLoss, softmaxCrossEntropy } from '../nn';
import { FormulaCheck } from '../checks';

const s = (v: number): Tensor => Tensor.from([[v]], 'float64');
const b = (v: number): Tensor => Tensor.from([v], 'float64');
const seq = (xs: number[]): Tensor => Tensor.from([xs.map((x) => [x])], 'float64'); // [1, T, 1]

export const closedFormChecks: FormulaCheck[] = [
  {
    name: 'mlp/forward-closed-form',
    equation: 'a¹ = relu(0.5·2 − 0.3) = 0.7;  z² = −1.2·0.7 + 0.4 = −0.44',
    section: '000 §3.5.1',
    tolerance: 1e-12,
    run: () => {
      const { logits } = mlpForward(
        { W1: s(0.5), b1: b(-0.3), W2: s(-1.2), b2: b(0.4) },
        Tensor.from([[2]], 'float64'),
        'relu',
      );
      return Math.abs(logits.data[0]! - (-1.2 * Math.max(0, 0.5 * 2 - 0.3) + 0.4));
    },
  },
  {
    name: 'rnn/forward-closed-form',
    equation: 'h₁ = tanh(0.5·1 + 0.1);  h₂ = tanh(0.5·(−2) + 0.8·h₁ + 0.1);  y₂ = 1.5·h₂ − 0.2',
    section: '002 §1.3.2, 004 §3.1',
    tolerance: 1e-12,
    run: () => {
      const r = rnnForward(
        { W_xh: s(0.5), W_hh: s(0.8), b_h: b(0.1), W_hy: s(1.5), b_y: b(-0.2) },
        seq([1, -2]),
      );
      const h1 = Math.tanh(0.5 * 1 + 0.1);
      const h2 = Math.tanh(0.5 * -2 + 0.8 * h1 + 0.1);
      return Math.max(
        Math.abs(r.H.data[0]! - h1),
        Math.abs(r.H.data[1]! - h2),
        Math.abs(r.Y.data[1]! - (1.5 * h2 - 0.2)),
      );
    },
  },
  {
    name: 'lstm/forward-closed-form',
    equation:
      'i=σ(0.5+0.1·0.2), f=σ(−0.3+0.2·0.2+1), o=σ(0.8−0.1·0.2), c̃=tanh(0.6+0.3·0.2); c=f·0.4+i·c̃; h=o·tanh(c)',
    section: '003 §3.2, 004 §3.3',
    tolerance: 1e-12,
    run: () => {
      const p = {
        W_xi: s(0.5),
        W_hi: s(0.1),
        b_i: b(0),
        W_xf: s(-0.3),
        W_hf: s(0.2),
        b_f: b(1),
        W_xo: s(0.8),
        W_ho: s(-0.1),
        b_o: b(0),
        W_xc: s(0.6),
        W_hc: s(0.3),
        b_c: b(0),
      };
      const r = lstmForward(p, seq([1]), { H: s(0.2), C: s(0.4) });
      const i = sigmoid(0.5 + 0.1 * 0.2),
        f = sigmoid(-0.3 + 0.2 * 0.2 + 1),
        o = sigmoid(0.8 - 0.1 * 0.2),
        g = Math.tanh(0.6 + 0.3 * 0.2);
      const c = f * 0.4 + i * g;
      return Math.max(Math.abs(r.CT.data[0]! - c), Math.abs(r.HT.data[0]! - o * Math.tanh(c)));
    },
  },
  {
    name: 'gru/forward-closed-form',
    equation: 'z=σ(0.4+0.2·0.5), r=σ(−0.6+0.3·0.5), h̃=tanh(0.7+0.9·(r·0.5)); h=z·0.5+(1−z)·h̃',
    section: '001 §3.3',
    tolerance: 1e-12,
    run: () => {
      const p = {
        W_xz: s(0.4),
        W_hz: s(0.2),
        b_z: b(0),
        W_xr: s(-0.6),
        W_hr: s(0.3),
        b_r: b(0),
        W_xh: s(0.7),
        W_hh: s(0.9),
        b_h: b(0),
      };
      const r = gruForward(p, seq([1]), s(0.5));
      const z = sigmoid(0.4 + 0.2 * 0.5),
        rr = sigmoid(-0.6 + 0.3 * 0.5),
        ht = Math.tanh(0.7 + 0.9 * (rr * 0.5));
      return Math.abs(r.HT.data[0]! - (z * 0.5 + (1 - z) * ht));
    },
  },
  {
    name: 'loss/softmax-cross-entropy-closed-form',
    equation: 'L = −log(e³ / (e¹ + e² + e³));  ∂L/∂z = softmax(z) − onehot(y)',
    section: '000 §3.1 (loss), 001 §2.1',
    tolerance: 1e-12,
    run: () => {
      const r = softmaxCrossEntropy(Float64Array.from([1, 2, 3]), [2], 1, 3);
      const Z = Math.E + Math.E ** 2 + Math.E ** 3;
      const expectedGrad = [Math.E / Z, Math.E ** 2 / Z, Math.E ** 3 / Z - 1];
      return Math.max(
        Math.abs(r.loss + Math.log(Math.E ** 3 / Z)),
        ...expectedGrad.map((g, k) => Math.abs(r.grad[k]! - g)),
      );
    },
  },
  {
    name: 'loss/mse-closed-form',
    equation: 'J = 1/(2m) Σ (h − y)² = ((1−0)² + (2−4)²)/(2·2) = 1.25',
    section: '000 §3.5.1',
    tolerance: 1e-12,
    run: () => Math.abs(mseLoss(Float64Array.from([1, 2]), Float64Array.from([0, 4]), 2).loss - 1.25),
  },
];
