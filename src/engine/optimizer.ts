/**
 * Optimizers on the engine, PyTorch's update rules and defaults (g = ∂L/∂θ, η the learning rate):
 *
 *   sgd       b ← μb + g,  θ ← θ − η b                         (μ = momentum, 0 by default: θ ← θ − η g)
 *   momentum  the same with μ = 0.9 by default                 (heavy ball, Polyak 1964)
 *   nesterov  b ← μb + g,  θ ← θ − η (g + μ b)                 μ = 0.9 (Sutskever et al. 2013; PyTorch's)
 *   adagrad   s ← s + g²,  θ ← θ − η g / (√s + ε)                ε = 1e-10
 *   rmsprop   s ← ρs + (1−ρ)g²,  θ ← θ − η g / (√s + ε)          ρ = 0.99, ε = 1e-8
 *   adam      m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,
 *             θ ← θ − η (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)     β₁ = 0.9, β₂ = 0.999, ε = 1e-8
 *
 * Penalties, on the weight matrices only (parameters of two or more dimensions: kernels, recurrent
 * kernels, embeddings — not biases, nanoGPT's rule):
 *
 *   L2 in the loss    R = (λ/2) Σ θ²:  g ← g + λθ          (coupled: Adam then divides λθ by √v̂ too)
 *   decoupled decay   θ ← θ − η (u + λθ), u the rule's step (AdamW, Loshchilov & Hutter 2019:
 *                     u = m̂/(√v̂ + ε); not passed through the adaptive scaling)
 *   L1 in the loss    R = λ₁ Σ |θ|:  g ← g + λ₁ sign θ
 *
 * The penalties' gradients are added to the gradient buffers after clipping (as PyTorch's weight_decay
 * does), so a step leaves g + λθ + λ₁ sign θ there. The float64 reference of every rule:
 * src/nn/optimizers.ts.
 */
import { Engine } from './engine';
import { Parameter } from './parameter';
import { Tensor } from './tensor';

export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam';
export const OPTIMIZER_NAMES: readonly OptimizerName[] = [
  'sgd',
  'momentum',
  'nesterov',
  'adagrad',
  'rmsprop',
  'adam',
];

/** Hyper-parameters of an {@link Optimizer} (the learning rate is given to each step). */
export interface OptimizerOptions {
  name: OptimizerName;
  /** μ of sgd, momentum and nesterov. @default 0 for sgd, 0.9 for momentum and nesterov */
  momentum?: number;
  /** adam. @default 0.9 */
  beta1?: number;
  /** adam. @default 0.999 */
  beta2?: number;
  /** rmsprop. @default 0.99 */
  rho?: number;
  /** @default 1e-8 (adagrad: 1e-10) */
  epsilon?: number;
  /** λ of weight decay: L2 in the loss (g ← g + λθ), or decoupled with `decoupled`. @default 0 */
  weightDecay?: number;
  /** Decoupled weight decay θ ← θ − η(u + λθ) (AdamW-style) instead of L2 in the loss. @default false */
  decoupled?: boolean;
  /** λ₁ of the L1 penalty in the loss: g ← g + λ₁ sign θ. @default 0 */
  l1?: number;
}

/** Whether the penalties apply to `p`: the weight matrices (≥ 2 dimensions), not the biases. */
export function isDecayed(p: Parameter): boolean {
  return p.shape.length >= 2;
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
    const heavy = o.name === 'momentum' || o.name === 'nesterov';
    this.options = {
      name: o.name,
      momentum: o.momentum ?? (heavy ? 0.9 : 0),
      beta1: o.beta1 ?? 0.9,
      beta2: o.beta2 ?? 0.999,
      rho: o.rho ?? 0.99,
      epsilon: o.epsilon ?? (o.name === 'adagrad' ? 1e-10 : 1e-8),
      weightDecay: o.weightDecay ?? 0,
      decoupled: o.decoupled ?? false,
      l1: o.l1 ?? 0,
    };
    const { momentum, weightDecay, l1 } = this.options;
    if (!(momentum >= 0 && momentum < 1)) throw new Error(`momentum must be in [0, 1); got ${momentum}`);
    if (heavy && momentum === 0) throw new Error(`${o.name} needs a momentum in (0, 1); got 0`);
    if (!(weightDecay >= 0 && Number.isFinite(weightDecay)))
      throw new Error(`weightDecay must be a finite number ≥ 0; got ${weightDecay}`);
    if (!(l1 >= 0 && Number.isFinite(l1))) throw new Error(`l1 must be a finite number ≥ 0; got ${l1}`);
  }

  private slots(p: Parameter, n: number): Tensor[] {
    let s = this.state.get(p);
    if (s === undefined) {
      s = Array.from({ length: n }, () => this.engine.tensor(p.shape));
      this.state.set(p, s);
    }
    return s;
  }

  /** g ← g + λθ (L2 unless decoupled) + λ₁ sign θ, on the weight matrices. */
  private addPenaltyGradients(p: Parameter): void {
    const o = this.options;
    const lambda = o.decoupled ? 0 : o.weightDecay;
    if ((lambda === 0 && o.l1 === 0) || !isDecayed(p)) return;
    const theta = p.value.view(), // [size]
      g = p.grad.view(); // [size]
    for (let i = 0; i < g.length; i++) g[i]! += lambda * theta[i]! + o.l1 * Math.sign(theta[i]!);
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
      this.addPenaltyGradients(p);
      // Decoupled: θ ← θ(1 − ηλ) first; the rule's step u depends on g only, so the result is
      // θ − η(u + λθ) with the θ before the step.
      if (o.decoupled && o.weightDecay > 0 && isDecayed(p)) k.scale(n, P, 1 - lr * o.weightDecay);
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
        case 'momentum':
          k.sgd(n, P, G, o.momentum !== 0 ? this.slots(p, 1)[0]!.ptr : 0, lr, o.momentum);
          break;
        case 'nesterov': {
          // b ← μb + g;  θ ← θ − η(g + μb)   (no kernel of its own: one pass over live views)
          const b = this.slots(p, 1)[0]!.view(), // [size]
            theta = p.value.view(), // [size]
            g = p.grad.view(); // [size]
          for (let i = 0; i < n; i++) {
            b[i] = o.momentum * b[i]! + g[i]!;
            theta[i]! -= lr * (g[i]! + o.momentum * b[i]!);
          }
          break;
        }
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
