import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose, maxAbsDiff, relativeError } from '../../src/checks/close';
import { numericGradient, gradCheck } from '../../src/checks/gradcheck';
import { ShapeError, checkShape, matmulShape } from '../../src/tensor/shape';
import { Tensor } from '../../src/tensor/tensor';

test('assertClose passes within atol + rtol·|b| and names the first bad element otherwise', () => {
  assert.equal(assertClose([1, 2], [1, 2.000001], { atol: 1e-5 }), maxAbsDiff([1, 2], [1, 2.000001]));
  assert.throws(
    () => assertClose([1, 2.1], [1, 2], { atol: 1e-3, what: 'H_T' }),
    /H_T: element 1 is 2\.1, expected 2 \(difference 1\.000e-1/,
  );
  assert.doesNotThrow(() => assertClose([110], [100], { atol: 0, rtol: 0.1 }));
  assert.throws(() => assertClose([1], [1, 2]), /lengths differ, 1 vs 2/);
  assert.equal(maxAbsDiff([0], [Number.NaN]), Number.POSITIVE_INFINITY);
});

test('relativeError is scale-free and 0 for two zero vectors', () => {
  assert.equal(relativeError([0, 0], [0, 0]), 0);
  assert.ok(Math.abs(relativeError([1, 0], [1.1, 0]) - 0.1 / 2.1) < 1e-15);
  assert.ok(Math.abs(relativeError([1000, 0], [1100, 0]) - 0.1 / 2.1) < 1e-15);
});

test('numericGradient of x² + 3xy at (2, 5) is (2x + 3y, 3x) = (19, 6) and restores x', () => {
  const x = Float64Array.from([2, 5]);
  const g = numericGradient(() => x[0]! ** 2 + 3 * x[0]! * x[1]!, x);
  assert.ok(Math.abs(g[0]! - 19) < 1e-8 && Math.abs(g[1]! - 6) < 1e-8, `${g}`);
  assert.deepEqual(Array.from(x), [2, 5]);
});

test('gradCheck catches a wrong analytic gradient and refuses float32', () => {
  const t = Tensor.from([1, 2], 'float64');
  const loss = (): number => t.data[0]! * t.data[1]!;
  const good = gradCheck(loss, { t }, { t: Tensor.from([2, 1], 'float64') });
  assert.ok(good[0]!.relError < 1e-9);
  const bad = gradCheck(loss, { t }, { t: Tensor.from([2, -1], 'float64') });
  assert.ok(bad[0]!.relError > 0.1);
  assert.throws(
    () => gradCheck(loss, { t: Tensor.from([1, 2]) }, { t: Tensor.from([2, 1]) }),
    /float32; central differences need float64/,
  );
});

test('checkShape binds named dimensions and names expected and actual shapes', () => {
  const b = checkShape('X', [4, 7, 3], ['batchSize', 'numSteps', 3]);
  assert.deepEqual(b, { batchSize: 4, numSteps: 7 });
  assert.throws(
    () => checkShape('H0', [5, 8], ['batchSize', 8], b),
    /H0: expected shape \[batchSize, 8\], got \[5, 8\] — dimension 0 \(batchSize\) is 5, but batchSize = 4 elsewhere/,
  );
  assert.throws(() => checkShape('b', [3], [4]), ShapeError);
  assert.throws(() => checkShape('b', [3, 1], [3]), /rank 2, expected rank 1/);
  assert.deepEqual(matmulShape('W x', [4, 3], [3, 1]), [4, 1]);
  assert.throws(
    () => matmulShape('W x', [4, 3], [5, 1]),
    /cannot multiply \[4, 3\] by \[5, 1\]: inner dimensions 3 and 5 differ/,
  );
});

test('assertClose, maxAbsDiff and relativeError take tensors and insist on equal shapes', () => {
  const a = Tensor.from(
    [
      [1, 2],
      [3, 4],
    ],
    'float64',
  );
  assert.equal(
    assertClose(
      a,
      Tensor.from([
        [1, 2],
        [3, 4.5],
      ]),
      { atol: 0.6, what: 'H' },
    ),
    0.5,
  );
  assert.equal(maxAbsDiff(a, [1, 2, 3, 5]), 1);
  assert.equal(relativeError(a, a.clone()), 0);
  assert.throws(
    () => assertClose(a, a.reshape([4]), { what: 'H_T' }),
    /H_T: expected shape \[4\], got \[2, 2\]/,
  );
  assert.throws(() => maxAbsDiff(a, a.reshape([1, 4])), /values: expected shape \[1, 4\], got \[2, 2\]/);
});
