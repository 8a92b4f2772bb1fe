import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanLines, corpusFromText, loadCorpus, readTimeMachine } from '../../src/data/corpus';

test('The Time Machine is the file d2l uses: 178,979 characters, 70 distinct', () => {
  const text = readTimeMachine();
  assert.equal(text.length, 178979);
  assert.ok(text.startsWith('The Time Machine, by H. G. Wells [1898]'));
  assert.equal(loadCorpus('timemachine').vocab.size, 70);
});

test("word level reproduces d2l's counts: 32,775 tokens, 4,580 entries with <unk>, 'the' most frequent", () => {
  // d2l §8.2 (text preprocessing): len(corpus) = 32775, len(vocab) = 4580, top token ('the', 2261).
  const c = loadCorpus('timemachine', { level: 'word', vocab: { minFreq: 0 } });
  assert.equal(c.tokens.length, 32775);
  assert.equal(c.vocab.size, 4580);
  assert.equal(c.vocab.tokens[1], 'the');
  assert.equal(c.vocab.counts.get('the'), 2261);
  assert.equal(c.vocab.decodeText(c.ids.subarray(0, 6)), 'the time machine by h g');
});

test("cleanLines keeps letters only, lower case, as d2l's read_time_machine", () => {
  assert.deepEqual(cleanLines("It's 1898--Wells!\n\n  A b"), ['it s wells', '', 'a b']);
});

test('Tiny Shakespeare at character level: 65 characters, ids decode back to the text', () => {
  const c = loadCorpus('tinyshakespeare', { maxChars: 5000 });
  assert.equal(c.vocab.decodeText(c.ids), c.tokens.join(''));
  assert.equal(loadCorpus('tinyshakespeare').vocab.size, 65);
});

test('corpusFromText on the text loadCorpus reads gives the same tokens, vocabulary and ids', () => {
  const text = readTimeMachine();
  for (const options of [{}, { maxChars: 5000 }, { level: 'word' as const }]) {
    const a = loadCorpus('timemachine', options),
      b = corpusFromText('timemachine', text, options);
    assert.deepEqual(b.tokens, a.tokens);
    assert.deepEqual(b.vocab.tokens, a.vocab.tokens);
    assert.deepEqual(b.ids, a.ids);
  }
});
