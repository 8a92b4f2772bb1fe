import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  dropWords, loadTranslationData, makeBatch, parsePairs, prepareTranslationData, preprocessNmt, sourceOverlap, splitDigest, tokenizeNmt, UNK,
} from '../../src/data/translation';
import { Rng } from '../../src/tensor';

test("d2l's preprocessing: no-break spaces, lower case, a space before , . ! ?", () => {
  assert.equal(preprocessNmt('Cours\u202f!'), 'cours !');
  assert.equal(preprocessNmt('Va !'), 'va !');
  assert.equal(preprocessNmt('Go.'), 'go .');
  assert.equal(preprocessNmt('Hi,there'), 'hi ,there');
  assert.equal(preprocessNmt('Attends\u00a0!'), 'attends !');
  assert.equal(preprocessNmt('Quoi\u2009?'), 'quoi ?');
  assert.equal(preprocessNmt("Je l'ai vu."), "je l'ai vu .");
  assert.deepEqual(tokenizeNmt(preprocessNmt("I'm home.")), ["i'm", 'home', '.']);
  assert.deepEqual(tokenizeNmt('  a   b '), ['a', 'b']);
});

test('parsePairs drops the cut-off tail; dropLastLine drops a cut last line; a line without tab is an error', () => {
  const text = 'Go.\tVa !\nRun!\tCours\u202f!\nMy wisdom\tMes dents';
  const pairs = parsePairs(text);
  assert.equal(pairs.length, 2);
  assert.deepEqual(pairs[1], { src: ['run', '!'], tgt: ['cours', '!'], line: 2 });
  assert.equal(parsePairs(`${text}\n`).length, 3);
  assert.equal(parsePairs(`${text}\n`, { dropLastLine: true }).length, 2);
  assert.throws(() => parsePairs('no tab here\n'), /line 1 has no tab/);
});

test('the split is seeded, disjoint and complete; long pairs are dropped; vocabulary ids', () => {
  const all = parsePairs(Array.from({ length: 60 }, (_, i) => `w${i % 7} x${i}.\tm${i % 5} y${i} !`).join('\n') + '\nA b c d e f g h i j k.\tlong\n');
  const d = prepareTranslationData(all, { numTest: 10, numValidation: 5, maxTokens: 10, seed: 3 });
  assert.equal(d.counts.read, 61);
  assert.equal(d.counts.kept, 60); // 11 source tokens: dropped
  assert.equal(d.test.length, 10);
  assert.equal(d.validation.length, 5);
  assert.equal(d.train.length, 45);
  const lines = [...d.train, ...d.validation, ...d.test].map((p) => p.line).sort((a, b) => a - b);
  assert.deepEqual(lines, Array.from({ length: 60 }, (_, i) => i + 1));
  assert.equal(splitDigest(d), splitDigest(prepareTranslationData(all, { numTest: 10, numValidation: 5, seed: 3 })));
  assert.notEqual(splitDigest(d), splitDigest(prepareTranslationData(all, { numTest: 10, numValidation: 5, seed: 4 })));
  assert.deepEqual(d.srcVocab.tokens.slice(0, 4), ['<unk>', '<pad>', '<bos>', '<eos>']);
  assert.deepEqual(d.tgtVocab.tokens.slice(0, 4), ['<unk>', '<pad>', '<bos>', '<eos>']);
  // x_i occur once: below minFreq 2, so only w0..w6 and '.' join the English vocabulary
  assert.equal(d.srcVocab.size, 4 + 8);
  assert.ok(!d.srcVocab.has('x3'));
  assert.throws(() => prepareTranslationData(all, { numTest: 50, numValidation: 10 }), /leave none of the 60 pairs/);
});

test('makeBatch: <eos> after the source, <bos> before the decoder input, labels −1 on padding', () => {
  const all = parsePairs('Go.\tVa !\nI lost.\tJ\'ai perdu.\nGo.\tVa !\nI lost.\tJ\'ai perdu.\n');
  const d = prepareTranslationData(all, { numTest: 0, numValidation: 0, minFreq: 1 });
  const [go, lost] = [all[0]!, all[1]!];
  const b = makeBatch([go, lost], d.srcVocab, d.tgtVocab);
  const s = (w: string): number => d.srcVocab.id(w), t = (w: string): number => d.tgtVocab.id(w);
  assert.equal(b.srcSteps, 4); // 'i lost .' + <eos>
  assert.equal(b.tgtSteps, 4); // "j'ai perdu ." + <eos>
  assert.deepEqual(Array.from(b.src), [s('go'), s('.'), 3, 1, s('i'), s('lost'), s('.'), 3]);
  assert.deepEqual(Array.from(b.srcLens), [3, 4]);
  assert.deepEqual(Array.from(b.tgtIn), [2, t('va'), t('!'), 1, 2, t("j'ai"), t('perdu'), t('.')]);
  assert.deepEqual(Array.from(b.labels), [t('va'), t('!'), 3, -1, t("j'ai"), t('perdu'), t('.'), 3]);
  assert.deepEqual(Array.from(b.tgtLens), [3, 4]);
  assert.throws(() => makeBatch([lost], d.srcVocab, d.tgtVocab, { src: 3 }), /source of pair 0 has 3 tokens \+ <eos>, more than 3 steps/);
  // unknown words map to <unk> = 0
  assert.equal(makeBatch([{ src: ['zzz'], tgt: ['va'], line: 0 }], d.srcVocab, d.tgtVocab).src[0], 0);
});

