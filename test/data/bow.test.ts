import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bagOfWords, selectRows } from '../../src/data/bow';

test('bagOfWords counts each index per row and ignores padding 0', () => {
  const X = bagOfWords([[3, 1, 3, 0, 0], [], [2]], 4);
  assert.deepEqual([...X.indptr], [0, 2, 2, 3]);
  assert.deepEqual([...X.indices], [1, 3, 2]);
  assert.deepEqual([...X.values], [1, 2, 1]);
  assert.throws(() => bagOfWords([[4]], 4), /index 4 in sequence 0 is outside 1\.\.3/);
});

test('selectRows reorders rows', () => {
  const X = bagOfWords([[1], [2, 2], [3]], 4);
  const Y = selectRows(X, [2, 1]);
  assert.deepEqual([...Y.indptr], [0, 1, 2]);
  assert.deepEqual([...Y.indices], [3, 2]);
  assert.deepEqual([...Y.values], [1, 2]);
});
