/**
 * The language-modelling corpora of data/: Tiny Shakespeare (karpathy/char-rnn) and The Time Machine
 * (as d2l uses it), read hash-checked, tokenised at the character or word level, with a vocabulary
 * and the ids of the whole text.
 */
import { readDataText } from './verified';
import { tokenize, TokenLevel, Vocab, VocabOptions } from './vocab';

/** The corpora shipped in data/. */
export const CORPORA = ['tinyshakespeare', 'timemachine'] as const;
export type CorpusName = (typeof CORPORA)[number];

/** The raw text of Tiny Shakespeare (1,115,394 characters, 65 distinct). */
export function readTinyShakespeare(): string {
  return readDataText('tinyshakespeare', 'input.txt');
}

/** The raw text of The Time Machine (178,979 characters, 70 distinct). */
export function readTimeMachine(): string {
  return readDataText('timemachine', 'timemachine.txt');
}

/** The raw text of a corpus by name. */
export function readCorpus(name: CorpusName): string {
  if (name === 'tinyshakespeare') return readTinyShakespeare();
  if (name === 'timemachine') return readTimeMachine();
  throw new Error(`readCorpus: corpus must be one of ${CORPORA.join(', ')}; got '${String(name)}'`);
}

/**
 * d2l's cleaning of The Time Machine for word-level models: per line, every run of characters other
 * than A–Z, a–z becomes one space, then trim and lower-case (`re.sub('[^A-Za-z]+', ' ', line).strip().lower()`).
 * Lines stay (empty ones included), as `read_time_machine()` returns them.
 */
export function cleanLines(text: string): string[] {
  return text.split('\n').map((line) => line.replace(/[^A-Za-z]+/g, ' ').trim().toLowerCase());
}

/** A tokenised corpus: the tokens, their vocabulary and the ids of the whole text. */
export interface Corpus {
  name: CorpusName;
  level: TokenLevel;
  tokens: string[];
  vocab: Vocab;
  /** vocab ids of `tokens`. */
  ids: Int32Array;
}

/** Options of {@link loadCorpus}. */
export interface LoadCorpusOptions {
  /** Characters or words. @default 'char' */
  level?: TokenLevel;
  /**
   * Clean the text as d2l does (letters only, lower case, see {@link cleanLines}) before tokenising.
   * @default true for words, false for characters
   */
  clean?: boolean;
  /** Passed to {@link Vocab.build}; characters default to no `<unk>` and alphabetical order. */
  vocab?: VocabOptions;
  /** Keep only the first this many characters of the raw text (small runs). @default all */
  maxChars?: number;
}

/**
 * Loads a corpus: `loadCorpus('timemachine', { level: 'word' })`.
 * Characters: the raw text, every character a token, vocabulary = sorted distinct characters.
 * Words: d2l's cleaned lines, split on spaces, vocabulary by frequency with `<unk>`.
 */
export function loadCorpus(name: CorpusName, options: LoadCorpusOptions = {}): Corpus {
  return corpusFromText(name, readCorpus(name), options);
}

/**
 * {@link loadCorpus} on a text the caller already holds (a browser page gets it from the book, which
 * read it through {@link readCorpus}): the same cleaning, tokens and vocabulary.
 */
export function corpusFromText(name: CorpusName, text: string, options: LoadCorpusOptions = {}): Corpus {
  const level = options.level ?? 'char';
  if (options.maxChars !== undefined) text = text.slice(0, options.maxChars);
  if (options.clean ?? level === 'word') text = cleanLines(text).join('\n');
  const tokens = tokenize(text, level);
  const vocab = level === 'char'
    ? Vocab.build(tokens, { unknown: null, order: 'alphabetical', ...options.vocab, separator: '' })
    : Vocab.build(tokens, { ...options.vocab, separator: ' ' });
  return { name, level, tokens, vocab, ids: vocab.encode(tokens) };
}
