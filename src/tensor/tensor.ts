/**
 * A small dense tensor over a typed array: row-major data plus a shape. `float32` trains;
 * `float64` is there for gradient checks, where central differences need the extra digits.
 *
 * Layout convention of the whole of src/nn: batch-major, `[batchSize, numSteps, numFeatures]`, and
 * weights stored so that a batch of row vectors multiplies on the right (`X W`, `W: [numInputs,
 * numOutputs]`) — the transpose of the column-vector `W x` the documents write, and tfjs's layout.
 */
export type DType = 'float32' | 'float64';
export type Float = Float32Array | Float64Array;

/** Nested number arrays of any depth, e.g. `[[1, 2], [3, 4]]`. */
export type NestedArray = number | NestedArray[];

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A typed array of `n` zeros. */
export function alloc(n: number, dtype: DType): Float {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** A shape and the row-major data behind it. */
export class Tensor {
  readonly shape: number[];
  readonly data: Float;

  constructor(shape: readonly number[], data: Float) {
    if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new Error(`bad shape [${shape.join(', ')}]`);
    if (sizeOf(shape) !== data.length)
      throw new Error(`shape [${shape.join(', ')}] needs ${sizeOf(shape)} values, got ${data.length}`);
    this.shape = [...shape];
    this.data = data;
  }

  get dtype(): DType {
    return this.data instanceof Float64Array ? 'float64' : 'float32';
  }

  get size(): number {
    return this.data.length;
  }

  /** A tensor of zeros. */
  static zeros(shape: readonly number[], dtype: DType = 'float32'): Tensor {
    return new Tensor(shape, alloc(sizeOf(shape), dtype));
  }

  /** A tensor from nested arrays (`[[1, 2], [3, 4]]` → shape [2, 2]); ragged input is an error. */
  static from(values: NestedArray, dtype: DType = 'float32'): Tensor {
    const shape: number[] = [];
    let v: NestedArray = values;
    while (Array.isArray(v)) {
      shape.push(v.length);
      v = v[0] as NestedArray;
    }
    const flat: number[] = [];
    const walk = (x: NestedArray, depth: number): void => {
      if (depth === shape.length) {
        if (typeof x !== 'number') throw new Error('Tensor.from: ragged nested array');
        flat.push(x);
        return;
      }
      if (!Array.isArray(x) || x.length !== shape[depth])
        throw new Error(`Tensor.from: ragged nested array at depth ${depth}`);
      for (const y of x) walk(y, depth + 1);
    };
    walk(values, 0);
    const data = alloc(flat.length, dtype);
    data.set(flat);
    return new Tensor(shape, data);
  }

  /** A copy, optionally in another dtype. */
  clone(dtype: DType = this.dtype): Tensor {
    const data = alloc(this.size, dtype);
    data.set(this.data);
    return new Tensor(this.shape, data);
  }

  /** The same data under another shape of equal size. */
  reshape(shape: readonly number[]): Tensor {
    return new Tensor(shape, this.data);
  }

  /** Nested arrays, as `Tensor.from` takes them. */
  toArray(): NestedArray {
    const build = (offset: number, depth: number): NestedArray => {
      if (depth === this.shape.length) return this.data[offset]!;
      const stride = sizeOf(this.shape.slice(depth + 1));
      return Array.from({ length: this.shape[depth]! }, (_, i) => build(offset + i * stride, depth + 1));
    };
    return build(0, 0);
  }

  /** Element at a multi-index. */
  get(...index: number[]): number {
    if (index.length !== this.shape.length)
      throw new Error(`get: ${index.length} indices for a tensor of rank ${this.shape.length}`);
    let offset = 0;
    index.forEach((i, d) => {
      if (i < 0 || i >= this.shape[d]!)
        throw new Error(`get: index ${i} out of range for dimension ${d} of size ${this.shape[d]}`);
      offset = offset * this.shape[d]! + i;
    });
    return this.data[offset]!;
  }
}
