/**
 * The optimizers the documents name (001, 002 §1.3.3, 000 §3.5: gradient descent, SGD, "adaptive"
 * methods, Adam), each updating parameters in place from their gradients g = ∂L/∂θ.
 *
 * On 000 §3.5.2's update W = W + αΔW: it is gradient *descent* only if ΔW = −∂J/∂W; written with the
 * gradient itself, the step is W ← W − α ∂J/∂W (as 000 §3.5.1's θ^(l+1) = θ^(l) − α∇J(θ) has it).
 */
import { Float, alloc } from '../tensor';
import { Params } from './params';

/** Updates parameters in place from gradients with the same names. */
export interface Optimizer {
  readonly name: string;
  step(params: Params, grads: Params): void;
}

function pairs(params: Params, grads: Params): [string, Float, Float][] {
  return Object.entries(params).map(([k, t]) => {
    const g = grads[k];
    if (!g) throw new Error(`optimizer: no gradient for parameter ${k}`);
    if (g.size !== t.size)
      throw new Error(`optimizer: gradient of ${k} has ${g.size} values, the parameter ${t.size}`);
    return [k, t.data, g.data];
  });
}

/** Per-parameter state arrays, created on first use (filled with `initial`, zeros by default). */
class Slots {
  private readonly slots = new Map<string, Float>();
  constructor(private readonly initial = 0) {}
  get(key: string, like: Float): Float {
    let s = this.slots.get(key);
    if (!s) {
      s = alloc(like.length, like instanceof Float64Array ? 'float64' : 'float32');
      if (this.initial !== 0) s.fill(this.initial);
      this.slots.set(key, s);
    }
    return s;
  }
}

/** θ ← θ − η g */
export class SGD implements Optimizer {
  readonly name = 'sgd';
  constructor(readonly lr = 0.01) {}
  step(params: Params, grads: Params): void {
    for (const [, p, g] of pairs(params, grads)) for (let i = 0; i < p.length; i++) p[i]! -= this.lr * g[i]!;
  }
}

/** v ← μ v − η g;  θ ← θ + v   (classical momentum: v is the document's ΔW, and the sign is in it) */
export class Momentum implements Optimizer {
  readonly name = 'momentum';
  private readonly v = new Slots();
  constructor(
    readonly lr = 0.01,
    readonly mu = 0.9,
  ) {}
  step(params: Params, grads: Params): void {
    for (const [k, p, g] of pairs(params, grads)) {
      const v = this.v.get(k, p);
      for (let i = 0; i < p.length; i++) {
        v[i] = this.mu * v[i]! - this.lr * g[i]!;
        p[i]! += v[i]!;
      }
    }
  }
}

/**
 * Nesterov momentum in the form PyTorch and Keras use (Bengio et al. 2013's rewriting of Sutskever et
 * al. 2013, the gradient taken at θ rather than at the look-ahead point θ + μv):
 * v ← μ v − η g;  θ ← θ + μ v − η g
 */
export class Nesterov implements Optimizer {
  readonly name = 'nesterov';
  private readonly v = new Slots();
  constructor(
    readonly lr = 0.01,
    readonly mu = 0.9,
  ) {}
  step(params: Params, grads: Params): void {
    for (const [k, p, g] of pairs(params, grads)) {
      const v = this.v.get(k, p);
      for (let i = 0; i < p.length; i++) {
        v[i] = this.mu * v[i]! - this.lr * g[i]!;
        p[i]! += this.mu * v[i]! - this.lr * g[i]!;
      }
    }
  }
}

/**
 * s ← s + g²;  θ ← θ − η g / (√s + ε)   (Duchi et al. 2011), s starting at `initialAccumulator`
 * (0 here, as in the paper; tfjs's `tf.train.adagrad` starts at 0.1).
 */
export class Adagrad implements Optimizer {
  readonly name = 'adagrad';
  private readonly s: Slots;
  constructor(
    readonly lr = 0.01,
    readonly eps = 1e-8,
    readonly initialAccumulator = 0,
  ) {
    this.s = new Slots(initialAccumulator);
  }
  step(params: Params, grads: Params): void {
    for (const [k, p, g] of pairs(params, grads)) {
      const s = this.s.get(k, p);
      for (let i = 0; i < p.length; i++) {
        s[i]! += g[i]! * g[i]!;
        p[i]! -= (this.lr * g[i]!) / (Math.sqrt(s[i]!) + this.eps);
      }
    }
  }
}

