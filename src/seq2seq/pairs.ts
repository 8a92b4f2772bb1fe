/**
 * Language pairs as data: everything that differs between English→French and English→Chinese lives in
 * one {@link LanguagePair} value — the loader, the two tokenisers, how tokens become text again, and
 * how BLEU tokenises — so training, decoding and `rnnlab translate --pair eng-fra|eng-cmn` run the same
 * code for both.
 *
 * - eng-fra (chapter 9): data/fra-eng, words on both sides; BLEU on the words as they are
 *   (sacrebleu `--tokenize none`).
 * - eng-cmn (chapter 9b, document 002 §1.4's promise): data/cmn-eng, English words → Chinese
 *   characters;
 *   BLEU with sacrebleu's `zh` tokenisation (each CJK character a token), and chrF on the characters.
 */
import { BleuResult, ChrFResult, corpusBleu, corpusBleuZh, corpusChrF } from '../metrics';
import {
  CmnEngFile, FraEngFile, joinChinese, loadCmnEngData, loadTranslationData, preprocessNmt,
  tokenizeChinese, tokenizeNmt,
  TranslationData, TranslationDataOptions, TranslationPair, Vocab,
} from '../data';
import { Seq2SeqModel } from './model';
import { D2L_EXAMPLES, translate, TranslateOptions, Translation } from './translate';

/** Sentences as token arrays. */
type Sentences = readonly (readonly string[])[];

/** The pairs there are. */
export type PairName = 'eng-fra' | 'eng-cmn';
export const PAIR_NAMES: readonly PairName[] = ['eng-fra', 'eng-cmn'];

/** One language pair (see the file comment). */
export interface LanguagePair {
  name: PairName;
  /** The target language, in English. */
  target: string;
  /** The data files, the first the default. */
  files: readonly string[];
  /** Reads and splits the pair's data (hash-checked). */
  load(options?: Omit<TranslationDataOptions, 'file'> & { file?: string }): TranslationData;
  /** Raw English text → the tokens the encoder reads. */
  tokenizeSource(text: string): string[];
  /** Raw target-language text → the tokens the decoder writes. */
  tokenizeTarget(text: string): string[];
  /** Target tokens → text a reader expects (French: spaces; Chinese: none). */
  detokenize(tokens: readonly string[]): string;
  /** How BLEU tokenises, in sacrebleu's words. */
  bleuTokenize: 'none' | 'zh';
  /** Example sentences printed after training: [tokenised English, reference]. */
  examples: readonly (readonly [string, string])[];
}

const tokenizeEnglish = (text: string): string[] => tokenizeNmt(preprocessNmt(text));

export const ENG_FRA: LanguagePair = {
  name: 'eng-fra',
  target: 'French',
  files: ['fra.txt', 'fra-small.txt'],
  load: (o = {}) => loadTranslationData({ ...o, file: (o.file ?? 'fra.txt') as FraEngFile }),
  tokenizeSource: tokenizeEnglish,
  tokenizeTarget: tokenizeEnglish,
  detokenize: (tokens) => tokens.join(' '),
  bleuTokenize: 'none',
  examples: D2L_EXAMPLES,
};

export const ENG_CMN: LanguagePair = {
  name: 'eng-cmn',
  target: 'Chinese',
  files: ['cmn-simplified.txt', 'cmn.txt'],
  load: (o = {}) => loadCmnEngData({ ...o, file: (o.file ?? 'cmn-simplified.txt') as CmnEngFile }),
  tokenizeSource: tokenizeEnglish,
  tokenizeTarget: tokenizeChinese,
  detokenize: joinChinese,
  bleuTokenize: 'zh',
  examples: [
    ['i am cold .', '我冷。'],
    ["i'm home .", '我在家。'],
    ['he is calm .', '他很冷静。'],
    ['i lost .', '我输了。'],
  ],
};

/** The pair called `name`. */
export function languagePair(name: string): LanguagePair {
  if (name === 'eng-fra') return ENG_FRA;
  if (name === 'eng-cmn') return ENG_CMN;
  throw new Error(`language pair must be one of ${PAIR_NAMES.join(', ')}, got '${name}'`);
}

/** Corpus BLEU-4 of target-token hypotheses against references, tokenised as the pair says. */
export function pairBleu(pair: LanguagePair, hypotheses: Sentences, references: Sentences): BleuResult {
  if (pair.bleuTokenize === 'zh') {
    return corpusBleuZh(hypotheses.map(pair.detokenize), references.map(pair.detokenize));
  }
  return corpusBleu(hypotheses, references);
}

/** Corpus chrF (β = 2, character n-grams up to 6) of the detokenised sentences. */
export function pairChrF(pair: LanguagePair, hypotheses: Sentences, references: Sentences): ChrFResult {
  return corpusChrF(hypotheses.map(pair.detokenize), references.map(pair.detokenize));
}

/** Translates the sources of `pairs` and scores them: BLEU as the pair tokenises, and chrF. */
export function evaluatePair(
  model: Seq2SeqModel,
  pair: LanguagePair,
  vocabs: { srcVocab: Vocab; tgtVocab: Vocab },
  pairs: readonly TranslationPair[],
  o: TranslateOptions = {},
): { bleu: BleuResult; chrf: ChrFResult; translations: Translation[] } {
  const translations = translate(model, vocabs.srcVocab, vocabs.tgtVocab, pairs.map((p) => p.src), o);
  const hyps = translations.map((t) => t.tokens), refs = pairs.map((p) => p.tgt);
  return { bleu: pairBleu(pair, hyps, refs), chrf: pairChrF(pair, hyps, refs), translations };
}

/**
 * Simple held-out sentences: the test set's distinct source sentences of at most `maxWords` words
 * (punctuation not counted), in the test set's (seeded) order, the first `count`, each with all its
 * references.
 */
export function simpleHeldOut(
  test: readonly TranslationPair[],
  count = 20,
  maxWords = 5,
): { src: string[]; references: string[][] }[] {
  const out = new Map<string, { src: string[]; references: string[][] }>();
  for (const p of test) {
    const key = p.src.join(' ');
    const words = p.src.filter((t) => /[a-z0-9]/.test(t)).length;
    const seen = out.get(key);
    if (seen) seen.references.push(p.tgt);
    else if (words <= maxWords && out.size < count) out.set(key, { src: p.src, references: [p.tgt] });
  }
  return [...out.values()];
}