test('data/fra-eng/fra.txt: 76,037 pairs, the 10-token filter, 1,000 test and 1,000 validation pairs', () => {
  const d = loadTranslationData();
  assert.equal(d.counts.read, 76037);
  assert.equal(d.counts.kept, 75368); // bench/torch_seq2seq.py's independent Python preprocessing finds the same
  assert.equal(d.test.length, 1000);
  assert.equal(d.validation.length, 1000);
  assert.equal(d.train.length, 73368);
  // no narrow no-break space survives, '!' is a token of its own
  assert.ok(d.train.every((p) => p.tgt.every((w) => !/[\u202f\u00a0\u2009]/.test(w))));
  assert.ok(d.train.some((p) => p.tgt.includes('!')));
  const small = loadTranslationData({ file: 'fra-small.txt' });
  assert.equal(small.counts.read, 18065);
  const overlap = sourceOverlap(d.test, d.train);
  assert.ok(overlap > 0 && overlap < 1);
});

test('dropWords replaces source words and decoder inputs by <unk> at rate p, never <eos>, <bos>, padding or labels', () => {
  const words = 'a b c d e f g h'.split(' ');
  const pairs = Array.from({ length: 400 }, (_, i) => ({
    src: words.slice(0, 2 + (i % 6)),
    tgt: words.slice(0, 3 + (i % 5)),
    line: i + 1,
  }));
  const d = prepareTranslationData(pairs, { numTest: 0, numValidation: 0 });
  const clean = makeBatch(pairs, d.srcVocab, d.tgtVocab);
  const untouched = makeBatch(pairs, d.srcVocab, d.tgtVocab);
  dropWords(untouched, 0, new Rng(1), d.srcVocab, d.tgtVocab);
  assert.deepEqual(untouched, clean, 'p = 0 changes nothing');
  const b = makeBatch(pairs, d.srcVocab, d.tgtVocab);
  dropWords(b, 0.25, new Rng(1), d.srcVocab, d.tgtVocab);
  assert.deepEqual(b.labels, clean.labels);
  const sUnk = d.srcVocab.id(UNK),
    tUnk = d.tgtVocab.id(UNK);
  let words_ = 0,
    dropped = 0;
  for (let i = 0; i < b.batchSize; i++) {
    for (let t = 0; t < b.srcSteps; t++) {
      const k = i * b.srcSteps + t;
      if (t < pairs[i]!.src.length) {
        words_++;
        if (b.src[k] !== clean.src[k]) {
          dropped++;
          assert.equal(b.src[k], sUnk);
        }
      } else assert.equal(b.src[k], clean.src[k], `<eos> and padding stay (row ${i}, step ${t})`);
    }
    for (let t = 0; t < b.tgtSteps; t++) {
      const k = i * b.tgtSteps + t;
      if (t >= 1 && t <= pairs[i]!.tgt.length) {
        words_++;
        if (b.tgtIn[k] !== clean.tgtIn[k]) {
          dropped++;
          assert.equal(b.tgtIn[k], tUnk);
        }
      } else assert.equal(b.tgtIn[k], clean.tgtIn[k], `<bos> and padding stay (row ${i}, step ${t})`);
    }
  }
  // 1,796 source and 2,000 target words; the count dropped is Binomial(3796, 0.25): 949 ± 26.7.
  assert.equal(words_, 1796 + 2000);
  const sd = Math.sqrt(words_ * 0.25 * 0.75);
  assert.ok(Math.abs(dropped - 0.25 * words_) < 4 * sd, `dropped ${dropped} of ${words_}`);
  assert.throws(() => dropWords(b, 1, new Rng(1), d.srcVocab, d.tgtVocab), /dropWords: p must be in \[0, 1\), got 1/);
});
