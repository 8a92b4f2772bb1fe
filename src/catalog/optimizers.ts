/**
 * The engine's optimizers (src/engine/optimizer.ts, float32) against the float64 reference rules of
 * src/nn/optimizers.ts and src/nn/regularization.ts, three steps on a weight matrix W (penalised) and a
 * bias b (not), on the SIMD kernels and the TypeScript fallback; and decoupled weight decay against
 * L2 in the loss under Adam, one step recomputed from the formulas.
 */
import { Rng, Tensor } from '../tensor';
import { createEngine, Engine, Optimizer as EngineOptimizer, OptimizerOptions, Parameter } from '../engine';
import { Adagrad, Adam, AdamW, Momentum, Nesterov, Optimizer, RMSprop, SGD } from '../nn';
import { l1Penalty, l2Penalty } from '../nn';
import { Params } from '../nn';
import { FormulaCheck } from '../checks';

const LR = 0.05,
  MU = 0.9,
  LAMBDA = 0.1,
  STEPS = 3;

/** Float32-exact values, so that the engine and the reference start from the same numbers. */
function values(n: number, rng: Rng, scale: number): number[] {
  return Array.from({ length: n }, () => Math.fround(rng.normal(0, scale)));
}

/** The shapes of the case: W [3, 4] is a weight matrix (penalised), b [4] a bias (never penalised). */
const SHAPES: Record<string, number[]> = { W: [3, 4], b: [4] };

interface Case {
  theta: Record<string, number[]>;
  grads: Record<string, number[]>[];
}

function makeCase(seed: number): Case {
  const rng = new Rng(seed);
  const size = (k: string): number => SHAPES[k]!.reduce((a, c) => a * c, 1);
  const theta = { W: values(size('W'), rng, 1), b: values(size('b'), rng, 1) };
  const grads = Array.from({ length: STEPS }, () => ({
    W: values(size('W'), rng, 0.5),
    b: values(size('b'), rng, 0.5),
  }));
  return { theta, grads };
}

/** θ after the steps on the engine (flattened W then b). */
function engineRun(engine: Engine, c: Case, options: OptimizerOptions): number[] {
  const params = Object.keys(SHAPES).map((k) => new Parameter(engine, k, SHAPES[k]!, c.theta[k]));
  const opt = new EngineOptimizer(engine, options);
  try {
    for (const g of c.grads) {
      params.forEach((p) => p.grad.set(g[p.name]!));
      opt.step(params, LR);
    }
    return params.flatMap((p) => Array.from(p.get()));
  } finally {
    opt.dispose();
    for (const p of params) p.dispose();
  }
}

/** The reference step: penalties on the gradients (or the parameters), then a rule of src/nn. */
type ReferenceStep = (p: Params, g: Params) => void;

function referenceRun(c: Case, step: () => ReferenceStep): number[] {
  const p: Params = {};
  for (const k of Object.keys(SHAPES)) p[k] = new Tensor(SHAPES[k]!, Float64Array.from(c.theta[k]!));
  const s = step();
  for (const g of c.grads) {
    const grads: Params = {};
    for (const k of Object.keys(SHAPES)) grads[k] = new Tensor(SHAPES[k]!, Float64Array.from(g[k]!));
    s(p, grads);
  }
  return Object.keys(SHAPES).flatMap((k) => Array.from(p[k]!.data));
}

const rule =
  (o: Optimizer): ReferenceStep =>
  (p, g) =>
    o.step(p, g);

/** ‖a − b‖ / ‖b‖. */
function relative(a: number[], b: number[]): number {
  let d = 0,
    n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    n += b[i]! ** 2;
  }
  return Math.sqrt(d / n);
}

/** The worst relative error over the SIMD kernels and the TypeScript fallback. */
async function worstOverEngines(c: Case, options: OptimizerOptions, want: number[]): Promise<number> {
  let worst = 0;
  for (const simd of [true, false]) {
    const engine = await createEngine({ simd, threads: 1 });
    try {
      worst = Math.max(worst, relative(engineRun(engine, c, options), want));
    } finally {
      await engine.dispose();
    }
  }
  return worst;
}

