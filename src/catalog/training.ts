/**
 * Training mechanics against their formulas: one step of each optimizer recomputed by hand,
 * clipping, truncated BPTT, the document's GRU vs the standard one, and the L2 penalty's gradient.
 */
import { Rng } from '../tensor';
import { Tensor } from '../tensor';
import { Adagrad, Adam, AdamW, Momentum, Nesterov, Optimizer, RMSprop, SGD } from '../nn';
import { clipGlobalNorm, globalNorm } from '../nn';
import { l2Penalty } from '../nn';
import { Params } from '../nn';
import { DocumentGRUParams, documentGruStep, documentToStandardGru, flipUpdateGate } from '../nn';
import { GRUParams, gruForward, initGRU } from '../nn';
import { sigmoid } from '../nn';
import { randomTensor } from '../checks';
import { maxAbsDiff } from '../checks';
import { numericGradient } from '../checks';
import { relativeError } from '../checks';
import { FormulaCheck } from '../checks';

/** Two steps of `opt` on θ = [0.5, −1.5] with gradients g₁ = [0.2, −0.4], g₂ = [−0.1, 0.3], vs `expected(θ₀, g₁, g₂)`. */
function optimizerCheck(
  name: string,
  equation: string,
  opt: () => Optimizer,
  expected: (theta: number, g1: number, g2: number) => number,
): FormulaCheck {
  return {
    name: `optimizer/${name}-two-steps`,
    equation,
    section: '000 §3.5, 002 §1.3.3',
    tolerance: 1e-12,
    run: () => {
      const theta = [0.5, -1.5],
        g1 = [0.2, -0.4],
        g2 = [-0.1, 0.3];
      const p: Params = { W: Tensor.from(theta, 'float64') };
      const o = opt();
      o.step(p, { W: Tensor.from(g1, 'float64') });
      o.step(p, { W: Tensor.from(g2, 'float64') });
      return maxAbsDiff(
        p.W!.data,
        theta.map((t, i) => expected(t, g1[i]!, g2[i]!)),
      );
    },
  };
}

const lr = 0.1,
  mu = 0.9,
  eps = 1e-8,
  rho = 0.9,
  b1 = 0.9,
  b2 = 0.999,
  wd = 0.3;

