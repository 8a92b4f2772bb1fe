import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadOptdigits, parseOptdigits } from '../../src/data/optdigits';

test('optdigits loads 3,823 training and 1,797 test digits with every class present', () => {
  const { train, test: tst } = loadOptdigits();
  assert.equal(train.n, 3823);
  assert.equal(tst.n, 1797);
  assert.equal(train.X.length, 3823 * 64);
  for (const split of [train, tst]) {
    const counts = new Array(10).fill(0);
    split.y.forEach((c) => { counts[c]++; });
    assert.ok(counts.every((c) => c > 150), `class counts ${counts}`);
    assert.ok(split.X.every((v) => v >= 0 && v <= 1));
  }
  // The first training row of the file, by hand: "0,1,6,15,12,1,0,0,…,0" with label 0.
  assert.deepEqual(Array.from(train.X.slice(0, 4)), [0, 1 / 16, 6 / 16, 15 / 16]);
  assert.equal(train.y[0], 0);
});

test('parseOptdigits names the bad row', () => {
  assert.throws(() => parseOptdigits('1,2,3\n', 'x'), /x row 1: expected 65 integers, got '1,2,3'/);
  const row = new Array(64).fill(0).join(',');
  assert.throws(() => parseOptdigits(`${row},12\n`, 'x'), /label 12 is not a digit/);
});
