import { test } from 'node:test';
import assert from 'node:assert/strict';
import { joinChinese, normalizeChinese, splitChinese, tokenizeChinese } from '../../src/data/chinese';

test('full-width forms become ASCII, quotes one form, a full stop 。 unless between digits', () => {
  assert.equal(normalizeChinese('你确定？'), '你确定?');
  assert.equal(normalizeChinese('好！（真的）'), '好!(真的)');
  assert.equal(normalizeChinese('他让步了.'), '他让步了。');
  assert.equal(normalizeChinese('3.5元。'), '3.5元。');
  assert.equal(normalizeChinese('「好」“好”'), '"好""好"');
  assert.equal(normalizeChinese('我\u200b冷'), '我冷');
  assert.equal(normalizeChinese('ＴＯＭ'), 'tom');
});

test('one token per character, a run of Latin letters or digits whole, no white space', () => {
  assert.deepEqual(tokenizeChinese('我叫Tom。'), ['我', '叫', 'tom', '。']);
  assert.deepEqual(tokenizeChinese('他是一个 DJ 。'), ['他', '是', '一', '个', 'dj', '。']);
  assert.deepEqual(tokenizeChinese('我也是17岁。'), ['我', '也', '是', '17', '岁', '。']);
  assert.deepEqual(tokenizeChinese('你好，汤姆！'), ['你', '好', ',', '汤', '姆', '!']);
  assert.deepEqual(splitChinese(''), []);
});

test('joinChinese concatenates, with a space only between two Latin/digit tokens', () => {
  assert.equal(joinChinese(['我', '叫', 'tom', '。']), '我叫tom。');
  assert.equal(joinChinese(['tom', 'jackson', '来', '了']), 'tom jackson来了');
  assert.deepEqual(tokenizeChinese(joinChinese(['我', '也', '是', '17', '岁'])), ['我', '也', '是', '17', '岁']);
});
