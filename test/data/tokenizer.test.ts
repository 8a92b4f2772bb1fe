import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERAS_FILTERS, Tokenizer, textToWordSequence } from '../../src/data/tokenizer';

// Expected values are worked out by hand from Keras's rules (keras_preprocessing/text.py):
// index by descending count, ties in first-occurrence order; keep index < num_words.

test('textToWordSequence lower-cases, turns filter characters into separators, keeps apostrophes', () => {
  assert.deepEqual(textToWordSequence('Hello, World!  it\'s too-tepid\tnow'), ['hello', 'world', "it's", 'too', 'tepid', 'now']);
  assert.deepEqual(textToWordSequence('A.B', KERAS_FILTERS, false), ['A', 'B']);
  assert.deepEqual(textToWordSequence('a-b c', '', true), ['a-b', 'c']);
  assert.deepEqual(textToWordSequence('...'), []);
});

test('fitOnTexts ranks by count, ties by first occurrence, index 0 unused', () => {
  const tok = new Tokenizer().fitOnTexts(['b a a', 'c b a']);
  assert.deepEqual([...tok.wordIndex], [['a', 1], ['b', 2], ['c', 3]]);
  assert.equal(tok.documentCount, 2);
  const ties = new Tokenizer().fitOnTexts(['y x', 'x y z']);
  assert.deepEqual([...ties.wordIndex], [['y', 1], ['x', 2], ['z', 3]]);
  assert.equal(ties.indexWord.get(0), undefined);
});

test('numWords keeps indices below numWords; unseen and rarer words are dropped without an OOV token', () => {
  const tok = new Tokenizer({ numWords: 3 }).fitOnTexts(['b a a', 'c b a']);
  assert.equal(tok.wordIndex.get('c'), 3); // the index knows every word …
  assert.deepEqual(tok.textsToSequences(['a b c d', 'c c']), [[1, 2], []]); // … encoding keeps 1..2
  assert.equal(tok.vocabSize, 3);
  assert.equal(new Tokenizer().fitOnTexts(['b a a', 'c b a']).vocabSize, 4);
});

test('with an OOV token it takes index 1 and replaces rare and unseen words', () => {
  const tok = new Tokenizer({ numWords: 3, oovToken: '<oov>' }).fitOnTexts(['b a a', 'c b a']);
  assert.deepEqual([...tok.wordIndex], [['<oov>', 1], ['a', 2], ['b', 3], ['c', 4]]);
  assert.deepEqual(tok.textsToSequences(['a b c d']), [[2, 1, 1, 1]]);
  // Keras decodes an index ≥ numWords, and one it does not know (0, padding), as the OOV token.
  assert.deepEqual(tok.sequencesToTexts([[2, 3, 0]]), ['a <oov> <oov>']);
  assert.throws(() => new Tokenizer({ oovToken: 'a' }).fitOnTexts(['a b']), /oovToken "a" occurs in the texts 1 times/);
});

test('sequencesToTexts inverts textsToSequences on kept words and skips unknown indices', () => {
  const tok = new Tokenizer({ numWords: 3 }).fitOnTexts(['b a a', 'c b a']);
  assert.deepEqual(tok.sequencesToTexts([[1, 2, 0, 3, 99]]), ['a b']);
  const all = new Tokenizer().fitOnTexts(['the cat sat', 'the dog']);
  assert.deepEqual(all.sequencesToTexts(all.textsToSequences(['The dog, the cat!'])), ['the dog the cat']);
});

test('bad numWords is an error naming it', () => {
  assert.throws(() => new Tokenizer({ numWords: 0 }), /numWords must be an integer ≥ 1, got 0/);
  assert.throws(() => new Tokenizer({ numWords: 2.5 }), /got 2\.5/);
});
