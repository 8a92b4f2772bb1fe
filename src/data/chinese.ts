/**
 * Chinese text as tokens, one character each. Chinese writes no spaces between words, so a word-level
 * vocabulary would need a segmenter (a trained model of its own, with its own errors); per character
 * needs nothing, and the vocabulary stays small (about 2,700 characters in data/cmn-eng against tens of
 * thousands of words). The cost: a sentence is 2–3 times as many tokens as words, so the decoder runs more
 * steps and must learn which characters form a word.
 *
 * Before splitting, a sentence is normalised so that one sign is one token:
 *
 * 1. Unicode NFKC: the full-width forms of ASCII (？！，：（）％ and full-width letters and digits,
 *    U+FF01–U+FF5E) become their ASCII letters, the ideographic space U+3000 a space;
 * 2. the quotation marks “ ” 「 」 become ", a full stop '.' not between digits becomes 。, zero-width
 *    spaces are removed, Latin letters are lower-cased (as the English side is);
 * 3. tokens: every character except white space is a token of its own, but a run of Latin letters or
 *    digits (Tom, DJ, 17, 3:30's 3 and 30) stays one token, as a word of the other script.
 *
 * Traditional characters are not converted here: data/cmn-eng/README.md's build step does that once
 * (opencc-js), so that this tokenizer and bench/torch_seq2seq.py read the same simplified file.
 */

/** Normalises a Chinese sentence (steps 1–2 of the file comment). */
export function normalizeChinese(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
    .replace(/[“”「」]/g, '"')
    .replace(/\.(?![0-9])|(?<![0-9])\./g, '。')
    .toLowerCase();
}

/** Tokens of a normalised Chinese sentence: one per character, runs of [a-z0-9] whole, no white space. */
export function splitChinese(text: string): string[] {
  return text.match(/[a-z0-9]+|\S/gu) ?? [];
}

/** {@link normalizeChinese}, then {@link splitChinese}: "我叫Tom。" → 我 叫 tom 。 */
export function tokenizeChinese(text: string): string[] {
  return splitChinese(normalizeChinese(text));
}

/** Chinese tokens back to text: concatenated, with a space only between two Latin/digit tokens. */
export function joinChinese(tokens: readonly string[]): string {
  let out = '';
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    out += prev !== undefined && /[a-z0-9]$/.test(prev) && /^[a-z0-9]/.test(t) ? ` ${t}` : t;
  });
  return out;
}
