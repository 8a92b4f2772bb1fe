import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kFold, take, trainTestSplit } from '../../src/data/split';

const labels = Int32Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0)); // 26 ones, 77 zeros

const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
const count = (idx: number[], c: number): number => idx.filter((i) => labels[i] === c).length;

test('trainTestSplit: disjoint, covers everything, stratified, reproducible by seed', () => {
  const s = trainTestSplit(labels.length, 0.2, 7, labels);
  assert.deepEqual(sorted([...s.train, ...s.test]), Array.from({ length: 103 }, (_, i) => i));
  assert.equal(count(s.test, 1), Math.round(26 * 0.2));
  assert.equal(count(s.test, 0), Math.round(77 * 0.2));
  assert.deepEqual(trainTestSplit(labels.length, 0.2, 7, labels), s);
  assert.notDeepEqual(trainTestSplit(labels.length, 0.2, 8, labels).test, s.test);
  assert.throws(() => trainTestSplit(10, 1, 0), /testFraction must be in \(0, 1\), got 1/);
});

test('kFold: each item held out exactly once, train is the complement, classes spread evenly', () => {
  const folds = kFold(labels.length, 10, 3, labels);
  assert.equal(folds.length, 10);
  const held = folds.flatMap((f) => f.test);
  assert.deepEqual(sorted(held), Array.from({ length: 103 }, (_, i) => i));
  for (const f of folds) {
    assert.equal(f.train.length + f.test.length, 103);
    assert.equal(new Set([...f.train, ...f.test]).size, 103);
    assert.ok(Math.abs(count(f.test, 1) - 2.6) < 1, `ones per fold ${count(f.test, 1)}`);
    assert.ok(Math.abs(f.test.length - 10.3) < 1, `fold size ${f.test.length}`);
  }
  assert.deepEqual(kFold(labels.length, 10, 3, labels), folds);
  assert.throws(() => kFold(5, 6, 0), /k must be an integer in \[2, 5\], got 6/);
});

test('take picks by index and names a bad one', () => {
  assert.deepEqual(take(['a', 'b', 'c'], [2, 0]), ['c', 'a']);
  assert.throws(() => take([1, 2], [2]), /index 2 outside 0\.\.1/);
});