function engineVsNn(
  label: string,
  equation: string,
  options: OptimizerOptions,
  reference: () => ReferenceStep,
): FormulaCheck {
  return {
    name: `engine/optimizer-${label}-vs-nn`,
    equation: `engine (float32) vs src/nn (float64), ${STEPS} steps, η = ${LR}: ${equation}`,
    section: '000 §6.3, 002 §1.3.3, 002 FAQ 5',
    tolerance: 1e-5,
    measure: 'relative',
    run: async () => {
      const c = makeCase(11);
      return worstOverEngines(c, options, referenceRun(c, reference));
    },
  };
}

/** Only W is penalised (src/nn's default: names starting with W; the engine's: ≥ 2 dimensions). */
const isW = (k: string): boolean => k === 'W';

export const optimizerChecks: FormulaCheck[] = [
  engineVsNn('sgd', 'θ ← θ − ηg', { name: 'sgd' }, () => rule(new SGD(LR))),
  engineVsNn(
    'momentum',
    'b ← μb + g, θ ← θ − ηb  ≡  v ← μv − ηg, θ ← θ + v (v = −ηb)',
    { name: 'momentum', momentum: MU },
    () => rule(new Momentum(LR, MU)),
  ),
  engineVsNn(
    'nesterov',
    'b ← μb + g, θ ← θ − η(g + μb)  ≡  v ← μv − ηg, θ ← θ + μv − ηg',
    { name: 'nesterov', momentum: MU },
    () => rule(new Nesterov(LR, MU)),
  ),
  engineVsNn('adagrad', 's ← s + g², θ ← θ − ηg/(√s + ε)', { name: 'adagrad', epsilon: 1e-10 }, () =>
    rule(new Adagrad(LR, 1e-10)),
  ),
  engineVsNn(
    'rmsprop',
    's ← ρs + (1−ρ)g², θ ← θ − ηg/(√s + ε), ρ = 0.99',
    { name: 'rmsprop', rho: 0.99 },
    () => rule(new RMSprop(LR, 0.99, 1e-8)),
  ),
  engineVsNn('adam', 'θ ← θ − η m̂/(√v̂ + ε)', { name: 'adam' }, () => rule(new Adam(LR))),
  engineVsNn(
    'adam-l2',
    'L2 in the loss: g ← g + λθ (W only), then Adam',
    { name: 'adam', weightDecay: LAMBDA },
    () => {
      const adam = new Adam(LR);
      return (p, g) => {
        l2Penalty(p, g, LAMBDA, isW);
        adam.step(p, g);
      };
    },
  ),
  engineVsNn(
    'adamw',
    'decoupled: θ ← θ − η(m̂/(√v̂ + ε) + λθ) (W only) = AdamW',
    { name: 'adam', weightDecay: LAMBDA, decoupled: true },
    () => rule(new AdamW(LR, LAMBDA, 0.9, 0.999, 1e-8, isW)),
  ),
  engineVsNn(
    'momentum-decoupled',
    'SGDW: θ ← θ − η(b + λθ) (W only), b ← μb + g',
    { name: 'momentum', momentum: MU, weightDecay: LAMBDA, decoupled: true },
    () => {
      const momentum = new Momentum(LR, MU);
      return (p, g) => {
        // θ(1 − ηλ) first: the momentum step depends on g only.
        for (let i = 0; i < p.W!.size; i++) p.W!.data[i]! *= 1 - LR * LAMBDA;
        momentum.step(p, g);
      };
    },
  ),
  engineVsNn(
    'sgd-l1',
    'L1 in the loss: g ← g + λ₁ sign θ (W only), then SGD',
    { name: 'sgd', l1: LAMBDA },
    () => {
      const sgd = new SGD(LR);
      return (p, g) => {
        l1Penalty(p, g, LAMBDA, isW);
        sgd.step(p, g);
      };
    },
  ),
];

