/**
 * A block of engine memory with a shape: what the engine's layers read and write. The data stay in
 * the engine memory (where the kernels and worker threads see them); `view()` is a live Float32Array
 * onto them, `toArray()` a copy.
 */
import { EngineMemory } from './memory';

/** Element type of a {@link Tensor}. */
export type DType = 'f32' | 'i32';

/** A row-major array in engine memory. */
export class Tensor {
  readonly size: number;
  private freed = false;

  constructor(
    private readonly mem: EngineMemory,
    readonly shape: readonly number[],
    readonly dtype: DType = 'f32',
    /** Byte address of element 0. */
    readonly ptr: number = mem.allocF32(shape.reduce((a, b) => a * b, 1)),
  ) {
    this.size = shape.reduce((a, b) => a * b, 1);
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0)
        throw new Error(`tensor shape must hold non-negative integers; got [${shape.join(', ')}]`);
    }
  }

  /** A live view of the data (valid until the engine memory grows; do not keep it). */
  view(): Float32Array {
    this.check();
    return new Float32Array(this.mem.memory.buffer, this.ptr, this.size);
  }

  /** A live int32 view (for index tensors). */
  viewI32(): Int32Array {
    this.check();
    return new Int32Array(this.mem.memory.buffer, this.ptr, this.size);
  }

  /** A copy of the data. */
  toArray(): Float32Array {
    return this.dtype === 'f32' ? this.view().slice() : Float32Array.from(this.viewI32());
  }

  /** Copies `data` (of exactly `size` values) in. */
  set(data: ArrayLike<number>): this {
    if (data.length !== this.size)
      throw new Error(
        `expected ${this.size} values for a tensor of shape [${this.shape.join(', ')}], got ${data.length}`,
      );
    if (this.dtype === 'f32') this.view().set(data);
    else this.viewI32().set(data);
    return this;
  }

  /** Sets every element to `value`. */
  fill(value: number): this {
    if (this.dtype === 'f32') this.view().fill(value);
    else this.viewI32().fill(value);
    return this;
  }

  /** Address of element `index` (in elements from the start). */
  at(index: number): number {
    return this.ptr + 4 * index;
  }

  /** Returns the memory to the engine. Using the tensor afterwards throws. */
  dispose(): void {
    if (this.freed) return;
    this.freed = true;
    this.mem.release(this.ptr);
  }

  get disposed(): boolean {
    return this.freed;
  }

  private check(): void {
    if (this.freed) throw new Error(`tensor of shape [${this.shape.join(', ')}] was disposed`);
  }
}
