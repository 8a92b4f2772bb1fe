import { test } from 'node:test';
import assert from 'node:assert/strict';
import { padSequences, sequenceLengths } from '../../src/data/pad';

// The examples of Keras's pad_sequences documentation.
const seqs = [[1], [2, 3], [4, 5, 6]];

test('defaults: pad and truncate in front, to the longest sequence', () => {
  assert.deepEqual(padSequences(seqs), [[0, 0, 1], [0, 2, 3], [4, 5, 6]]);
  assert.deepEqual(padSequences(seqs, { value: -1 }), [[-1, -1, 1], [-1, 2, 3], [4, 5, 6]]);
});

test("padding 'post' fills behind", () => {
  assert.deepEqual(padSequences(seqs, { padding: 'post' }), [[1, 0, 0], [2, 3, 0], [4, 5, 6]]);
});

test("maxlen truncates: 'pre' drops the beginning, 'post' the end", () => {
  assert.deepEqual(padSequences(seqs, { maxlen: 2 }), [[0, 1], [2, 3], [5, 6]]);
  assert.deepEqual(padSequences(seqs, { maxlen: 2, truncating: 'post' }), [[0, 1], [2, 3], [4, 5]]);
  assert.deepEqual(padSequences(seqs, { maxlen: 2, truncating: 'post', padding: 'post' }), [[1, 0], [2, 3], [4, 5]]);
  assert.deepEqual(padSequences([[1, 2, 3, 4, 5]], { maxlen: 3, padding: 'post', truncating: 'pre' }), [[3, 4, 5]]);
});

test('empty sequences, maxlen longer than all, maxlen 0', () => {
  assert.deepEqual(padSequences([[], [7]], { maxlen: 3 }), [[0, 0, 0], [0, 0, 7]]);
  assert.deepEqual(padSequences([[7]], { maxlen: 4, padding: 'post' }), [[7, 0, 0, 0]]);
  assert.deepEqual(padSequences([[1, 2]], { maxlen: 0 }), [[]]);
  assert.deepEqual(padSequences([]), []);
});

test('bad options are errors naming the value', () => {
  assert.throws(() => padSequences(seqs, { padding: 'middle' as 'pre' }), /padding must be 'pre' or 'post', got 'middle'/);
  assert.throws(() => padSequences(seqs, { truncating: 'x' as 'pre' }), /truncating must be 'pre' or 'post', got 'x'/);
  assert.throws(() => padSequences(seqs, { maxlen: -1 }), /maxlen must be an integer ≥ 0, got -1/);
});

test('sequenceLengths counts the non-padding entries', () => {
  assert.deepEqual(sequenceLengths(padSequences(seqs, { maxlen: 5 })), [1, 2, 3]);
});
