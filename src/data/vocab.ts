/**
 * Vocabularies: the map between tokens (characters or words) and integer ids that every language
 * model, classifier and translator consumes — d2l's `Vocab` (min frequency, `<unk>`, reserved tokens).
 *
 * Ids are laid out as: the unknown token (if any) first, then the reserved tokens in the order given,
 * then the counted tokens — most frequent first (ties alphabetical), or alphabetically. So a word
 * vocabulary for translation with `reserved: ['<pad>', '<bos>', '<eos>']` has `<unk>` = 0, `<pad>` = 1,
 * `<bos>` = 2, `<eos>` = 3. A character vocabulary for a character language model is usually built
 * without `<unk>` and in alphabetical order, so its ids are those of `sorted(set(text))` in Python.
 */

/** How text is split into tokens. */
export type TokenLevel = 'char' | 'word';

/**
 * Splits text into tokens: `'char'` gives every character (Unicode code points, so no surrogate
 * halves), `'word'` splits on runs of white space and drops empty strings.
 */
export function tokenize(text: string, level: TokenLevel): string[] {
  if (level === 'char') return Array.from(text);
  if (level === 'word') return text.split(/\s+/).filter((w) => w.length > 0);
  throw new Error(`tokenize: level must be 'char' or 'word', got '${String(level)}'`);
}

/** Options of {@link Vocab.build}. */
export interface VocabOptions {
  /** Tokens seen fewer times than this are left out (and map to `unknown`). @default 1 */
  minFreq?: number;
  /** Tokens given ids right after `unknown`, in this order, whether or not they occur. @default [] */
  reserved?: readonly string[];
  /**
   * The token that stands for every token not in the vocabulary; `null`: none, and encoding an
   * unknown token is an error. @default '<unk>'
   */
  unknown?: string | null;
  /** Order of the counted tokens: by frequency (most frequent first, ties alphabetical) or alphabetical. @default 'frequency' */
  order?: 'frequency' | 'alphabetical';
}

/** A vocabulary as stored in a checkpoint: the tokens by id, and the unknown token. */
export interface VocabJSON {
  tokens: string[];
  unknown: string | null;
  /** How encoded ids join back into text: '' for characters, ' ' for words. */
  separator: string;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Token ↔ id maps; see the file comment for the order of ids. */
export class Vocab {
  /** The tokens by id: `tokens[id]`. */
  readonly tokens: readonly string[];
  /** The unknown token, or `null` when the vocabulary has none. */
  readonly unknown: string | null;
  /** How {@link Vocab.decodeText} joins tokens: '' for characters, ' ' for words. */
  readonly separator: string;
  /** How often each token occurred in the text the vocabulary was built from (0 for reserved ones). */
  readonly counts: ReadonlyMap<string, number>;
  private readonly ids: Map<string, number>;

  /** From a list of tokens by id (as stored); use {@link Vocab.build} to count a corpus. */
  constructor(tokens: readonly string[], options: { unknown?: string | null; separator?: string; counts?: ReadonlyMap<string, number> } = {}) {
    if (tokens.length === 0) throw new Error('Vocab: no tokens');
    this.tokens = [...tokens];
    this.ids = new Map();
    this.tokens.forEach((t, i) => {
      if (this.ids.has(t)) throw new Error(`Vocab: token ${JSON.stringify(t)} appears twice (ids ${this.ids.get(t)} and ${i})`);
      this.ids.set(t, i);
    });
    this.unknown = options.unknown === undefined ? null : options.unknown;
    if (this.unknown !== null && !this.ids.has(this.unknown)) throw new Error(`Vocab: unknown token ${JSON.stringify(this.unknown)} is not among the tokens`);
    this.separator = options.separator ?? '';
    this.counts = options.counts ?? new Map();
  }