export const trainingChecks: FormulaCheck[] = [
  optimizerCheck(
    'sgd',
    'θ ← θ − η g',
    () => new SGD(lr),
    (t, g1, g2) => t - lr * g1 - lr * g2,
  ),
  optimizerCheck(
    'momentum',
    'v ← μv − ηg; θ ← θ + v',
    () => new Momentum(lr, mu),
    (t, g1, g2) => {
      const v1 = -lr * g1,
        v2 = mu * v1 - lr * g2;
      return t + v1 + v2;
    },
  ),
  optimizerCheck(
    'nesterov',
    'v ← μv − ηg; θ ← θ + μv − ηg',
    () => new Nesterov(lr, mu),
    (t, g1, g2) => {
      const v1 = -lr * g1,
        t1 = t + mu * v1 - lr * g1;
      const v2 = mu * v1 - lr * g2;
      return t1 + mu * v2 - lr * g2;
    },
  ),
  optimizerCheck(
    'adagrad',
    's ← s + g²; θ ← θ − ηg/(√s + ε)',
    () => new Adagrad(lr, eps),
    (t, g1, g2) => {
      const s1 = g1 * g1,
        s2 = s1 + g2 * g2;
      return t - (lr * g1) / (Math.sqrt(s1) + eps) - (lr * g2) / (Math.sqrt(s2) + eps);
    },
  ),
  optimizerCheck(
    'rmsprop',
    's ← ρs + (1−ρ)g²; θ ← θ − ηg/(√s + ε)',
    () => new RMSprop(lr, rho, eps),
    (t, g1, g2) => {
      const s1 = (1 - rho) * g1 * g1,
        s2 = rho * s1 + (1 - rho) * g2 * g2;
      return t - (lr * g1) / (Math.sqrt(s1) + eps) - (lr * g2) / (Math.sqrt(s2) + eps);
    },
  ),
  optimizerCheck(
    'adam',
    'm ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − η m̂/(√v̂ + ε)',
    () => new Adam(lr, b1, b2, eps),
    (t, g1, g2) => {
      const m1 = (1 - b1) * g1,
        v1 = (1 - b2) * g1 * g1;
      const t1 = t - (lr * (m1 / (1 - b1))) / (Math.sqrt(v1 / (1 - b2)) + eps);
      const m2 = b1 * m1 + (1 - b1) * g2,
        v2 = b2 * v1 + (1 - b2) * g2 * g2;
      return t1 - (lr * (m2 / (1 - b1 ** 2))) / (Math.sqrt(v2 / (1 - b2 ** 2)) + eps);
    },
  ),
  optimizerCheck(
    'adamw',
    'm ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; θ ← θ − η(m̂/(√v̂ + ε) + λθ)',
    () => new AdamW(lr, wd, b1, b2, eps),
    (t, g1, g2) => {
      const m1 = (1 - b1) * g1,
        v1 = (1 - b2) * g1 * g1;
      const t1 = t - lr * (m1 / (1 - b1) / (Math.sqrt(v1 / (1 - b2)) + eps) + wd * t);
      const m2 = b1 * m1 + (1 - b1) * g2,
        v2 = b2 * v1 + (1 - b2) * g2 * g2;
      return t1 - lr * (m2 / (1 - b1 ** 2) / (Math.sqrt(v2 / (1 - b2 ** 2)) + eps) + wd * t1);
    },
  ),
  {
    name: 'clip/caps-the-global-norm',
    equation: 'g ← g · min(1, θ/‖g‖) gives ‖g‖ = θ when ‖g‖ > θ',
    section: '002 FAQ 1, 001 §5',
    tolerance: 1e-12,
    run: () => {
      const rng = new Rng(3);
      const g: Params = { A: randomTensor([3, 4], rng, 5), B: randomTensor([4], rng, 5) };
      const before = globalNorm(g);
      const { norm } = clipGlobalNorm(g, 1);
      return Math.max(Math.abs(norm - before), Math.abs(globalNorm(g) - 1));
    },
  },
  {
    name: 'clip/preserves-direction',
    equation: 'clipped g = c·g with c > 0: 1 − cos(g, clipped g) = 0; under the cap g is unchanged',
    section: '002 FAQ 1, 001 §5',
    tolerance: 1e-12,
    run: () => {
      const rng = new Rng(4);
      const g: Params = { A: randomTensor([3, 4], rng, 5) };
      const before = Float64Array.from(g.A!.data);
      clipGlobalNorm(g, 0.5);
      let dotp = 0,
        n1 = 0,
        n2 = 0;
      for (let i = 0; i < before.length; i++) {
        dotp += before[i]! * g.A!.data[i]!;
        n1 += before[i]! ** 2;
        n2 += g.A!.data[i]! ** 2;
      }
      const small: Params = { A: Tensor.from([0.1, -0.2], 'float64') };
      clipGlobalNorm(small, 10);
      return Math.max(Math.abs(1 - dotp / Math.sqrt(n1 * n2)), maxAbsDiff(small.A!.data, [0.1, -0.2]));
    },
  },
  {
    name: 'gru/document-form-equals-standard-with-z-flipped',
    equation:
      '(1−z)h + z·tanh(W_hh(r⊙h + x) + b) = standard GRU with update gate negated (z ↔ 1−z) and W_xh = W_hh',
    section: '001 §3.3',
    tolerance: 1e-12,
    run: () => {
      const rng = new Rng(8);
      const H = 4;
      const m = (): Tensor => randomTensor([H, H], rng, 0.5);
      const v = (): Tensor => randomTensor([H], rng, 0.5);
      const doc: DocumentGRUParams = {
        W_zz: m(),
        W_xz: m(),
        b_z: v(),
        W_rr: m(),
        W_rx: m(),
        b_r: v(),
        W_hh: m(),
        b_h: v(),
      };
      const x = randomTensor([H], rng),
        h = randomTensor([H], rng);
      const ours = documentGruStep(doc, x.data, h.data);
      const std = gruForward(
        documentToStandardGru(doc),
        new Tensor([1, 1, H], x.data),
        new Tensor([1, H], h.data),
      );
      return maxAbsDiff(ours, std.HT.data);
    },
  },
  {
    name: 'gru/update-gate-z-vs-1-minus-z',
    equation:
      '(1−z)⊙h₋₁ + z⊙h̃ with parameters p (001 §3.3) = z⊙h₋₁ + (1−z)⊙h̃ (ours, tfjs) with W_xz, W_hz, b_z negated',
    section: '001 §3.3',
    tolerance: 1e-12,
    run: () => {
      const rng = new Rng(10);
      const B = 2,
        T = 3,
        D = 3,
        H = 4;
      const p: GRUParams = initGRU(D, H, rng, 'float64');
      for (const g of ['z', 'r', 'h']) p[`b_${g}`] = randomTensor([H], rng, 0.5);
      const X = randomTensor([B, T, D], rng),
        H0 = randomTensor([B, H], rng, 0.5);
      // The document's convention, element by element: a_j = Σ_i x_i W_x[i, j] + Σ_i u_i W_h[i, j] + b_j.
      const affine = (x: number[], Wx: Tensor, u: number[], Wh: Tensor, b: Tensor, j: number): number =>
        x.reduce((s, xi, i) => s + xi * Wx.data[i * H + j]!, 0) +
        u.reduce((s, ui, i) => s + ui * Wh.data[i * H + j]!, 0) +
        b.data[j]!;
      const expected: number[] = [];
      for (let bi = 0; bi < B; bi++) {
        let h = Array.from(H0.data.subarray(bi * H, (bi + 1) * H));
        for (let t = 0; t < T; t++) {
          const x = Array.from(X.data.subarray((bi * T + t) * D, (bi * T + t + 1) * D));
          const z = h.map((_, j) => sigmoid(affine(x, p.W_xz, h, p.W_hz, p.b_z, j)));
          const r = h.map((_, j) => sigmoid(affine(x, p.W_xr, h, p.W_hr, p.b_r, j)));
          const rh = h.map((hj, j) => r[j]! * hj);
          const cand = h.map((_, j) => Math.tanh(affine(x, p.W_xh, rh, p.W_hh, p.b_h, j)));
          h = h.map((hj, j) => (1 - z[j]!) * hj + z[j]! * cand[j]!);
          expected.push(...h);
        }
      }
      const ours = gruForward(flipUpdateGate(p), X, H0).H; // [B, T, H], batch-major like `expected`
      const twice = flipUpdateGate(flipUpdateGate(p));
      const involution = Math.max(...Object.keys(p).map((k) => maxAbsDiff(twice[k]!.data, p[k]!.data)));
      return Math.max(maxAbsDiff(ours.data, expected), involution);
    },
  },
  {
    name: 'regularization/l2-gradient-vs-finite-differences',
    equation: 'R = (λ/2)Σθ², ∂R/∂θ = λθ',
    section: '002 FAQ 5',
    tolerance: 1e-8,
    measure: 'relative',
    run: () => {
      const rng = new Rng(9);
      const p: Params = { W: randomTensor([3, 3], rng) };
      const g: Params = { W: Tensor.zeros([3, 3], 'float64') };
      l2Penalty(p, g, 0.3);
      const numeric = numericGradient(
        () => l2Penalty(p, { W: Tensor.zeros([3, 3], 'float64') }, 0.3),
        p.W!.data,
      );
      return relativeError(g.W!.data, numeric);
    },
  },
];
