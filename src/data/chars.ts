/**
 * Character-level text: a vocabulary of the characters that occur, encoding to ids, and random
 * training windows (inputs and next-character targets) — what 004 §4.1's character RNN consumes.
 */
import { Rng } from '../tensor';
import { Tensor } from '../tensor';

/** The sorted set of characters of a text, with id ↔ character maps. */
export class CharVocab {
  readonly chars: string[];
  private readonly ids: Map<string, number>;

  constructor(text: string) {
    this.chars = [...new Set(Array.from(text))].sort();
    if (this.chars.length === 0) throw new Error('CharVocab: empty text');
    this.ids = new Map(this.chars.map((c, i) => [c, i]));
  }

  get size(): number {
    return this.chars.length;
  }

  /** Ids of the characters of `text`; an unknown character is an error naming it. */
  encode(text: string): Int32Array {
    return Int32Array.from(Array.from(text), (c, i) => {
      const id = this.ids.get(c);
      if (id === undefined) throw new Error(`CharVocab: character ${JSON.stringify(c)} at position ${i} is not in the vocabulary of ${this.size}`);
      return id;
    });
  }

  /** The text of a sequence of ids. */
  decode(ids: ArrayLike<number>): string {
    return Array.from(ids, (id) => {
      const c = this.chars[id];
      if (c === undefined) throw new Error(`CharVocab: id ${id} is outside 0..${this.size - 1}`);
      return c;
    }).join('');
  }
}

/**
 * `batchSize` random windows of `numSteps` ids: X one-hot [batchSize, numSteps, vocabSize] and the
 * next-character targets Y [batchSize·numSteps] (row-major, the order of X's rows).
 */
export function randomCharWindows(ids: Int32Array, vocabSize: number, batchSize: number, numSteps: number, rng: Rng): { X: Tensor; Y: Int32Array; starts: number[] } {
  if (ids.length < numSteps + 2) throw new Error(`randomCharWindows: text of ${ids.length} ids is too short for windows of ${numSteps}`);
  const X = Tensor.zeros([batchSize, numSteps, vocabSize]);
  const Y = new Int32Array(batchSize * numSteps);
  const starts: number[] = [];
  for (let b = 0; b < batchSize; b++) {
    const s = rng.int(ids.length - numSteps - 1);
    starts.push(s);
    for (let t = 0; t < numSteps; t++) {
      X.data[(b * numSteps + t) * vocabSize + ids[s + t]!] = 1;
      Y[b * numSteps + t] = ids[s + t + 1]!;
    }
  }
  return { X, Y, starts };
}