  /**
   * Counts `tokens` (a flat list, or lines of tokens) and builds a vocabulary.
   * `Vocab.build(tokenize(text, 'word'), { minFreq: 2, reserved: ['<pad>', '<bos>', '<eos>'] })`.
   */
  static build(tokens: Iterable<string> | Iterable<readonly string[]>, options: VocabOptions & { separator?: string } = {}): Vocab {
    const minFreq = options.minFreq ?? 1;
    if (!(minFreq >= 0)) throw new Error(`Vocab.build: minFreq must be ≥ 0, got ${minFreq}`);
    const unknown = options.unknown === undefined ? '<unk>' : options.unknown;
    const counts = new Map<string, number>();
    const add = (t: string): void => { counts.set(t, (counts.get(t) ?? 0) + 1); };
    for (const item of tokens) {
      if (typeof item === 'string') add(item);
      else for (const t of item) add(t);
    }
    const head = [...(unknown === null ? [] : [unknown]), ...(options.reserved ?? [])].filter((t, i, a) => a.indexOf(t) === i);
    const taken = new Set(head);
    const counted = [...counts].filter(([t, n]) => n >= minFreq && !taken.has(t));
    if ((options.order ?? 'frequency') === 'frequency') counted.sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0]));
    else counted.sort((a, b) => compareStrings(a[0], b[0]));
    const all = [...head, ...counted.map(([t]) => t)];
    if (all.length === 0) throw new Error(`Vocab.build: no token occurs at least ${minFreq} times and none is reserved`);
    return new Vocab(all, { unknown, separator: options.separator ?? '', counts });
  }

  /** The characters of `text`, alphabetical, without `<unk>`: ids as Python's `sorted(set(text))`. */
  static characters(text: string, options: Omit<VocabOptions, 'order'> = {}): Vocab {
    return Vocab.build(tokenize(text, 'char'), { unknown: null, order: 'alphabetical', ...options, separator: '' });
  }

  /** The words of `text` (split on white space), by frequency, with `<unk>` unless told otherwise. */
  static words(text: string, options: VocabOptions = {}): Vocab {
    return Vocab.build(tokenize(text, 'word'), { ...options, separator: ' ' });
  }

  /** Restores a vocabulary stored by {@link Vocab.toJSON}. */
  static fromJSON(json: VocabJSON): Vocab {
    if (!json || !Array.isArray(json.tokens) || json.tokens.some((t) => typeof t !== 'string')) {
      throw new Error('Vocab.fromJSON: expected { tokens: string[], unknown, separator }');
    }
    return new Vocab(json.tokens, { unknown: json.unknown ?? null, separator: json.separator ?? '' });
  }

  /** The tokens by id and the unknown token — what a checkpoint needs to decode. */
  toJSON(): VocabJSON {
    return { tokens: [...this.tokens], unknown: this.unknown, separator: this.separator };
  }

  /** Number of ids. */
  get size(): number {
    return this.tokens.length;
  }

  /** The id of the unknown token, or -1 when there is none. */
  get unknownId(): number {
    return this.unknown === null ? -1 : this.ids.get(this.unknown)!;
  }

  /** True when `token` has an id of its own. */
  has(token: string): boolean {
    return this.ids.has(token);
  }

  /** The id of one token: its own, else the unknown token's; without an unknown token, an error naming it. */
  id(token: string): number {
    const id = this.ids.get(token);
    if (id !== undefined) return id;
    if (this.unknown !== null) return this.ids.get(this.unknown)!;
    throw new Error(`Vocab: token ${JSON.stringify(token)} is not in the vocabulary of ${this.size} tokens, which has no unknown token`);
  }

  /** The token of one id; an id outside [0, size) is an error naming it and the size. */
  token(id: number): string {
    const t = Number.isInteger(id) ? this.tokens[id] : undefined;
    if (t === undefined) throw new Error(`Vocab: token id ${id} is outside the vocabulary of ${this.size} tokens (ids 0..${this.size - 1})`);
    return t;
  }

  /** The ids of a list of tokens. */
  encode(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const id = this.ids.get(tokens[i]!);
      if (id !== undefined) out[i] = id;
      else if (this.unknown !== null) out[i] = this.ids.get(this.unknown)!;
      else throw new Error(`Vocab: token ${JSON.stringify(tokens[i])} at position ${i} is not in the vocabulary of ${this.size} tokens, which has no unknown token`);
    }
    return out;
  }

  /** The tokens of a sequence of ids. */
  decode(ids: ArrayLike<number>): string[] {
    return Array.from(ids, (id) => this.token(id));
  }

  /** Splits text at this vocabulary's level (characters when `separator` is '', else words) and encodes it. */
  encodeText(text: string): Int32Array {
    return this.encode(tokenize(text, this.separator === '' ? 'char' : 'word'));
  }

  /** The text of a sequence of ids, tokens joined by {@link Vocab.separator}. */
  decodeText(ids: ArrayLike<number>): string {
    return this.decode(ids).join(this.separator);
  }
}
