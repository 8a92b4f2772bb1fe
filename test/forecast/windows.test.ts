import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chronologicalOrigins,
  chronologicalSplit,
  randomOrigins,
  windowInputs,
  windowOrigins,
  windowTargets,
} from '../../src/forecast/windows';
import { Rng } from '../../src/tensor/rng';

test('a window at origin t: inputs y_{t−L+1..t}, targets y_{t+1..t+H}', () => {
  const y = [10, 11, 12, 13, 14, 15];
  assert.deepEqual(Array.from(windowInputs(y, 3, 3)), [11, 12, 13]);
  assert.deepEqual(Array.from(windowTargets(y, 3, 2)), [14, 15]);
  assert.throws(() => windowInputs(y, 1, 3), /origin 1 with look-back 3/);
  assert.throws(() => windowTargets(y, 4, 2), /origin 4 with horizon 2/);
});

test('windowOrigins: every t with t−L+1−extra ≥ 0, t+1 ≥ from and t+H < to', () => {
  // n = 10, L = 3, H = 2, whole range: t from 2 to 7
  assert.deepEqual(windowOrigins(0, 10, 3, 2), [2, 3, 4, 5, 6, 7]);
  // targets inside [6, 10): t + 1 ≥ 6 → t ≥ 5
  assert.deepEqual(windowOrigins(6, 10, 3, 2), [5, 6, 7]);
  // one extra value before the look-back (a difference): t ≥ 3
  assert.deepEqual(windowOrigins(0, 10, 3, 2, 1), [3, 4, 5, 6, 7]);
});

test('chronologicalSplit: the last 15% test, the 15% before validate', () => {
  const s = chronologicalSplit(100, 0.15, 0.15);
  assert.deepEqual(s, { n: 100, trainEnd: 70, validationEnd: 85 });
  assert.throws(() => chronologicalSplit(100, 0.6, 0.5), /leave no training part/);
});

test('chronological origins: no target of a part lies outside it, inputs never look forward', () => {
  const s = chronologicalSplit(100, 0.15, 0.15),
    L = 5,
    H = 3;
  const o = chronologicalOrigins(s, L, H);
  for (const t of o.train) assert.ok(t - L + 1 >= 0 && t + H < 70);
  for (const t of o.validation) assert.ok(t + 1 >= 70 && t + H < 85);
  for (const t of o.test) assert.ok(t + 1 >= 85 && t + H < 100);
  assert.equal(o.test.length, 100 - H - 84); // t = 84 … 96
});

test('randomOrigins deals the same origins into parts of the same sizes', () => {
  const o = chronologicalOrigins(chronologicalSplit(100, 0.15, 0.15), 5, 1);
  const r = randomOrigins(o, new Rng(1));
  assert.equal(r.train.length, o.train.length);
  assert.equal(r.test.length, o.test.length);
  assert.deepEqual(
    [...r.train, ...r.validation, ...r.test].sort((a, b) => a - b),
    [...o.train, ...o.validation, ...o.test],
  );
  assert.ok(
    r.test.some((t) => t < 70),
    'some test windows now sit among the training ones',
  );
});
