/**
 * The WebAssembly engine against the from-scratch reference (src/checks/crossCheck.ts): for RNN, GRU
 * and LSTM, on the SIMD kernels with 1 and 2 threads and on the TypeScript fallback, every hidden state
 * and every gradient (all parameters, the input, the initial state) of the float32 engine against
 * src/nn's float64 BPTT. The error is the worst ‖engine − reference‖ / ‖reference‖ over all of them.
 */
import { createEngine, EngineOptions } from '../engine';
import { engineVsReference } from '../checks';
import { CellType } from '../engine';
import { FormulaCheck } from '../checks';

const SECTIONS: Record<CellType, string> = {
  rnn: '003 §3.1, 004 §3.2',
  gru: '001 §3.3',
  lstm: '003 §3.2, 004 §3.3–3.4',
};

const VARIANTS: { label: string; options: EngineOptions }[] = [
  { label: 'simd-1t', options: { simd: true, threads: 1 } },
  { label: 'simd-2t', options: { simd: true, threads: 2 } },
  { label: 'ts-fallback', options: { simd: false } },
];

export const engineChecks: FormulaCheck[] = (['rnn', 'gru', 'lstm'] as const).flatMap((cell) =>
  VARIANTS.map(({ label, options }): FormulaCheck => ({
    name: `engine/${cell}-${label}-vs-nn-forward-and-bptt`,
    equation: `engine ${cell.toUpperCase()} (fused kernels, float32${options.threads === 2 ? ', batch split over 2 threads' : ''}) vs src/nn (float64): H_t, final state, ∂E/∂(every parameter), ∂E/∂X, ∂E/∂(initial state)`,
    section: SECTIONS[cell],
    tolerance: 1e-4,
    measure: 'relative',
    run: async () => {
      const engine = await createEngine(options);
      try {
        // batch 12 so that two threads each take rows (the split needs ≥ 8 rows and enough work).
        const errors = engineVsReference(engine, cell, {
          batchSize: 12,
          numSteps: 9,
          numInputs: 6,
          numHiddens: 21,
        });
        return Math.max(...Object.values(errors));
      } finally {
        await engine.dispose();
      }
    },
  })),
);
