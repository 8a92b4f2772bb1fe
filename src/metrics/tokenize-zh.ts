/**
 * sacrebleu's `zh` tokenisation (`sacrebleu --tokenize zh`, TokenizerZh), so BLEU on Chinese is the
 * figure other papers report: every Chinese character (and CJK punctuation, full-width form, …) is a token
 * of its own, and the text between them is split as sacrebleu's regular-expression tokenizer splits
 * English:
 *
 *   1. put a space on both sides of each character in the ranges of {@link isChineseChar};
 *   2. a space on both sides of ASCII punctuation { | } ~ [ \ ] ^ _ ` ! " # $ % & ( ) * + : ; < = > ? @ /;
 *   3. a space after a '.' or ',' not preceded by a digit, and before one not followed by a digit;
 *   4. a space after a '-' preceded by a digit; then split on white space.
 *
 * The ranges are sacrebleu's table, read as Python compares its strings: two of its entries are written
 * `u'\u20000'` and `u'\u2f800'`, which Python reads as two characters (U+2000 then '0'), so for a single
 * character they mean U+2001–U+2A6D (general punctuation such as “ ” — and arrows, maths symbols) and
 * U+2F81–U+2FA1. We reproduce that, to give sacrebleu's numbers.
 */

import { BleuResult, corpusBleu } from './bleu';

/** [first, last] code points counted as Chinese by sacrebleu's TokenizerZh (see the file comment). */
const CHINESE_RANGES: readonly (readonly [number, number])[] = [
  [0x3400, 0x4db5], [0x4e00, 0x9fa5], [0x9fa6, 0x9fbb], [0xf900, 0xfa2d], [0xfa30, 0xfa6a], [0xfa70, 0xfad9],
  [0x2001, 0x2a6d], [0x2f81, 0x2fa1], // sacrebleu's u'\u20000'–u'\u2a6d6' and u'\u2f800'–u'\u2fa1d'
  [0xff00, 0xffef], [0x2e80, 0x2eff], [0x3000, 0x303f], [0x31c0, 0x31ef], [0x2f00, 0x2fdf], [0x2ff0, 0x2fff],
  [0x3100, 0x312f], [0x31a0, 0x31bf], [0xfe10, 0xfe1f], [0xfe30, 0xfe4f], [0x2600, 0x26ff], [0x2700, 0x27bf],
  [0x3200, 0x32ff], [0x3300, 0x33ff],
];

/** Whether sacrebleu's zh tokenizer treats `char` (one code point) as a Chinese character. */
export function isChineseChar(char: string): boolean {
  const c = char.codePointAt(0);
  if (c === undefined || char.length > 2 || (char.length === 2 && c < 0x10000)) {
    throw new Error(`isChineseChar: expected one character, got ${JSON.stringify(char)}`);
  }
  return CHINESE_RANGES.some(([a, b]) => c >= a && c <= b);
}

/** A sentence as sacrebleu's `zh` tokenizer splits it (see the file comment). */
export function tokenizeZh(text: string): string[] {
  let s = '';
  for (const ch of text.trim()) s += isChineseChar(ch) ? ` ${ch} ` : ch;
  s = s
    .replace(/([{-~[-` -&(-+:-@/])/g, ' $1 ')
    .replace(/([^0-9])([.,])/g, '$1 $2 ')
    .replace(/([.,])([^0-9])/g, ' $1 $2')
    .replace(/([0-9])(-)/g, '$1 $2 ');
  return s.split(/\s+/).filter((t) => t.length > 0);
}

/** Corpus BLEU-4 of Chinese sentences (strings) with sacrebleu's `zh` tokenisation: `sacrebleu -tok zh`. */
export function corpusBleuZh(hypotheses: readonly string[], references: readonly string[]): BleuResult {
  return corpusBleu(hypotheses.map(tokenizeZh), references.map(tokenizeZh));
}
