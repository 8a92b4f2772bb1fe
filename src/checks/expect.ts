/**
 * Checks in a notebook, one line each: `checks.expect('the gates sum to one', Math.abs(s - 1) < 1e-12)`
 * prints `✓ the gates sum to one` and returns; a false condition throws an Error naming the check
 * (and the detail, when given), so the notebook run fails at that cell.
 */
import { maxAbsDiff, Numbers } from './close';

/** Prints `✓ what` when `ok`; throws `check failed: what (detail)` otherwise. */
export function expect(what: string, ok: boolean, detail?: string): asserts ok {
  if (!ok) throw new Error(`check failed: ${what}${detail === undefined ? '' : ` (${detail})`}`);
  console.log(`✓ ${what}`);
}

/**
 * Prints `✓ what: max |a − b| = 3.1e-16 ≤ 1e-12` when every |a_i − b_i| ≤ tol, throws with the
 * largest difference otherwise. `a` and `b` are numbers, arrays, typed arrays or tensors of one shape.
 */
export function expectClose(what: string, a: number | Numbers, b: number | Numbers, tol: number): void {
  const d = typeof a === 'number' || typeof b === 'number'
    ? maxAbsDiff([Number(a)], [Number(b)], what)
    : maxAbsDiff(a, b, what);
  const figure = `max |a − b| = ${d.toExponential(1)}`;
  expect(`${what}: ${figure} ≤ ${tol}`, d <= tol, `${figure} > ${tol}`);
}
