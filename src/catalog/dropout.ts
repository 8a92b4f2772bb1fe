/**
 * Variational dropout (Gal & Ghahramani 2016) with fixed masks: the float64 reference's backward pass
 * against central differences, and the engine's SequenceModel (embedding mask, recurrent-state mask in
 * the fused LSTM kernels, output mask) against the reference run with the masks the engine drew — on
 * the SIMD kernels with 1 and 2 threads and on the TypeScript fallback; the same for standard dropout
 * (Zaremba et al. 2014, fresh masks every step) (src/checks/dropout-cases.ts).
 */
import { createEngine, EngineOptions } from '../engine';
import { engineDropoutVsReference, gradCheck, variationalLstmCase } from '../checks';
import { FormulaCheck } from '../checks';

const SECTION = '002 §1.6 Q5';

const VARIANTS: { label: string; options: EngineOptions }[] = [
  { label: 'simd-1t', options: { simd: true, threads: 1 } },
  { label: 'simd-2t', options: { simd: true, threads: 2 } },
  { label: 'ts-fallback', options: { simd: false } },
];

export const dropoutChecks: FormulaCheck[] = [
  {
    name: 'dropout/variational-lstm-bptt-vs-finite-differences',
    equation:
      'Z_t = (X_t ⊙ M_x) W_x + (H_{t−1} ⊙ M_h) W_h + b, loss on H_t ⊙ M_y (fixed masks): ' +
      '∂E/∂(every weight, X, H_0, C_0) vs (E(θ+ε) − E(θ−ε))/2ε',
    section: SECTION,
    tolerance: 1e-6,
    measure: 'relative',
    run: () => {
      const c = variationalLstmCase();
      return Math.max(...gradCheck(() => c.loss(), c.inputs, c.analytic()).map((r) => r.relError));
    },
  },
  ...(['variational', 'standard'] as const).flatMap((kind) =>
    VARIANTS.map(({ label, options }): FormulaCheck => ({
      name: `dropout/${kind}-engine-${label}-vs-nn`,
      equation:
        `engine LSTM language model with ${kind} dropout ` +
        `(float32${options.threads === 2 ? ', 2 threads' : ''}) vs src/nn (float64) with the ` +
        "engine's masks: loss, ∂loss/∂(embedding, W_x, W_h, b, W_out, b_out)",
      section: SECTION,
      tolerance: 1e-4,
      measure: 'relative',
      run: async () => {
        const engine = await createEngine(options);
        try {
          return Math.max(...Object.values(engineDropoutVsReference(engine, kind).errors));
        } finally {
          await engine.dispose();
        }
      },
    })),
  ),
  {
    name: 'dropout/variational-mask-same-at-every-step',
    equation:
      'max over t, b, j of |M[t·B + b, j] − M[b, j]| (embedding and output masks): one mask per sequence',
    section: SECTION,
    tolerance: 1e-12,
    run: async () => {
      const engine = await createEngine({ simd: true, threads: 1 });
      try {
        return engineDropoutVsReference(engine).masksVaryOverTime;
      } finally {
        await engine.dispose();
      }
    },
  },
];
