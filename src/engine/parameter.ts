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
