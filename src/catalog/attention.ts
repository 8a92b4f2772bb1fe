/**
 * The attention checks of `rnnlab checks` (listed in catalog/index.ts): for additive, dot and
 * scaled-dot attention, the hand-derived gradient of every parameter and every input (queries, keys,
 * values) against central differences in float64, on a batch with padded (masked) source positions;
 * and the weights' two defining properties — each row sums to 1, masked keys get exactly 0.
 */
import { gradCheck } from '../checks';
import { FormulaCheck } from '../checks';
import { Rng } from '../tensor';
import { Tensor } from '../tensor';
import { AttentionScore, attentionBackward, attentionForward, initAdditiveAttention } from '../nn/index';

/** A float64 attention problem with its loss L = Σ A ⊙ R + Σ α ⊙ R_α and analytic gradients. */
export interface AttentionGradCase {
  inputs: Record<string, Tensor>;
  loss(): number;
  analytic(): Record<string, Tensor>;
  validLens: number[];
}

/**
 * Batch 3 with source lengths 4, 2, 3 of 4 keys (so keys are masked), 2 queries, query size 3, key
 * size 5, value size 2 (or values = keys when `sharedValues`), attention hidden size 4.
 */
export function attentionGradCase(score: AttentionScore, sharedValues = false, seed = 7): AttentionGradCase {
  const rng = new Rng(seed);
  const rand = (shape: number[], scale = 1): Tensor => {
    const t = Tensor.zeros(shape, 'float64');
    for (let i = 0; i < t.size; i++) t.data[i] = rng.range(-scale, scale);
    return t;
  };
  const B = 3,
    Tq = 2,
    Tk = 4,
    dk = 5,
    dq = score === 'additive' ? 3 : dk,
    dv = sharedValues ? dk : 2;
  const validLens = [4, 2, 3];
  const inputs: Record<string, Tensor> = { Q: rand([B, Tq, dq]), K: rand([B, Tk, dk]) };
  if (!sharedValues) inputs.V = rand([B, Tk, dv]);
  if (score === 'additive') Object.assign(inputs, initAdditiveAttention(dq, dk, 4, rng, 'float64'));
  const R = rand([B, Tq, dv]),
    Ralpha = rand([B, Tq, Tk]);
  const run = () =>
    attentionForward(inputs.Q!, inputs.K!, inputs.V, {
      score,
      validLens,
      params: score === 'additive' ? { W_q: inputs.W_q!, W_k: inputs.W_k!, w_v: inputs.w_v! } : undefined,
    });
  const loss = (): number => {
    const { A, alpha } = run();
    let s = 0;
    for (let i = 0; i < A.size; i++) s += A.data[i]! * R.data[i]!;
    for (let i = 0; i < alpha.size; i++) s += alpha.data[i]! * Ralpha.data[i]!;
    return s;
  };
  const analytic = (): Record<string, Tensor> => {
    const { cache } = run();
    const g = attentionBackward(cache, R, Ralpha);
    const out: Record<string, Tensor> = { Q: g.dQ, K: g.dK, ...g.grads };
    if (!sharedValues) out.V = g.dV;
    return out as Record<string, Tensor>;
  };
  return { inputs, loss, analytic, validLens };
}

const VARIANTS: { score: AttentionScore; shared: boolean; equation: string }[] = [
  { score: 'additive', shared: false, equation: 'e_ij = w_vᵀ tanh(W_q s_i + W_k h_j)' },
  { score: 'dot', shared: false, equation: 'e_ij = s_i · h_j' },
  { score: 'scaled-dot', shared: false, equation: 'e_ij = s_i · h_j / √d' },
  { score: 'additive', shared: true, equation: 'e_ij = w_vᵀ tanh(W_q s_i + W_k h_j), values = keys' },
];

function gradientChecks(): FormulaCheck[] {
  return VARIANTS.flatMap(({ score, shared, equation }) => {
    let rows: Map<string, number> | undefined;
    const get = (): Map<string, number> => {
      if (!rows) {
        const c = attentionGradCase(score, shared);
        rows = new Map(gradCheck(() => c.loss(), c.inputs, c.analytic()).map((r) => [r.name, r.relError]));
      }
      return rows;
    };
    const names = [
      ...(score === 'additive' ? ['W_q', 'W_k', 'w_v'] : []),
      'Q',
      'K',
      ...(shared ? [] : ['V']),
    ];
    return names.map((n): FormulaCheck => ({
      name: `attention/${score}${shared ? '-shared-values' : ''}-grad-${n}-vs-finite-differences`,
      equation: `${equation}; α_ij = softmax_j(e_ij) (padded keys masked); a_i = Σ_j α_ij h_j: ∂L/∂${n} vs central differences (float64)`,
      section: '003 §3.3',
      tolerance: 1e-6,
      measure: 'relative',
      run: () => {
        const e = get().get(n);
        if (e === undefined) throw new Error(`no gradient row for ${n}`);
        return e;
      },
    }));
  });
}

function weightChecks(): FormulaCheck[] {
  return (['additive', 'dot'] as const).flatMap((score): FormulaCheck[] => [
    {
      name: `attention/${score}-weights-sum-to-one`,
      equation: 'Σ_j α_ij = 1 for every query i (softmax over the keys j, not over the queries i)',
      section: '003 §3.3',
      tolerance: 1e-12,
      run: () => {
        const c = attentionGradCase(score);
        const { alpha } = attentionForward(c.inputs.Q!, c.inputs.K!, c.inputs.V, {
          score,
          validLens: c.validLens,
          params:
            score === 'additive' ? { W_q: c.inputs.W_q!, W_k: c.inputs.W_k!, w_v: c.inputs.w_v! } : undefined,
        });
        const Tk = alpha.shape[2]!;
        let worst = 0;
        for (let r = 0; r < alpha.size / Tk; r++) {
          let s = 0;
          for (let j = 0; j < Tk; j++) s += alpha.data[r * Tk + j]!;
          worst = Math.max(worst, Math.abs(s - 1));
        }
        return worst;
      },
    },
    {
      name: `attention/${score}-masked-keys-get-zero-weight`,
      equation: 'α_ij = 0 for padded source positions j ≥ validLen (score −∞ before the softmax)',
      section: '003 §3.3',
      tolerance: 1e-300,
      run: () => {
        const c = attentionGradCase(score);
        const { alpha } = attentionForward(c.inputs.Q!, c.inputs.K!, c.inputs.V, {
          score,
          validLens: c.validLens,
          params:
            score === 'additive' ? { W_q: c.inputs.W_q!, W_k: c.inputs.W_k!, w_v: c.inputs.w_v! } : undefined,
        });
        const [B, Tq, Tk] = alpha.shape as [number, number, number];
        let worst = 0;
        for (let b = 0; b < B; b++)
          for (let i = 0; i < Tq; i++)
            for (let j = c.validLens[b]!; j < Tk; j++)
              worst = Math.max(worst, Math.abs(alpha.data[(b * Tq + i) * Tk + j]!));
        return worst;
      },
    },
  ]);
}

/** Every attention check (gradients, weight properties). */
export const attentionChecks: FormulaCheck[] = [...gradientChecks(), ...weightChecks()];
