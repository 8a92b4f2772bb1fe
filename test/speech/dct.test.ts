import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDct, dctMatrix } from '../../src/speech/dct';
import { dctOrthogonalityError } from '../../src/speech/checks';

test('the DCT-II matrix is orthogonal, so it keeps Σ e² = Σ c²', () => {
  assert.ok(dctOrthogonalityError(26) < 1e-12);
  assert.ok(dctOrthogonalityError(7) < 1e-12);
  const e = [0.3, -1, 2, 0.5, 4],
    c = applyDct(dctMatrix(5), e);
  assert.ok(Math.abs(c.reduce((s, v) => s + v * v, 0) - e.reduce((s, v) => s + v * v, 0)) < 1e-12);
});

test('c_0 of a constant vector is √M times it; the other coefficients vanish', () => {
  const c = applyDct(dctMatrix(8), new Array(8).fill(2));
  assert.ok(Math.abs(c[0]! - Math.sqrt(8) * 2) < 1e-12);
  for (let n = 1; n < 8; n++) assert.ok(Math.abs(c[n]!) < 1e-12);
  assert.throws(() => dctMatrix(4, 5), /rows must be an integer in \[1, 4\]; got 5/);
});
