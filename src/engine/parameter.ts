/**
 * A trainable parameter in engine memory: its value, its gradient (accumulated by backward passes,
 * cleared by `zeroGrad`), and a version number that rises whenever the value changes — layers keep
 * packed copies of their recurrent weights and repack only when the version moved.
 */
import { Engine } from './engine';
import { Tensor } from './tensor';

export class Parameter {
  readonly value: Tensor;
  readonly grad: Tensor;
  /** Bumped by every write through {@link Parameter.set} and by optimizers. */
  version = 0;

  constructor(
    engine: Engine,
    /** Name in tfjs style, e.g. `lstm_0/recurrent_kernel`. */
    readonly name: string,
    readonly shape: readonly number[],
    init?: ArrayLike<number>,
  ) {
    this.value = engine.tensor(shape, init);
    this.grad = engine.tensor(shape);
  }

  get size(): number {
    return this.value.size;
  }

  /** Replaces the value (exactly `size` numbers). */
  set(data: ArrayLike<number>): void {
    this.value.set(data);
    this.version++;
  }

  /** A copy of the value. */
  get(): Float32Array {
    return this.value.toArray();
  }

  /** Call after writing `value.view()` directly, so packed copies are refreshed. */
  markChanged(): void {
    this.version++;
  }

  zeroGrad(): void {
    this.grad.fill(0);
  }

  dispose(): void {
    this.value.dispose();
    this.grad.dispose();
  }
}

/**
 * Sets `params` from weights by name, all or nothing: every parameter must be present with its shape,
 * its number of values, and finite values only — checked for all of them before any is written.
 */
export function setNamedWeights(
  params: readonly Parameter[],
  weights: Record<string, { shape: readonly number[]; data: ArrayLike<number> }>,
): void {
  for (const p of params) {
    const w = weights[p.name];
    if (w === undefined) throw new Error(`setWeights: missing weight '${p.name}'`);
    if (w.shape.length !== p.shape.length || w.shape.some((d, i) => d !== p.shape[i])) {
      throw new Error(
        `setWeights: expected '${p.name}' of shape [${p.shape.join(', ')}], got ` + `[${w.shape.join(', ')}]`,
      );
    }
    if (w.data.length !== p.size) {
      throw new Error(
        `setWeights: '${p.name}' of shape [${p.shape.join(', ')}] needs ${p.size} values, ` +
          `got ${w.data.length}`,
      );
    }
    for (let i = 0; i < w.data.length; i++) {
      if (!Number.isFinite(w.data[i]!)) {
        throw new Error(`setWeights: weight '${p.name}' holds ${w.data[i]} at index ${i}`);
      }
    }
  }
  for (const p of params) p.set(weights[p.name]!.data);
}
