/**
 * English–French sentence pairs for translation (data/fra-eng, Tatoeba via manythings.org, CC BY 2.0 FR),
 * prepared as d2l's `MTFraEng` does:
 *
 * 1. the French narrow and ordinary no-break spaces (U+202F before ! and ?, U+00A0) — and the thin
 *    space U+2009 that some lines use — become ordinary spaces; everything is lower-cased;
 * 2. a space is put before , . ! ? when none precedes it, so punctuation becomes a token of its own;
 * 3. tokens are the pieces between runs of white space; pairs with more than `maxTokens` tokens on
 *    either side are dropped (d2l truncates instead; dropping keeps every reference whole);
 * 4. a seeded permutation splits the pairs: `numTest` for test, `numValidation` for validation, the rest
 *    trains;
 *    with `disjointSources` the permutation is of the distinct source sentences instead, each taking all its
 *    pairs along, so no source sentence is in two parts (data/cmn-eng's split does this);
 * 5. one vocabulary per language from the training pairs, tokens seen at least `minFreq` times, with
 *    `<unk>` = 0, `<pad>` = 1, `<bos>` = 2, `<eos>` = 3 (src/data/vocab.ts lays ids out this way).
 *
 * Tatoeba lists an English sentence once per French translation, so a test source sentence can also
 * be a training source with another translation: {@link sourceOverlap} measures how often.
 *
 * The files' known defects (data/fra-eng/README.md): fra.txt ends in a fragment without a newline and
 * fra-small.txt's last line is cut; both are dropped.
 */
import { createHash } from 'node:crypto';
import { Rng } from '../tensor';
import { readDataText } from './verified';
import { Vocab } from './vocab';

/** The special tokens, in id order after `<unk>`. */
export const PAD = '<pad>', BOS = '<bos>', EOS = '<eos>', UNK = '<unk>';

/**
 * d2l's `_preprocess`: no-break and thin spaces → ' ', lower case, and a space before , . ! ? unless
 * one is there already.
 */
export function preprocessNmt(text: string): string {
  const t = text.replace(/[\u202f\u00a0\u2009]/g, ' ').toLowerCase();
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    out += i > 0 && ',.!?'.includes(c) && t[i - 1] !== ' ' ? ` ${c}` : c;
  }
  return out;
}

/** Tokens of a preprocessed sentence: the pieces between runs of white space. */
export function tokenizeNmt(sentence: string): string[] {
  return sentence.split(/\s+/).filter((w) => w.length > 0);
}

/** One sentence pair: tokens without `<eos>`, and the 1-based line of the file it came from. */
export interface TranslationPair {
  src: string[];
  tgt: string[];
  line: number;
}

/**
 * Parses `English<TAB>French` lines into preprocessed, tokenized pairs. Text after the last newline (a
 * cut-off fragment) is dropped; `dropLastLine` also drops the last complete line (fra-small.txt's is cut).
 */
export function parsePairs(text: string, options: { dropLastLine?: boolean } = {}): TranslationPair[] {
  const lines = text.split('\n');
  lines.pop(); // '' after a final newline, or a fragment without one
  if (options.dropLastLine) lines.pop();
  const pairs: TranslationPair[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parts = line.split('\t');
    if (parts.length < 2) throw new Error(`translation pairs: line ${i + 1} has no tab between the English and the French: ${JSON.stringify(line.slice(0, 60))}`);
    pairs.push({ src: tokenizeNmt(preprocessNmt(parts[0]!)), tgt: tokenizeNmt(preprocessNmt(parts[1]!)), line: i + 1 });
  });
  return pairs;
}

/** The data files of data/fra-eng. */
export type FraEngFile = 'fra.txt' | 'fra-small.txt';

/** Options of {@link loadTranslationData}. */
export interface TranslationDataOptions {
  /** @default 'fra.txt' */
  file?: FraEngFile;
  /** Longest sentence kept, in tokens without `<eos>`, on each side. @default 10 */
  maxTokens?: number;
  /** Test pairs. @default 1000 */
  numTest?: number;
  /** Validation pairs. @default 1000 */
  numValidation?: number;
  /** Seed of the split. @default 0 */
  seed?: number;
  /** Least count of a training token to enter the vocabulary. @default 2 */
  minFreq?: number;
  /** Keep only the first this many training pairs (after the split; for quick runs). @default all */
  maxTrain?: number;
  /** Longest target sentence kept, in tokens without `<eos>` (characters for Chinese). @default maxTokens */
  maxTargetTokens?: number;
  /**
   * Split by source sentence instead of by pair: the distinct source sentences (in order of first
   * appearance) are permuted with `seed`, and each goes with all its translations to test until `numTest`
   * pairs are reached, then to validation until `numValidation`, then to training — so no source sentence
   * is in two parts (a test sentence never seen in training under another translation). @default false
   */
  disjointSources?: boolean;
}

