/**
 * A scatter-add `UnsortedSegmentSum` kernel for tfjs's `cpu` backend, which makes `tf.layers.embedding`
 * trainable at a usable speed there.
 *
 * Why: the gradient of a gather (an Embedding lookup) is
 *   ∂L/∂W[v, :] = Σ_{n : ids[n] = v} ∂L/∂out[n, :]      W: [vocabSize, embeddingDim]
 * which tfjs computes with `unsortedSegmentSum(dOut, ids, vocabSize)`. The stock cpu kernel
 * (tfjs-backend-cpu 4.22, `kernels/UnsortedSegmentSum.ts`) loops over all `numSegments` and for each one
 * builds a full-size mask, multiplies and sums: O(numSegments · N · D) work and 5·numSegments temporary
 * tensors. With a 10,000-word vocabulary and a batch of 64 × 20 words that is ≈ 1.6·10⁹ multiply-adds
 * and 50,000 allocations per step — measured at 283 s for one training step of
 * Embedding(10000, 128) → LSTM(64) → Dense(1) (one `trainOnBatch` on random ids, 2 shared cores).
 * The kernel below is the sum itself, one pass over the N rows: O(N · D).
 *
 * Not supported: segment ids outside [0, numSegments) are dropped (as TensorFlow does); int32 data is
 * summed in float64 and truncated back. Other backends are left alone (tfjs-node's kernel is native;
 * wasm has no such kernel and no generic way to allocate outputs).
 */
import * as tf from '@tensorflow/tfjs';

type Values = ArrayLike<number>;

/** The part of tfjs-backend-cpu's `MathBackendCPU` this kernel uses. */
interface CpuBackendLike {
  readSync(dataId: object): unknown;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: Float32Array | Int32Array): tf.TensorInfo;
}

/** The part of tfjs-backend-wasm's `BackendWasm` this kernel uses. */
interface WasmBackendLike {
  readSync(dataId: object): unknown;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): unknown;
}

function isCpuBackend(b: unknown): b is CpuBackendLike {
  return typeof b === 'object' && b !== null && 'readSync' in b && 'makeTensorInfo' in b;
}

function isWasmBackend(b: unknown): b is WasmBackendLike {
  return (
    typeof b === 'object' && b !== null && 'readSync' in b && 'makeOutput' in b && 'typedArrayFromHeap' in b
  );
}

function numeric(v: unknown, what: string): Values {
  if (v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array) return v;
  throw new Error(
    `unsortedSegmentSum: ${what} must be numeric data, got ${Object.prototype.toString.call(v)}`,
  );
}

/**
 * out[s, …] = Σ_{n : segmentIds[n] = s} x[n, …]   for x of shape [...segmentIds.shape, ...rest],
 * out of shape [numSegments, ...rest] — the plain-array core of the kernel, exported for tests.
 */
export function segmentSum(
  x: Values,
  xShape: readonly number[],
  segmentIds: Values,
  numSegments: number,
): Float64Array {
  const n = segmentIds.length;
  const inner = n === 0 ? 0 : x.length / n;
  if (!Number.isInteger(inner))
    throw new Error(
      `unsortedSegmentSum: x of shape [${xShape.join(', ')}] does not split into ${n} segment rows`,
    );
  const out = new Float64Array(numSegments * inner);
  for (let i = 0; i < n; i++) {
    const s = segmentIds[i]!;
    if (s < 0 || s >= numSegments) continue;
    const o = s * inner,
      r = i * inner;
    for (let j = 0; j < inner; j++) out[o + j]! += x[r + j]!;
  }
  return out;
}

const fastKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const x = inputs['x'];
  const ids = inputs['segmentIds'];
  const numSegments = Number(attrs?.['numSegments']);
  if (!x || !ids) throw new Error('unsortedSegmentSum: expected inputs x and segmentIds');
  if (!isCpuBackend(backend) && !isWasmBackend(backend))
    throw new Error('unsortedSegmentSum: this kernel needs the cpu or wasm backend');
  const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
  const sums = segmentSum(
    numeric(backend.readSync(x.dataId), 'x'),
    x.shape,
    numeric(backend.readSync(ids.dataId), 'segmentIds'),
    numSegments,
  );
  if (isCpuBackend(backend)) {
    return backend.makeTensorInfo(
      outShape,
      x.dtype,
      x.dtype === 'int32' ? Int32Array.from(sums, Math.trunc) : Float32Array.from(sums),
    );
  }
  const out = backend.makeOutput(outShape, x.dtype);
  const heap = backend.typedArrayFromHeap(out);
  if (!(heap instanceof Float32Array || heap instanceof Int32Array))
    throw new Error(`unsortedSegmentSum: unexpected output storage for dtype ${x.dtype}`);
  for (let i = 0; i < sums.length; i++) heap[i] = x.dtype === 'int32' ? Math.trunc(sums[i]!) : sums[i]!;
  return out;
};

let installed = false;

/**
 * Registers the scatter-add kernel for the cpu and wasm backends (idempotent): on cpu in place of
 * tfjs's slow kernel (the same numbers, faster); on wasm, where tfjs has none, so that an Embedding can
 * train there. Called by the text classifiers before they train; safe to call anywhere.
 */
export function installFastSegmentSum(): void {
  if (installed) return;
  for (const backendName of ['cpu', 'wasm']) {
    if (tf.getKernel(tf.UnsortedSegmentSum, backendName) !== undefined)
      tf.unregisterKernel(tf.UnsortedSegmentSum, backendName);
    tf.registerKernel({ kernelName: tf.UnsortedSegmentSum, backendName, kernelFunc: fastKernel });
  }
  installed = true;
}