/** s ← ρ s + (1 − ρ) g²;  θ ← θ − η g / (√s + ε)   (Tieleman & Hinton 2012) */
export class RMSprop implements Optimizer {
  readonly name = 'rmsprop';
  private readonly s = new Slots();
  constructor(
    readonly lr = 0.001,
    readonly rho = 0.9,
    readonly eps = 1e-8,
  ) {}
  step(params: Params, grads: Params): void {
    for (const [k, p, g] of pairs(params, grads)) {
      const s = this.s.get(k, p);
      for (let i = 0; i < p.length; i++) {
        s[i] = this.rho * s[i]! + (1 - this.rho) * g[i]! * g[i]!;
        p[i]! -= (this.lr * g[i]!) / (Math.sqrt(s[i]!) + this.eps);
      }
    }
  }
}

/**
 * Adam (Kingma & Ba 2015): m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  m̂ = m/(1−β₁ᵗ);  v̂ = v/(1−β₂ᵗ);
 * θ ← θ − η m̂ / (√v̂ + ε)
 */
export class Adam implements Optimizer {
  readonly name = 'adam';
  private readonly m = new Slots();
  private readonly v = new Slots();
  private t = 0;
  constructor(
    readonly lr = 0.001,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {}
  step(params: Params, grads: Params): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t,
      c2 = 1 - this.beta2 ** this.t;
    for (const [k, p, g] of pairs(params, grads)) {
      const m = this.m.get(k, p),
        v = this.v.get(k, p);
      for (let i = 0; i < p.length; i++) {
        m[i] = this.beta1 * m[i]! + (1 - this.beta1) * g[i]!;
        v[i] = this.beta2 * v[i]! + (1 - this.beta2) * g[i]! * g[i]!;
        p[i]! -= (this.lr * (m[i]! / c1)) / (Math.sqrt(v[i]! / c2) + this.eps);
      }
    }
  }
}

/**
 * AdamW (Loshchilov & Hutter 2019): Adam's moments of g alone, and the decay outside the adaptive
 * scaling: θ ← θ − η (m̂ / (√v̂ + ε) + λ θ), applied to the parameters `applies` accepts (all by default).
 * L2 in the loss instead (g ← g + λθ before the moments) has its λθ divided by √v̂ as well.
 */
export class AdamW implements Optimizer {
  readonly name = 'adamw';
  private readonly m = new Slots();
  private readonly v = new Slots();
  private t = 0;
  constructor(
    readonly lr = 0.001,
    readonly weightDecay = 0.01,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
    readonly applies: (name: string) => boolean = () => true,
  ) {}
  step(params: Params, grads: Params): void {
    this.t++;
    const c1 = 1 - this.beta1 ** this.t,
      c2 = 1 - this.beta2 ** this.t;
    for (const [k, p, g] of pairs(params, grads)) {
      const m = this.m.get(k, p),
        v = this.v.get(k, p);
      const lambda = this.applies(k) ? this.weightDecay : 0;
      for (let i = 0; i < p.length; i++) {
        m[i] = this.beta1 * m[i]! + (1 - this.beta1) * g[i]!;
        v[i] = this.beta2 * v[i]! + (1 - this.beta2) * g[i]! * g[i]!;
        p[i]! -= this.lr * (m[i]! / c1 / (Math.sqrt(v[i]! / c2) + this.eps) + lambda * p[i]!);
      }
    }
  }
}

export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam' | 'adamw';

/** An optimizer by name with its learning rate. */
export function makeOptimizer(name: OptimizerName, lr: number): Optimizer {
  switch (name) {
    case 'sgd':
      return new SGD(lr);
    case 'momentum':
      return new Momentum(lr);
    case 'nesterov':
      return new Nesterov(lr);
    case 'adagrad':
      return new Adagrad(lr);
    case 'rmsprop':
      return new RMSprop(lr);
    case 'adam':
      return new Adam(lr);
    case 'adamw':
      return new AdamW(lr);
  }
}
