/**
 * Optimizers on the engine, PyTorch's update rules and defaults:
 *
 *   sgd      b ← μb + g,  θ ← θ − η b                          (μ = momentum, 0 by default)
 *   adagrad  s ← s + g²,  θ ← θ − η g / (√s + ε)                ε = 1e-10
 *   rmsprop  s ← ρs + (1−ρ)g²,  θ ← θ − η g / (√s + ε)          ρ = 0.99, ε = 1e-8
 *   adam     m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *            θ ← θ − η (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)     β₁ = 0.9, β₂ = 0.999, ε = 1e-8
 */
import { Engine } from './engine';
import { Parameter } from './parameter';
import { Tensor } from './tensor';

export type OptimizerName = 'sgd' | 'adagrad' | 'rmsprop' | 'adam';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = ['sgd', 'adagrad', 'rmsprop', 'adam'];

/** Hyper-parameters of an {@link Optimizer} (the learning rate is given to each step). */
export interface OptimizerOptions {
  name: OptimizerName;
  /** sgd. @default 0 */
  momentum?: number;
  /** adam. @default 0.9 */
  beta1?: number;
  /** adam. @default 0.999 */
  beta2?: number;
  /** rmsprop. @default 0.99 */
  rho?: number;
  /** @default 1e-8 (adagrad: 1e-10) */
  epsilon?: number;
}

/** An optimizer with its per-parameter state (moments, accumulators) in engine memory. */
export class Optimizer {
  readonly options: Required<OptimizerOptions>;
  private readonly state = new Map<Parameter, Tensor[]>();
  /** Steps taken (Adam's t). */
  steps = 0;

  constructor(
    private readonly engine: Engine,
    options: OptimizerOptions | OptimizerName,
  ) {
    const o = typeof options === 'string' ? { name: options } : options;
    if (!OPTIMIZER_NAMES.includes(o.name))
      throw new Error(`optimizer must be one of ${OPTIMIZER_NAMES.join(', ')}; got '${String(o.name)}'`);
    this.options = {
      name: o.name,
      momentum: o.momentum ?? 0,
      beta1: o.beta1 ?? 0.9,
      beta2: o.beta2 ?? 0.999,
      rho: o.rho ?? 0.99,
      epsilon: o.epsilon ?? (o.name === 'adagrad' ? 1e-10 : 1e-8),
    };
  }

  private slots(p: Parameter, n: number): Tensor[] {
    let s = this.state.get(p);
    if (s === undefined) {
      s = Array.from({ length: n }, () => this.engine.tensor(p.shape));
      this.state.set(p, s);
    }
    return s;
  }

  /** One update of every parameter from its gradient with learning rate `lr`. */
  step(params: readonly Parameter[], lr: number): void {
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new Error(`lr must be a non-negative number; got ${lr}`);
    const k = this.engine.kernels,
      o = this.options;
    this.steps++;
    const bc1 = 1 - o.beta1 ** this.steps,
      bc2 = 1 - o.beta2 ** this.steps;
    for (const p of params) {
      const n = p.size,
        P = p.value.ptr,
        G = p.grad.ptr;
      switch (o.name) {
        case 'adam': {
          const [m, v] = this.slots(p, 2);
          k.adam(
            n,
            P,
            G,
            m!.ptr,
            v!.ptr,
            lr,
            o.beta1,
            1 - o.beta1,
            o.beta2,
            1 - o.beta2,
            o.epsilon,
            bc1,
            bc2,
          );
          break;
        }
        case 'sgd':
          k.sgd(n, P, G, o.momentum !== 0 ? this.slots(p, 1)[0]!.ptr : 0, lr, o.momentum);
          break;
        case 'adagrad':
          k.adagrad(n, P, G, this.slots(p, 1)[0]!.ptr, lr, o.epsilon);
          break;
        case 'rmsprop':
          k.rmsprop(n, P, G, this.slots(p, 1)[0]!.ptr, lr, o.rho, 1 - o.rho, o.epsilon);
          break;
      }
      p.version++;
    }
  }

  /** Frees the state. */
  dispose(): void {
    for (const s of this.state.values()) for (const t of s) t.dispose();
    this.state.clear();
  }
}
