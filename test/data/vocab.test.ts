import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenize, Vocab } from '../../src/data/vocab';

test('a word vocabulary puts <unk>, then reserved tokens, then words by frequency (ties alphabetical)', () => {
  const v = Vocab.words('the cat the dog the cat a', { reserved: ['<pad>', '<bos>', '<eos>'] });
  assert.deepEqual(v.tokens, ['<unk>', '<pad>', '<bos>', '<eos>', 'the', 'cat', 'a', 'dog']);
  assert.equal(v.unknownId, 0);
  assert.equal(v.counts.get('the'), 3);
  assert.deepEqual(Array.from(v.encode(['the', 'zebra', '<eos>'])), [4, 0, 3]);
  assert.equal(v.decodeText([4, 5]), 'the cat');
});

test('minFreq leaves rare tokens out and they map to <unk>; reserved tokens are never duplicated', () => {
  const v = Vocab.words('a a a b b c', { minFreq: 2, reserved: ['<unk>', '<pad>'] });
  assert.deepEqual(v.tokens, ['<unk>', '<pad>', 'a', 'b']);
  assert.equal(v.id('c'), 0);
  assert.equal(v.has('c'), false);
});

test('a character vocabulary is sorted(set(text)) and has no <unk>; unknown characters and ids are named', () => {
  const v = Vocab.characters('hello world');
  assert.deepEqual(v.tokens, [' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
  assert.equal(v.decodeText(v.encodeText('hello')), 'hello');
  assert.throws(() => v.encodeText('help'), /token "p" at position 3 is not in the vocabulary of 8 tokens, which has no unknown token/);
  assert.throws(() => v.decode([2, 8]), /token id 8 is outside the vocabulary of 8 tokens \(ids 0\.\.7\)/);
  assert.throws(() => v.token(-1), /token id -1 is outside/);
  assert.throws(() => v.token(1.5), /token id 1\.5 is outside/);
});

test('a vocabulary survives toJSON/fromJSON and rejects duplicates', () => {
  const v = Vocab.words('x y y z z z', { reserved: ['<eos>'] });
  const w = Vocab.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
  assert.deepEqual(w.tokens, v.tokens);
  assert.equal(w.unknownId, v.unknownId);
  assert.equal(w.decodeText(w.encodeText('z y q')), 'z y <unk>');
  assert.throws(() => new Vocab(['a', 'b', 'a']), /token "a" appears twice \(ids 0 and 2\)/);
  assert.throws(() => new Vocab(['a'], { unknown: '<unk>' }), /unknown token "<unk>" is not among the tokens/);
});

test('tokenize splits code points and white space', () => {
  assert.deepEqual(tokenize('a😀b', 'char'), ['a', '😀', 'b']);
  assert.deepEqual(tokenize('  to be\n\nor  not ', 'word'), ['to', 'be', 'or', 'not']);
});