/** A prepared data set. */
export interface TranslationData {
  train: TranslationPair[];
  validation: TranslationPair[];
  test: TranslationPair[];
  srcVocab: Vocab;
  tgtVocab: Vocab;
  /** Pairs read, and pairs left after the length filter. */
  counts: { read: number; kept: number };
}

/** Builds the vocabulary of one side from training sentences. */
export function buildNmtVocab(sentences: readonly (readonly string[])[], minFreq = 2): Vocab {
  return Vocab.build(sentences, { minFreq, reserved: [PAD, BOS, EOS], unknown: UNK, separator: ' ' });
}

/** Splits already-parsed pairs: drop long ones, permute with `seed`, test | validation | train, vocabularies. */
export function prepareTranslationData(all: readonly TranslationPair[], options: TranslationDataOptions = {}): TranslationData {
  const maxTokens = options.maxTokens ?? 10, numTest = options.numTest ?? 1000, numValidation = options.numValidation ?? 1000;
  const maxTargetTokens = options.maxTargetTokens ?? maxTokens;
  for (const [k, v] of [['maxTokens', maxTokens], ['maxTargetTokens', maxTargetTokens], ['numTest', numTest], ['numValidation', numValidation]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`translation data: ${k} must be a non-negative integer, got ${v}`);
  }
  const kept = all.filter((p) => p.src.length > 0 && p.tgt.length > 0 && p.src.length <= maxTokens && p.tgt.length <= maxTargetTokens);
  if (numTest + numValidation >= kept.length) throw new Error(`translation data: ${numTest} test + ${numValidation} validation pairs leave none of the ${kept.length} pairs for training`);
  const rng = new Rng(options.seed ?? 0);
  let test: TranslationPair[], validation: TranslationPair[], train: TranslationPair[];
  if (options.disjointSources) {
    const groups = new Map<string, TranslationPair[]>();
    for (const p of kept) {
      const key = p.src.join(' ');
      const g = groups.get(key);
      if (g) g.push(p);
      else groups.set(key, [p]);
    }
    const list = [...groups.values()];
    test = [];
    validation = [];
    train = [];
    for (const i of rng.permutation(list.length)) {
      const part = test.length < numTest ? test : validation.length < numValidation ? validation : train;
      part.push(...list[i]!);
    }
    if (train.length === 0) throw new Error(`translation data: ${numTest} test + ${numValidation} validation pairs leave no source sentence for training`);
  } else {
    const order = rng.permutation(kept.length);
    test = order.slice(0, numTest).map((i) => kept[i]!);
    validation = order.slice(numTest, numTest + numValidation).map((i) => kept[i]!);
    train = order.slice(numTest + numValidation).map((i) => kept[i]!);
  }
  if (options.maxTrain !== undefined) train = train.slice(0, options.maxTrain);
  const minFreq = options.minFreq ?? 2;
  return {
    train, validation, test,
    srcVocab: buildNmtVocab(train.map((p) => p.src), minFreq),
    tgtVocab: buildNmtVocab(train.map((p) => p.tgt), minFreq),
    counts: { read: all.length, kept: kept.length },
  };
}

/** Reads data/fra-eng/<file> (hash-checked) and prepares it; see the file comment. */
export function loadTranslationData(options: TranslationDataOptions = {}): TranslationData {
  const file = options.file ?? 'fra.txt';
  if (file !== 'fra.txt' && file !== 'fra-small.txt') throw new Error(`translation data: file must be fra.txt or fra-small.txt, got '${String(file)}'`);
  const pairs = parsePairs(readDataText('fra-eng', file), { dropLastLine: file === 'fra-small.txt' });
  return prepareTranslationData(pairs, options);
}

/**
 * sha256 of the split (every pair of every part, tokens joined): the same digest from bench/torch_seq2seq.py
 * shows that both trained on the same pairs.
 */
export function splitDigest(data: Pick<TranslationData, 'train' | 'validation' | 'test'>): string {
  const h = createHash('sha256');
  for (const part of [data.train, data.validation, data.test]) {
    for (const p of part) h.update(`${p.src.join(' ')}\t${p.tgt.join(' ')}\n`);
    h.update('\u0000');
  }
  return h.digest('hex');
}

