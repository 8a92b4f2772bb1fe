import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expect, expectClose } from '../../src/checks/expect';

test('expect prints what it verified and throws naming a failed check', (t) => {
  const log = t.mock.method(console, 'log', () => undefined);
  const two: number = 2;
  expect('one is one', two - 1 === 1);
  assert.equal(log.mock.calls[0]?.arguments[0], '✓ one is one');
  assert.throws(() => expect('two is three', two === 3, 'got 2'), /check failed: two is three \(got 2\)/);
});

test('expectClose compares numbers and arrays within a tolerance', (t) => {
  t.mock.method(console, 'log', () => undefined);
  expectClose('sigmoid(0)', 1 / (1 + Math.exp(-0)), 0.5, 1e-15);
  expectClose('arrays', [1, 2, 3], new Float64Array([1, 2, 3 + 1e-9]), 1e-8);
  assert.throws(
    () => expectClose('far apart', [1, 2], [1, 2.5], 1e-3),
    /check failed: far apart.*max \|a − b\| = 5\.0e-1 > 0\.001/,
  );
});
