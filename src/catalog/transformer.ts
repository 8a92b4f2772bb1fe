/**
 * The Transformer's checks (Vaswani et al. 2017; pre-norm as Xiong et al. 2020): every parameter's
 * hand-derived gradient against central differences in float64 (layer norm, causal self-attention,
 * multi-head attention, learned positions, feed-forward, a pre-norm block, the decoder-only language
 * model), and three properties written as equations: the causal mask hides the future, each row of
 * attention weights sums to 1, and a sinusoidal position shifted by k is a rotation of the unshifted one.
 */
import { createEngine, Engine, EngineOptions } from '../engine/index';
import {
  attentionRowError, causalLeak, feedForwardCase, FormulaCheck, GradCase, gradCheck, layerNormCase,
  multiHeadAttentionCase, positionsCase, selfAttentionCase, sinusoidalShiftError, transformerBlockCase,
  transformerCacheVsReference, transformerEngineVsReference, transformerLMCase,
} from '../checks/index';

const SECTION = 'Vaswani et al. 2017 (002 §1.6 Q3, 001 §1.2)';

const PIECES: { piece: string; equation: string; make: () => GradCase }[] = [
  { piece: 'layer-norm', equation: 'y = γ ⊙ (x − μ)/√(σ² + ε) + β', make: () => layerNormCase() },
  { piece: 'causal-self-attention', equation: 'O = softmax(mask(Q Kᵀ/√d_k)) V',
    make: () => selfAttentionCase() },
  { piece: 'multi-head-attention', equation: 'Y = Concat(head_1…head_h) W_o + b_o',
    make: () => multiHeadAttentionCase() },
  { piece: 'learned-positions', equation: 'X_t + P_t', make: () => positionsCase() },
  { piece: 'feed-forward', equation: 'Y = max(0, X W_1 + b_1) W_2 + b_2', make: () => feedForwardCase() },
  { piece: 'pre-norm-block', equation: 'Z = X + MHA(LN_1(X)), Y = Z + FFN(LN_2(Z))',
    make: () => transformerBlockCase() },
  { piece: 'decoder-lm', equation: 'mean CE of LN_f(Blocks(emb[x] + P)) W_out + b_out',
    make: () => transformerLMCase() },
];

/** Runs a case's gradient check once and serves its rows by name. */
function memo(make: () => GradCase): { names: string[]; rows: () => Map<string, number> } {
  let rows: Map<string, number> | undefined;
  return {
    names: Object.keys(make().inputs),
    rows: () => {
      if (!rows) {
        const c = make();
        rows = new Map(gradCheck(() => c.loss(), c.inputs, c.analytic()).map((r) => [r.name, r.relError]));
      }
      return rows;
    },
  };
}

const gradientChecks: FormulaCheck[] = PIECES.flatMap(({ piece, equation, make }) => {
  const { names, rows } = memo(make);
  return names.map((n): FormulaCheck => ({
    name: `transformer/${piece}-grad-${n}-vs-finite-differences`,
    equation: `${equation}: ∂E/∂${n} vs (E(θ+ε) − E(θ−ε))/2ε`,
    section: SECTION,
    tolerance: 1e-6,
    measure: 'relative',
    run: () => {
      const e = rows().get(n);
      if (e === undefined) throw new Error(`no gradient row for ${n}`);
      return e;
    },
  }));
});

const propertyChecks: FormulaCheck[] = [
  {
    name: 'transformer/causal-mask-hides-the-future',
    equation: 'logits at t unchanged when x_{t+1…} change (S_ij = −∞ for j > i)',
    section: SECTION, tolerance: 1e-12, run: () => causalLeak(),
  },
  {
    name: 'transformer/attention-rows-sum-to-one',
    equation: 'Σ_j A_ij = 1 and A_ij = 0 for j > i',
    section: SECTION, tolerance: 1e-12, run: () => attentionRowError(),
  },
  {
    name: 'transformer/sinusoidal-shift-is-a-rotation',
    equation: 'P_{t+k} = R(k) P_t (each (sin, cos) pair rotated by k/10000^{2i/d})',
    section: 'Vaswani et al. 2017 §3.5', tolerance: 1e-9, run: () => sinusoidalShiftError(),
  },
];



const VARIANTS: { label: string; options: EngineOptions }[] = [
  { label: 'simd-1t', options: { simd: true, threads: 1 } },
  { label: 'simd-2t', options: { simd: true, threads: 2 } },
  { label: 'ts-fallback', options: { simd: false } },
];

async function withEngine<R>(options: EngineOptions, f: (e: Engine) => R): Promise<R> {
  const engine = await createEngine(options);
  try {
    return f(engine);
  } finally {
    await engine.dispose();
  }
}

const POSITIONALS = ['learned', 'sinusoidal'] as const;

export const transformerEngineChecks: FormulaCheck[] = [
  ...VARIANTS.flatMap(({ label, options }) => POSITIONALS.map((positional): FormulaCheck => ({
    name: `transformer/engine-${label}-${positional}-vs-nn-forward-and-gradients`,
    equation: `engine Transformer LM (float32, GEMM kernels${options.threads === 2 ? ', 2 threads' : ''}) `
      + 'vs src/nn (float64): logits, loss, ∂E/∂(every parameter)',
    section: SECTION, tolerance: 1e-4, measure: 'relative',
    run: () => withEngine(options, (e) => {
      return Math.max(...Object.values(transformerEngineVsReference(e, positional)));
    }),
  }))),
  ...VARIANTS.map(({ label, options }): FormulaCheck => ({
    name: `transformer/engine-${label}-kv-cache-vs-full-forward`,
    equation: 'logits of step(x_t | cached K, V of x_<t) = logits at t of the full forward over x_≤t '
      + '(also across the cache restart)',
    section: SECTION, tolerance: 1e-4, measure: 'relative',
    run: () => withEngine(options, (e) => transformerCacheVsReference(e)),
  })),
];

export const transformerChecks: FormulaCheck[] = [...gradientChecks, ...propertyChecks,
  ...transformerEngineChecks];
