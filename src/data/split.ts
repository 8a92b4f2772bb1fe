/**
 * Seeded index splits for evaluation: a held-out test split and k-fold cross-validation folds
 * (001 §6's FAQ: choose the number of hidden units by cross-validation). Stratified versions keep
 * each class's share the same in every part.
 */
import { Rng } from '../tensor';

/** Indices of a training part and a held-out part. */
export interface Split {
  train: number[];
  test: number[];
}

/** Indices 0..n−1 grouped by label (all in one group without labels), each group shuffled by `rng`. */
function shuffledGroups(n: number, rng: Rng, labels?: ArrayLike<number>): number[][] {
  if (labels === undefined) return [rng.permutation(n)];
  if (labels.length !== n) throw new Error(`split: ${labels.length} labels for ${n} items`);
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const g = byLabel.get(labels[i]!);
    if (g) g.push(i);
    else byLabel.set(labels[i]!, [i]);
  }
  return [...byLabel.keys()].sort((a, b) => a - b).map((k) => rng.shuffle(byLabel.get(k)!));
}

/**
 * A seeded train/test split: `testFraction` of the items (rounded per class when stratified by
 * `labels`) are held out. Both parts come back in shuffled order.
 */
export function trainTestSplit(n: number, testFraction: number, seed: number, labels?: ArrayLike<number>): Split {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`trainTestSplit: testFraction must be in (0, 1), got ${testFraction}`);
  const rng = new Rng(seed);
  const train: number[] = [], test: number[] = [];
  for (const g of shuffledGroups(n, rng, labels)) {
    const k = Math.round(g.length * testFraction);
    test.push(...g.slice(0, k));
    train.push(...g.slice(k));
  }
  return { train: rng.shuffle(train), test: rng.shuffle(test) };
}

/**
 * k seeded folds: fold i holds out every k-th item of the shuffled order starting at i (per class when
 * stratified), so fold sizes differ by at most one per class and every item is held out exactly once.
 */
export function kFold(n: number, k: number, seed: number, labels?: ArrayLike<number>): Split[] {
  if (!(Number.isInteger(k) && k >= 2 && k <= n)) throw new Error(`kFold: k must be an integer in [2, ${n}], got ${k}`);
  const rng = new Rng(seed);
  const foldOf = new Int32Array(n);
  let offset = 0;
  for (const g of shuffledGroups(n, rng, labels)) {
    // Continue the round-robin across classes so that small classes do not all land in fold 0.
    g.forEach((item, j) => { foldOf[item] = (offset + j) % k; });
    offset = (offset + g.length) % k;
  }
  const order = rng.permutation(n);
  return Array.from({ length: k }, (_, f) => ({
    train: order.filter((i) => foldOf[i] !== f),
    test: order.filter((i) => foldOf[i] === f),
  }));
}

/** The elements of `items` at `indices`. */
export function take<T>(items: ArrayLike<T>, indices: readonly number[]): T[] {
  return indices.map((i) => {
    if (!(i >= 0 && i < items.length)) throw new Error(`take: index ${i} outside 0..${items.length - 1}`);
    return items[i]!;
  });
}
