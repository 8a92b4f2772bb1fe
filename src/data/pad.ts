/**
 * Padding and truncating integer sequences to one length — Keras's `pad_sequences`, as called in
 * 001 §4.1 (数据预处理) with `maxlen=100`, and the "填充或者截断" of its FAQ (附录常见问题与解答).
 *
 * Keras semantics, kept exactly:
 * - the length is `maxlen`, or the longest sequence when `maxlen` is not given;
 * - a longer sequence loses its first elements (`truncating: 'pre'`, the default) or its last
 *   (`'post'`);
 * - a shorter one is filled with `value` in front (`padding: 'pre'`, the default) or behind (`'post'`);
 * - an empty sequence becomes a row of `value`.
 *
 * The defaults matter for a recurrent network that reads the last hidden state: 'pre' padding puts the
 * words next to the end, where the state is read, and 'pre' truncation keeps a sentence's ending.
 */

export type PadSide = 'pre' | 'post';

/** Options of {@link padSequences}. */
export interface PadOptions {
  /** Length of every output row. @default the length of the longest sequence */
  maxlen?: number;
  /** Where the filler goes. @default 'pre' */
  padding?: PadSide;
  /** Which end of a too-long sequence is cut off. @default 'pre' */
  truncating?: PadSide;
  /** The filler; 0 is what Embedding's `maskZero` recognises. @default 0 */
  value?: number;
}

function checkSide(name: string, v: string): PadSide {
  if (v !== 'pre' && v !== 'post') throw new Error(`padSequences: ${name} must be 'pre' or 'post', got '${v}'`);
  return v;
}

/** Rows of equal length `[numSequences][maxlen]` (Keras `pad_sequences`; see the file comment). */
export function padSequences(sequences: readonly (ArrayLike<number>)[], options: PadOptions = {}): number[][] {
  const padding = checkSide('padding', options.padding ?? 'pre');
  const truncating = checkSide('truncating', options.truncating ?? 'pre');
  const value = options.value ?? 0;
  const maxlen = options.maxlen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!(Number.isInteger(maxlen) && maxlen >= 0)) throw new Error(`padSequences: maxlen must be an integer ≥ 0, got ${maxlen}`);
  return sequences.map((s) => {
    const row = new Array<number>(maxlen).fill(value);
    const n = Math.min(s.length, maxlen);
    const from = truncating === 'pre' ? s.length - n : 0; // first element kept
    const to = padding === 'pre' ? maxlen - n : 0; // where it goes
    for (let k = 0; k < n; k++) row[to + k] = s[from + k]!;
    return row;
  });
}

/** Number of non-`value` entries of each padded row — the true lengths, when `value` never occurs as a word. */
export function sequenceLengths(rows: readonly (readonly number[])[], value = 0): number[] {
  return rows.map((r) => r.reduce((n, x) => n + (x === value ? 0 : 1), 0));
}
