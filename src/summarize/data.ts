/**
 * The summarisation data as the models see it: the Debian pairs (src/data/debian.ts), vocabularies of
 * the most frequent training tokens, and batches — plain for the seq2seq model, with the source's
 * extended ids for the copy model (src/seq2seq/copy.ts).
 */
import {
  buildNmtVocab,
  TranslationBatch,
  TranslationPair,
  makeBatch,
  UNK,
  loadDebianPairs,
  SummaryPair,
  Vocab,
} from '../data/index';
import { makeCopyBatch } from '../seq2seq/index';

/** The split and its vocabularies. */
export interface SummaryData {
  train: SummaryPair[];
  validation: SummaryPair[];
  test: SummaryPair[];
  srcVocab: Vocab;
  tgtVocab: Vocab;
}

/** The `size` most frequent tokens of `sentences` (ties alphabetical), after `<unk> <pad> <bos> <eos>`. */
export function topVocab(sentences: readonly (readonly string[])[], size: number): Vocab {
  if (!Number.isInteger(size) || size < 5)
    throw new Error(`topVocab: size must be an integer ≥ 5 (4 special tokens and a word), got ${size}`);
  const full = buildNmtVocab(sentences, 1);
  return new Vocab(full.tokens.slice(0, size), { unknown: UNK, separator: ' ', counts: full.counts });
}

/** Options of {@link loadSummaryData}. */
export interface SummaryDataOptions {
  srcVocabSize: number;
  tgtVocabSize: number;
  /** Keep the first this many training pairs (quick runs). @default all */
  maxTrain?: number;
}

/** Loads data/debian-descriptions and builds the vocabularies from the training pairs. */
export function loadSummaryData(o: SummaryDataOptions): SummaryData {
  const d = loadDebianPairs();
  const train = o.maxTrain === undefined ? d.train : d.train.slice(0, o.maxTrain);
  return {
    train,
    validation: d.validation,
    test: d.test,
    srcVocab: topVocab(
      train.map((p) => p.src),
      o.srcVocabSize,
    ),
    tgtVocab: topVocab(
      train.map((p) => p.tgt),
      o.tgtVocabSize,
    ),
  };
}

/** Summary pairs as the translator's training loop takes them. */
export function asTranslationPairs(pairs: readonly SummaryPair[]): TranslationPair[] {
  return pairs.map((p, i) => ({ src: p.src, tgt: p.tgt, line: i }));
}

/** The batch builder for a model: with copy, the extended ids; without, the plain batch. */
export function batchBuilder(
  copy: boolean,
  srcVocab: Vocab,
  tgtVocab: Vocab,
): (pairs: TranslationPair[]) => TranslationBatch {
  return copy
    ? (pairs) => makeCopyBatch(pairs, srcVocab, tgtVocab)
    : (pairs) => makeBatch(pairs, srcVocab, tgtVocab);
}
