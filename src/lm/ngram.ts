/**
 * Counting baselines for a language model — what "predict the next token from the ones before" (002
 * §1.2, 004 §5.1) achieves with no network at all:
 *
 *   uniform:  P(x_t) = 1/|V|                                 loss ln|V|, perplexity |V|
 *   unigram:  P(x_t) = (n(x_t) + k) / (N + k|V|)
 *   bigram:   P(x_t | x_{t−1}) = (n(x_{t−1}, x_t) + k) / (n(x_{t−1}) + k|V|)
 *
 * with add-k (Laplace for k = 1) smoothing so that a pair never seen in training does not get
 * probability 0 (and an infinite loss) on validation text.
 */

/** Options of {@link NGramModel}. */
export interface NGramOptions {
  /** 1: unigram, 2: bigram, n: condition on the n − 1 tokens before. */
  order: number;
  vocabSize: number;
  /** Added to every count. @default 1 */
  k?: number;
}

/** An add-k smoothed n-gram model over token ids. */
export class NGramModel {
  readonly order: number;
  readonly vocabSize: number;
  readonly k: number;
  /** n(context, token) by `${context}|${token}`, and n(context) by `${context}` (context = ids joined by ','). */
  private readonly pairCounts = new Map<string, number>();
  private readonly contextCounts = new Map<string, number>();

  constructor(o: NGramOptions) {
    if (!Number.isInteger(o.order) || o.order < 1)
      throw new Error(`NGramModel: order must be an integer ≥ 1, got ${o.order}`);
    if (!Number.isInteger(o.vocabSize) || o.vocabSize < 1)
      throw new Error(`NGramModel: vocabSize must be a positive integer, got ${o.vocabSize}`);
    this.order = o.order;
    this.vocabSize = o.vocabSize;
    this.k = o.k ?? 1;
    if (!(this.k > 0))
      throw new Error(`NGramModel: k must be > 0 (else unseen n-grams get probability 0), got ${this.k}`);
  }

  private context(ids: ArrayLike<number>, t: number): string {
    const parts: number[] = [];
    for (let i = t - this.order + 1; i < t; i++) parts.push(ids[i]!);
    return parts.join(',');
  }

  /** Counts every n-gram of `ids` (the first order − 1 tokens serve only as context). */
  fit(ids: ArrayLike<number>): this {
    for (let t = this.order - 1; t < ids.length; t++) {
      const id = ids[t]!;
      if (!(id >= 0 && id < this.vocabSize))
        throw new Error(
          `NGramModel.fit: token id ${id} at position ${t} is outside the vocabulary of ${this.vocabSize}`,
        );
      const ctx = this.context(ids, t);
      this.pairCounts.set(`${ctx}|${id}`, (this.pairCounts.get(`${ctx}|${id}`) ?? 0) + 1);
      this.contextCounts.set(ctx, (this.contextCounts.get(ctx) ?? 0) + 1);
    }
    return this;
  }

  /** P(token | the order − 1 tokens before position t of ids). */
  probability(ids: ArrayLike<number>, t: number): number {
    const ctx = this.context(ids, t);
    const pair = this.pairCounts.get(`${ctx}|${ids[t]}`) ?? 0;
    const total = this.contextCounts.get(ctx) ?? 0;
    return (pair + this.k) / (total + this.k * this.vocabSize);
  }

  /** Mean −ln P over positions order − 1 … end of `ids` (nats per token). */
  crossEntropy(ids: ArrayLike<number>): number {
    if (ids.length < this.order)
      throw new Error(`NGramModel.crossEntropy: need at least ${this.order} tokens, got ${ids.length}`);
    let s = 0;
    for (let t = this.order - 1; t < ids.length; t++) s -= Math.log(this.probability(ids, t));
    return s / (ids.length - this.order + 1);
  }
}

/** The loss of a uniform guess over |V| tokens: ln|V| nats (perplexity |V|). */
export function uniformLoss(vocabSize: number): number {
  if (!Number.isInteger(vocabSize) || vocabSize < 1)
    throw new Error(`uniformLoss: vocabSize must be a positive integer, got ${vocabSize}`);
  return Math.log(vocabSize);
}

/** Validation losses (nats per token) of the counting baselines fitted on `train`: uniform, unigram, bigram (add-k). */
export function ngramBaselines(
  train: ArrayLike<number>,
  validation: ArrayLike<number>,
  vocabSize: number,
  k = 1,
): { uniform: number; unigram: number; bigram: number } {
  return {
    uniform: uniformLoss(vocabSize),
    unigram: new NGramModel({ order: 1, vocabSize, k }).fit(train).crossEntropy(validation),
    bigram: new NGramModel({ order: 2, vocabSize, k }).fit(train).crossEntropy(validation),
  };
}