/**
 * One step of Adam from m = v = 0 on θ = [0.5, −1.5, 2], g = [0.2, −0.4, 0.01], λ = 0.1, η = 0.01.
 * After one step m̂ = g and v̂ = g², so
 *   decoupled  θ_W  = θ − η(g/(|g| + ε) + λθ)
 *   L2         θ_L2 = θ − η g'/(|g'| + ε),  g' = g + λθ
 * and the two differ by D = θ_L2 − θ_W = η(g/(|g| + ε) + λθ − g'/(|g'| + ε)): with a small gradient
 * (the third entry) L2's λθ dominates g', and Adam's division turns it into a whole step of size η.
 * The error is the worse of |θ_W − formula| and |(θ_L2 − θ_W) − D| over the entries.
 */
const ONE_STEP = { theta: [0.5, -1.5, 2], g: [0.2, -0.4, 0.01], lambda: 0.1, lr: 0.01, eps: 1e-8 };

function decoupledFormula(): { W: number[]; D: number[] } {
  const { theta, g, lambda, lr, eps } = ONE_STEP;
  const W = theta.map((t, i) => t - lr * (g[i]! / (Math.abs(g[i]!) + eps) + lambda * t));
  const D = theta.map((t, i) => {
    const gl = g[i]! + lambda * t;
    return lr * (g[i]! / (Math.abs(g[i]!) + eps) + lambda * t - gl / (Math.abs(gl) + eps));
  });
  return { W, D };
}

function decoupledError(thetaW: ArrayLike<number>, thetaL2: ArrayLike<number>): number {
  const { W, D } = decoupledFormula();
  return Math.max(
    ...W.map((w, i) => Math.max(Math.abs(thetaW[i]! - w), Math.abs(thetaL2[i]! - thetaW[i]! - D[i]!))),
  );
}

export const decoupledChecks: FormulaCheck[] = [
  {
    name: 'weight-decay/decoupled-vs-l2-under-adam',
    equation:
      'one Adam step: θ_W = θ − η(m̂/(√v̂+ε) + λθ) (AdamW); ' +
      'θ_L2 − θ_W = η(g/(|g|+ε) + λθ − g′/(|g′|+ε)), g′ = g + λθ',
    section: '002 FAQ 5, 002 §1.3.3',
    tolerance: 1e-12,
    run: () => {
      const { theta, g, lambda, lr, eps } = ONE_STEP;
      const p = (): Params => ({ W: Tensor.from(theta, 'float64') });
      const grads = (): Params => ({ W: Tensor.from(g, 'float64') });
      const pw = p();
      new AdamW(lr, lambda, 0.9, 0.999, eps).step(pw, grads());
      const pl = p(),
        gl = grads();
      l2Penalty(pl, gl, lambda);
      new Adam(lr, 0.9, 0.999, eps).step(pl, gl);
      return decoupledError(pw.W!.data, pl.W!.data);
    },
  },
  {
    name: 'engine/weight-decay-decoupled-vs-l2-under-adam',
    equation:
      'the same step on the engine (float32, SIMD and fallback): weightDecay λ with and without decoupled',
    section: '002 FAQ 5, 002 §1.3.3',
    tolerance: 1e-6,
    run: async () => {
      const { theta, g, lambda, lr } = ONE_STEP;
      let worst = 0;
      for (const simd of [true, false]) {
        const engine = await createEngine({ simd, threads: 1 });
        try {
          const step = (decoupled: boolean): Float32Array => {
            // [1, 3]: a matrix, so the decay applies
            const w = new Parameter(engine, 'W', [1, theta.length], theta);
            const opt = new EngineOptimizer(engine, { name: 'adam', weightDecay: lambda, decoupled });
            w.grad.set(g);
            opt.step([w], lr);
            const out = w.get();
            opt.dispose();
            w.dispose();
            return out;
          };
          worst = Math.max(worst, decoupledError(step(true), step(false)));
        } finally {
          await engine.dispose();
        }
      }
      return worst;
    },
  },
];