/** Fraction of `pairs` whose source sentence is also the source of some pair in `reference`. */
export function sourceOverlap(pairs: readonly TranslationPair[], reference: readonly TranslationPair[]): number {
  const seen = new Set(reference.map((p) => p.src.join(' ')));
  return pairs.length === 0 ? 0 : pairs.filter((p) => seen.has(p.src.join(' '))).length / pairs.length;
}

/**
 * A padded minibatch, batch-major, for teacher forcing:
 *
 *   src     x_1 … x_m <eos> <pad> …                 [batchSize, srcSteps]
 *   tgtIn   <bos> y_1 … y_n <pad> …                 [batchSize, tgtSteps]   decoder inputs
 *   labels  y_1 … y_n <eos> −1 …                    [batchSize, tgtSteps]   −1: no loss here
 *
 * `srcLens` counts the source tokens with `<eos>` (the keys attention may look at); `tgtLens` the
 * labels with `<eos>`. Steps are the longest sentence of the batch plus one, unless given.
 */
export interface TranslationBatch {
  batchSize: number;
  srcSteps: number;
  tgtSteps: number;
  src: Int32Array;
  srcLens: Int32Array;
  tgtIn: Int32Array;
  labels: Int32Array;
  tgtLens: Int32Array;
  /** Copy models only (src/seq2seq/copy.ts): extended target ids of the source tokens [batchSize, srcSteps], −1 on padding. */
  srcExt?: Int32Array;
  /** Copy models only: the most source OOV words of any row (labels may reach V + numExtra − 1). */
  numExtra?: number;
}

/**
 * Word dropout (Sennrich & Zhang 2019, "Revisiting Low-Resource Neural Machine Translation"), in place:
 * each source word x_i (not `<eos>`) and each decoder input y_t after `<bos>` becomes `<unk>` with
 * probability p. Labels are untouched: the model still has to write every word, from a context with holes.
 */
export function dropWords(batch: TranslationBatch, p: number, rng: Rng, srcVocab: Vocab, tgtVocab: Vocab): void {
  if (!(p >= 0 && p < 1)) throw new Error(`dropWords: p must be in [0, 1), got ${p}`);
  const sUnk = srcVocab.id(UNK),
    tUnk = tgtVocab.id(UNK);
  const { batchSize: B, srcSteps: Ts, tgtSteps: Tt } = batch;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < batch.srcLens[b]! - 1; t++) if (rng.uniform() < p) batch.src[b * Ts + t] = sUnk;
    for (let t = 1; t < batch.tgtLens[b]!; t++) if (rng.uniform() < p) batch.tgtIn[b * Tt + t] = tUnk;
  }
}

/** Builds a {@link TranslationBatch} from pairs. */
export function makeBatch(pairs: readonly TranslationPair[], srcVocab: Vocab, tgtVocab: Vocab, steps: { src?: number; tgt?: number } = {}): TranslationBatch {
  const B = pairs.length;
  if (B === 0) throw new Error('makeBatch: no pairs');
  const Ts = steps.src ?? Math.max(...pairs.map((p) => p.src.length)) + 1;
  const Tt = steps.tgt ?? Math.max(...pairs.map((p) => p.tgt.length)) + 1;
  const sPad = srcVocab.id(PAD), sEos = srcVocab.id(EOS), tPad = tgtVocab.id(PAD), tBos = tgtVocab.id(BOS), tEos = tgtVocab.id(EOS);
  const src = new Int32Array(B * Ts).fill(sPad), tgtIn = new Int32Array(B * Tt).fill(tPad), labels = new Int32Array(B * Tt).fill(-1);
  const srcLens = new Int32Array(B), tgtLens = new Int32Array(B);
  pairs.forEach((p, b) => {
    if (p.src.length + 1 > Ts) throw new Error(`makeBatch: source of pair ${b} has ${p.src.length} tokens + <eos>, more than ${Ts} steps`);
    if (p.tgt.length + 1 > Tt) throw new Error(`makeBatch: target of pair ${b} has ${p.tgt.length} tokens + <eos>, more than ${Tt} steps`);
    const s = srcVocab.encode(p.src), t = tgtVocab.encode(p.tgt);
    src.set(s, b * Ts);
    src[b * Ts + s.length] = sEos;
    srcLens[b] = s.length + 1;
    tgtIn[b * Tt] = tBos;
    tgtIn.set(t, b * Tt + 1);
    labels.set(t, b * Tt);
    labels[b * Tt + t.length] = tEos;
    tgtLens[b] = t.length + 1;
  });
  return { batchSize: B, srcSteps: Ts, tgtSteps: Tt, src, srcLens, tgtIn, labels, tgtLens };
}
