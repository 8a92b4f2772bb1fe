import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusBleuZh, isChineseChar, tokenizeZh } from '../../src/metrics/tokenize-zh';

test("sacrebleu's zh tokenisation: each CJK character a token, the rest split as its regexp tokenizer does", () => {
  assert.deepEqual(tokenizeZh('我叫Tom。'), ['我', '叫', 'Tom', '。']);
  assert.deepEqual(tokenizeZh('你好，汤姆！'), ['你', '好', '，', '汤', '姆', '！']); // full-width: U+FF0C, U+FF01
  assert.deepEqual(tokenizeZh('他有3.5元, ok.'), ['他', '有', '3.5', '元', ',', 'ok', '.']);
  assert.deepEqual(tokenizeZh('我冷?'), ['我', '冷', '?']);
  assert.deepEqual(tokenizeZh('“好”'), ['“', '好', '”']); // U+201C/U+201D: inside sacrebleu's U+2001–U+2A6D
  assert.deepEqual(tokenizeZh('  '), []);
});

test('isChineseChar follows the ranges as Python reads them', () => {
  assert.equal(isChineseChar('中'), true);
  assert.equal(isChineseChar('。'), true); // U+3002, CJK punctuation
  assert.equal(isChineseChar('a'), false);
  assert.equal(isChineseChar('\u2000'), false); // u'\u20000' > '\u2000' in Python
  assert.equal(isChineseChar('\u2001'), true);
  assert.throws(() => isChineseChar('中文'), /one character/);
});

test('BLEU (zh) of a hand-sized case: 我很冷。 against 我冷。', () => {
  // hypothesis 我 很 冷 。 (c = 4), reference 我 冷 。 (r = 3, so BP = 1)
  // p1 = 3/4; p2 = 1/3 (冷。); p3, p4: no match → sacrebleu's exp smoothing 1/(2·2), 1/(4·1)
  const expected = Math.exp((Math.log(75) + Math.log(100 / 3) + Math.log(25) + Math.log(25)) / 4);
  const r = corpusBleuZh(['我很冷。'], ['我冷。']);
  assert.ok(Math.abs(r.score - expected) < 1e-9, `${r.score} vs ${expected}`);
  assert.deepEqual(r.matches, [3, 1, 0, 0]);
});
