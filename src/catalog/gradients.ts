/**
 * Analytic gradients (hand-derived backward passes) against central finite differences in float64,
 * one check per parameter of each model — plus the inputs and initial states, through which a
 * stacked layer or a decoder receives its gradient.
 */
import { GradCase, gruCase, lstmCase, mlpCase, rnnCase } from '../checks';
import { gradCheck } from '../checks';
import { FormulaCheck } from '../checks';

const MODELS: { model: string; section: string; make: () => GradCase; names: string[]; equation: string }[] =
  [
    {
      model: 'mlp',
      section: '000 §3.5.1',
      make: () => mlpCase(),
      names: ['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'X'],
      equation: '∂E/∂W^(l) = A^(l−1)ᵀ δ^(l)',
    },
    {
      model: 'rnn',
      section: '004 §3.2',
      make: () => rnnCase(),
      names: ['W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y', 'X', 'H0'],
      equation: '∂E/∂θ = Σ_t ∂E_t/∂θ',
    },
    {
      model: 'lstm',
      section: '003 §3.2, 004 §3.4',
      make: () => lstmCase(),
      names: [
        'W_xi',
        'W_hi',
        'b_i',
        'W_xf',
        'W_hf',
        'b_f',
        'W_xo',
        'W_ho',
        'b_o',
        'W_xc',
        'W_hc',
        'b_c',
        'X',
        'H0',
        'C0',
      ],
      equation: 'LSTM BPTT',
    },
    {
      model: 'gru',
      section: '001 §3.3',
      make: () => gruCase(),
      names: ['W_xz', 'W_hz', 'b_z', 'W_xr', 'W_hr', 'b_r', 'W_xh', 'W_hh', 'b_h', 'X', 'H0'],
      equation: 'GRU BPTT',
    },
  ];

/** Runs each model's check once and serves its rows by name. */
function memo(make: () => GradCase): () => Map<string, number> {
  let rows: Map<string, number> | undefined;
  return () => {
    if (!rows) {
      const c = make();
      rows = new Map(gradCheck(() => c.loss(), c.inputs, c.analytic()).map((r) => [r.name, r.relError]));
    }
    return rows;
  };
}

export const gradientChecks: FormulaCheck[] = MODELS.flatMap(({ model, section, make, names, equation }) => {
  const rows = memo(make);
  return names.map((n): FormulaCheck => ({
    name: `${model}/grad-${n}-vs-finite-differences`,
    equation: `${equation}: ∂E/∂${n} vs (E(θ+ε) − E(θ−ε))/2ε`,
    section,
    tolerance: 1e-6,
    measure: 'relative',
    run: () => {
      const e = rows().get(n);
      if (e === undefined) throw new Error(`no gradient row for ${n}`);
      return e;
    },
  }));
});
