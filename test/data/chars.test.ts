import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CharVocab, randomCharWindows } from '../../src/data/chars';
import { readDataText } from '../../src/data/verified';
import { Rng } from '../../src/tensor/rng';

test('Tiny Shakespeare is intact and has 65 characters', () => {
  const text = readDataText('tinyshakespeare', 'input.txt');
  assert.equal(text.length, 1115394);
  assert.equal(new CharVocab(text).size, 65);
  assert.ok(text.startsWith('First Citizen:'));
});

test('CharVocab encodes and decodes, naming unknown characters and ids', () => {
  const v = new CharVocab('hello');
  assert.deepEqual(v.chars, ['e', 'h', 'l', 'o']);
  assert.deepEqual(Array.from(v.encode('hole')), [1, 3, 2, 0]);
  assert.equal(v.decode([1, 0, 2, 2, 3]), 'hello');
  assert.throws(() => v.encode('help'), /character "p" at position 3 is not in the vocabulary of 4/);
  assert.throws(() => v.decode([4]), /id 4 is outside 0\.\.3/);
});

test('randomCharWindows gives one-hot inputs and next-character targets', () => {
  const v = new CharVocab('abcdefgh');
  const ids = v.encode('abcdefghabcdefgh');
  const { X, Y, starts } = randomCharWindows(ids, v.size, 3, 4, new Rng(1));
  assert.deepEqual(X.shape, [3, 4, 8]);
  for (let b = 0; b < 3; b++) for (let t = 0; t < 4; t++) {
    const row = Array.from(X.data.slice((b * 4 + t) * 8, (b * 4 + t + 1) * 8));
    assert.equal(row.indexOf(1), ids[starts[b]! + t]);
    assert.equal(Y[b * 4 + t], ids[starts[b]! + t + 1]);
  }
  assert.throws(() => randomCharWindows(ids, 8, 1, 20, new Rng(1)), /too short/);
});
