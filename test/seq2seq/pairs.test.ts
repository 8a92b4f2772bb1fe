import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ENG_CMN, ENG_FRA, languagePair, pairBleu, pairChrF, simpleHeldOut } from '../../src/seq2seq/pairs';
import { corpusBleu } from '../../src/metrics/bleu';
import { cmnFullArgs, TRANSLATOR_PROTOCOL } from '../../src/seq2seq/protocol';
import * as fs from 'node:fs';
import * as path from 'node:path';

test('languagePair names the bad pair', () => {
  assert.equal(languagePair('eng-cmn'), ENG_CMN);
  assert.throws(() => languagePair('eng-deu'), /one of eng-fra, eng-cmn, got 'eng-deu'/);
});

test('eng-cmn: tokens per character, BLEU on sacrebleu zh tokens of the joined text, chrF on characters', () => {
  assert.deepEqual(ENG_CMN.tokenizeTarget('我很冷。'), ['我', '很', '冷', '。']);
  assert.equal(ENG_CMN.detokenize(['我', '叫', 'tom', '。']), '我叫tom。');
  // 我 很 冷 。 against 我 冷 。: p = 3/4, 1/3, then exp smoothing 1/4, 1/4; BP = 1
  const expected = Math.exp((Math.log(75) + Math.log(100 / 3) + Math.log(25) + Math.log(25)) / 4);
  const hyp = [['我', '很', '冷', '。']],
    ref = [['我', '冷', '。']];
  assert.ok(Math.abs(pairBleu(ENG_CMN, hyp, ref).score - expected) < 1e-9);
  // Latin letters: zh BLEU sees 'tom' as one token either way
  assert.deepEqual(pairBleu(ENG_CMN, [['tom', '来']], [['tom', '来']]).matches, [2, 1, 0, 0]);
  // eng-fra scores the tokens as they are
  const fr = [['je', 'suis', 'là', '.']];
  assert.equal(pairBleu(ENG_FRA, fr, fr).score, corpusBleu(fr, fr).score);
  // chrF ignores the spaces of the French detokenisation: identical sentences score 100
  assert.equal(pairChrF(ENG_FRA, fr, fr).score, 100);
});

test('simpleHeldOut: distinct short sources in test order, every reference kept', () => {
  const p = (src: string, tgt: string, line: number) => ({ src: src.split(' '), tgt: tgt.split(''), line });
  const test = [
    p('go .', '走。', 1),
    p('this is a very long sentence .', '长', 2),
    p('i lost .', '我输了。', 3),
    p('go .', '去吧。', 4),
  ];
  const out = simpleHeldOut(test, 5, 3);
  assert.deepEqual(
    out.map((o) => o.src.join(' ')),
    ['go .', 'i lost .'],
  );
  assert.deepEqual(out[0]!.references, [
    ['走', '。'],
    ['去', '吧', '。'],
  ]);
  assert.equal(simpleHeldOut(test, 1, 3).length, 1);
});

test("cmnFullArgs: the long English→Chinese run's options carry TRANSLATOR_PROTOCOL.cmnFull, and the docs give that command", () => {
  const f = TRANSLATOR_PROTOCOL.cmnFull;
  const args = cmnFullArgs();
  const value = (name: string) => {
    const i = args.indexOf(`--${name}`);
    assert.ok(i >= 0 && i + 1 < args.length, `--${name} is among ${args.join(' ')}`);
    return args[i + 1]!;
  };
  assert.equal(value('pair'), 'eng-cmn');
  assert.equal(Number(value('steps')), f.steps);
  assert.equal(Number(value('batch')), f.batchSize);
  assert.equal(Number(value('lr')), f.lr);
  assert.equal(Number(value('dropout')), f.dropout);
  assert.equal(Number(value('validate-every')), f.validateEvery);
  assert.equal(Number(value('lr-decay')), f.lrDecay);
  assert.equal(Number(value('patience')), f.patience);
  assert.equal(Number(value('threads')), f.threads);
  assert.equal(args.length, 18, 'nine options, each with its value');
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'translation-chinese.md'), 'utf8');
  assert.ok(
    doc.includes(`rnnlab translate ${args.join(' ')}`),
    'docs/translation-chinese.md gives the command',
  );
});
