/**
 * The UCI optdigits data set (data/optdigits): 8×8 digit images as 64 counts in 0..16, labels 0–9.
 * A real, small 10-class task for the MLP chapter — the size of the document's Keras example
 * (000 §4.1: `Dense(10, activation='softmax')`).
 */
import { readDataText } from './verified';

/** One split: `X` row-major `[n, 64]` scaled to [0, 1], `y` the digit of each row. */
export interface DigitSplit {
  X: Float32Array; // [n, 64]
  y: Int32Array; // [n]
  n: number;
}

/** Number of features per digit (8 × 8 blocks). */
export const DIGIT_FEATURES = 64;

/** Parses the CSV rows of one optdigits file (an optional header row is skipped). */
export function parseOptdigits(text: string, what = 'optdigits'): DigitSplit {
  const rows = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/^[A-Za-z]/.test(l));
  const X = new Float32Array(rows.length * DIGIT_FEATURES);
  const y = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const cells = row.split(',').map(Number);
    if (cells.length !== DIGIT_FEATURES + 1 || cells.some((v) => !Number.isInteger(v))) {
      throw new Error(`${what} row ${i + 1}: expected ${DIGIT_FEATURES + 1} integers, got '${row.slice(0, 60)}'`);
    }
    const label = cells[DIGIT_FEATURES]!;
    if (label < 0 || label > 9) throw new Error(`${what} row ${i + 1}: label ${label} is not a digit`);
    for (let j = 0; j < DIGIT_FEATURES; j++) X[i * DIGIT_FEATURES + j] = cells[j]! / 16;
    y[i] = label;
  });
  return { X, y, n: rows.length };
}

/** The training (3,823 rows) and test (1,797 rows) splits, hash-checked. */
export function loadOptdigits(): { train: DigitSplit; test: DigitSplit } {
  return {
    train: parseOptdigits(readDataText('optdigits', 'optdigits.tra'), 'optdigits.tra'),
    test: parseOptdigits(readDataText('optdigits', 'optdigits.tes'), 'optdigits.tes'),
  };
}
