/**
 * Closeness of two arrays of numbers, with the tolerance stated: |a − b| ≤ atol + rtol·|b| for
 * every element. The error messages say where and by how much. Each side may be a Tensor (then two
 * tensors must have the same shape), a typed array or a plain array.
 */
import { Tensor } from '../tensor';

/** What the comparisons accept. */
export type Numbers = ArrayLike<number> | Tensor;

/** The numbers behind `x`, after checking that two tensors have the same shape. */
function valuesOf(a: Numbers, b: Numbers, what: string): [ArrayLike<number>, ArrayLike<number>] {
  if (
    a instanceof Tensor &&
    b instanceof Tensor &&
    (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i]))
  ) {
    throw new Error(`${what}: expected shape [${b.shape.join(', ')}], got [${a.shape.join(', ')}]`);
  }
  return [a instanceof Tensor ? a.data : a, b instanceof Tensor ? b.data : b];
}

/** Tolerances of {@link assertClose}. */
export interface CloseOptions {
  /** Absolute tolerance. @default 1e-5 */
  atol?: number;
  /** Relative tolerance. @default 0 */
  rtol?: number;
  /** What is compared, for the error message. @default 'values' */
  what?: string;
}

/** The largest |a_i − b_i|; the arrays must have the same length. */
export function maxAbsDiff(x: Numbers, y: Numbers, what = 'values'): number {
  const [a, b] = valuesOf(x, y, what);
  if (a.length !== b.length) throw new Error(`${what}: lengths differ, ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    if (Number.isNaN(d)) return Number.POSITIVE_INFINITY;
    m = Math.max(m, d);
  }
  return m;
}

/** Throws unless every |actual − expected| ≤ atol + rtol·|expected|; returns the largest absolute difference. */
export function assertClose(
  actualValues: Numbers,
  expectedValues: Numbers,
  options: CloseOptions = {},
): number {
  const { atol = 1e-5, rtol = 0, what = 'values' } = options;
  const [actual, expected] = valuesOf(actualValues, expectedValues, what);
  if (actual.length !== expected.length)
    throw new Error(`${what}: lengths differ, ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i]! - expected[i]!);
    if (!(d <= atol + rtol * Math.abs(expected[i]!))) {
      throw new Error(
        `${what}: element ${i} is ${actual[i]}, expected ${expected[i]} (difference ${d.toExponential(3)} > atol ${atol} + rtol ${rtol}·|expected|)`,
      );
    }
  }
  return maxAbsDiff(actual, expected, what);
}

/** ‖a − b‖ / max(‖a‖ + ‖b‖, tiny): the relative error of two gradients as a whole (0 when both are 0). */
export function relativeError(x: Numbers, y: Numbers, what = 'values'): number {
  const [a, b] = valuesOf(x, y, what);
  if (a.length !== b.length) throw new Error(`${what}: lengths differ, ${a.length} vs ${b.length}`);
  let diff = 0,
    na = 0,
    nb = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    na += a[i]! ** 2;
    nb += b[i]! ** 2;
  }
  const denom = Math.sqrt(na) + Math.sqrt(nb);
  if (Number.isNaN(diff)) return Number.POSITIVE_INFINITY;
  return denom < 1e-300 ? 0 : Math.sqrt(diff) / denom;
}
