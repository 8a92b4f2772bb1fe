/**
 * Word-level tokenizer with the semantics of Keras's `keras.preprocessing.text.Tokenizer`, the class
 * 001 §4.1 (数据预处理) calls as `Tokenizer(num_words=10000)`, `fit_on_texts`, `texts_to_sequences`.
 *
 * What Keras does, and this class does the same way:
 * - **Splitting** (`text_to_word_sequence`): lower-case the text (when `lower`), replace every character
 *   of `filters` by `split`, split on `split`, drop empty pieces. The default filters are all ASCII
 *   punctuation except the apostrophe, plus tab and newline — so `"it's"` stays one word and
 *   `"too-tepid"` becomes two.
 * - **Index** (`fit_on_texts`): every word seen gets an index, 1 for the most frequent, ties broken by
 *   first occurrence (Python's sort is stable over an insertion-ordered dict). Index 0 is reserved —
 *   it is the padding value of {@link padSequences}. With an `oovToken` that token takes index 1 and
 *   the words start at 2. `wordIndex` holds every word, however rare: `numWords` is not applied here.
 * - **Encoding** (`texts_to_sequences`): a word is kept when its index is < `numWords`, i.e. the
 *   `numWords − 1` most frequent words (the OOV token, when present, is one of them). A rarer or unseen
 *   word becomes the OOV index when there is an `oovToken`, and is dropped silently otherwise.
 * - **Decoding** (`sequences_to_texts`): the inverse map, words joined by one space. An index that is
 *   ≥ `numWords` or not in the index at all — the padding 0 included — becomes the OOV token when there
 *   is one and is skipped otherwise. (So with an `oovToken`, decode unpadded sequences.)
 *
 * Differences from Keras: no `char_level`, `analyzer`, `word_docs`, or matrix modes (only what the
 * chapter uses); an `oovToken` that also occurs in the texts is an error here (Keras gives it two
 * indices and keeps the later one); lower-casing is JavaScript's `toLowerCase`, which can differ from
 * Python's `str.lower` on rare characters.
 */

/** Options of {@link Tokenizer}. */
export interface TokenizerOptions {
  /**
   * Keep the words of index < numWords when encoding: the numWords − 1 most frequent (Keras
   * `num_words`). `undefined` keeps every word. @default undefined
   */
  numWords?: number;
  /** Characters replaced by `split` before splitting. @default '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n' */
  filters?: string;
  /** Lower-case texts first. @default true */
  lower?: boolean;
  /** Separator between words. @default ' ' */
  split?: string;
  /** Token for words outside the kept vocabulary; index 1 when given. @default undefined (drop them) */
  oovToken?: string;
}

/** Keras's default `filters`: ASCII punctuation except `'`, plus tab and newline. */
export const KERAS_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n';

/** Keras's `text_to_word_sequence`: lower-case, filter characters become `split`, split, drop empties. */
export function textToWordSequence(text: string, filters = KERAS_FILTERS, lower = true, split = ' '): string[] {
  if (split.length === 0) throw new Error("textToWordSequence: split must be a non-empty string, got ''");
  let s = lower ? text.toLowerCase() : text;
  if (filters.length > 0) {
    const drop = new Set(Array.from(filters));
    s = Array.from(s, (c) => (drop.has(c) ? split : c)).join('');
  }
  return s.split(split).filter((w) => w.length > 0);
}

/** Words → integer sequences with a frequency-ranked index (see the file comment for the exact rules). */
export class Tokenizer {
  readonly numWords: number | undefined;
  readonly filters: string;
  readonly lower: boolean;
  readonly split: string;
  readonly oovToken: string | undefined;
  /** word → index (1 = most frequent; the OOV token first when given). Every word seen, however rare. */
  readonly wordIndex = new Map<string, number>();
  /** index → word, the inverse of {@link wordIndex}. */
  readonly indexWord = new Map<number, string>();
  /** How often each word occurred in the fitted texts, in first-occurrence order. */
  readonly wordCounts = new Map<string, number>();
  /** Number of texts fitted so far. */
  documentCount = 0;

  constructor(options: TokenizerOptions = {}) {
    const n = options.numWords;
    if (n !== undefined && !(Number.isInteger(n) && n >= 1)) throw new Error(`Tokenizer: numWords must be an integer ≥ 1, got ${n}`);
    this.numWords = n;
    this.filters = options.filters ?? KERAS_FILTERS;
    this.lower = options.lower ?? true;
    this.split = options.split ?? ' ';
    this.oovToken = options.oovToken;
  }

  /** The words of one text, as this tokenizer splits them. */
  words(text: string): string[] {
    return textToWordSequence(text, this.filters, this.lower, this.split);
  }

  /** Counts the words of `texts` and rebuilds the index (Keras `fit_on_texts`; may be called again to add texts). */
  fitOnTexts(texts: readonly string[]): this {
    for (const text of texts) {
      this.documentCount++;
      for (const w of this.words(text)) this.wordCounts.set(w, (this.wordCounts.get(w) ?? 0) + 1);
    }
    if (this.oovToken !== undefined && this.wordCounts.has(this.oovToken)) {
      throw new Error(`Tokenizer: oovToken ${JSON.stringify(this.oovToken)} occurs in the texts ${this.wordCounts.get(this.oovToken)} times; choose a token that does not`);
    }
    // Array.prototype.sort is stable: equal counts keep first-occurrence order, as in Keras.
    const ranked = [...this.wordCounts.entries()].sort((a, b) => b[1] - a[1]).map(([w]) => w);
    const vocab = this.oovToken === undefined ? ranked : [this.oovToken, ...ranked];
    this.wordIndex.clear();
    this.indexWord.clear();
    vocab.forEach((w, i) => {
      this.wordIndex.set(w, i + 1);
      this.indexWord.set(i + 1, w);
    });
    return this;
  }

  /** The size an Embedding needs for the encoded sequences: largest index + 1 (0 is padding). */
  get vocabSize(): number {
    const all = this.wordIndex.size + 1;
    return this.numWords === undefined ? all : Math.min(this.numWords, all);
  }

  private get oovIndex(): number | undefined {
    return this.oovToken === undefined ? undefined : this.wordIndex.get(this.oovToken);
  }

  /** Each text as word indices (Keras `texts_to_sequences`); see the file comment for the `numWords` rule. */
  textsToSequences(texts: readonly string[]): number[][] {
    const oov = this.oovIndex;
    return texts.map((text) => {
      const seq: number[] = [];
      for (const w of this.words(text)) {
        const i = this.wordIndex.get(w);
        const kept = i !== undefined && (this.numWords === undefined || i < this.numWords);
        if (kept) seq.push(i);
        else if (oov !== undefined) seq.push(oov);
      }
      return seq;
    });
  }

  /** Index sequences back to space-joined words (Keras `sequences_to_texts`); see the file comment for unknown indices. */
  sequencesToTexts(sequences: readonly (readonly number[])[]): string[] {
    const oov = this.oovIndex;
    return sequences.map((seq) => {
      const words: string[] = [];
      for (const i of seq) {
        const w = this.indexWord.get(i);
        const kept = w !== undefined && (this.numWords === undefined || i < this.numWords);
        if (kept) words.push(w);
        else if (oov !== undefined) words.push(this.oovToken!);
      }
      return words.join(' ');
    });
  }
}
