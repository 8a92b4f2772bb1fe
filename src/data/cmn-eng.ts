/**
 * English–Mandarin sentence pairs (data/cmn-eng, Tatoeba via manythings.org, CC BY 2.0 FR): the file
 * `cmn-simplified.txt`, whose Chinese is cmn.txt's converted to simplified characters by the documented
 * build step (scripts/simplify-cmn.mjs). The English side is prepared as chapter 9 prepares it
 * (d2l's preprocessing: lower case, punctuation split off), the Chinese side one token per character
 * (src/data/chinese.ts). The split is chapter 9's ({@link prepareTranslationData}), by source sentence:
 * an English sentence and all its translations go to one part only.
 */
import { readDataText } from './verified';
import { tokenizeChinese } from './chinese';
import {
  prepareTranslationData, preprocessNmt, tokenizeNmt,
  TranslationData, TranslationDataOptions, TranslationPair,
} from './translation';

/**
 * The split of data/cmn-eng unless overridden: English ≤ 10 words, Chinese ≤ 14 characters,
 * 1,000 test and 1,000 validation pairs, by source sentence.
 */
export const CMN_ENG_SPLIT = {
  maxTokens: 10,
  maxTargetTokens: 14,
  numTest: 1000,
  numValidation: 1000,
  seed: 0,
  minFreq: 2,
  disjointSources: true,
} as const;

/**
 * Parses `English<TAB>Chinese[<TAB>attribution]` lines lines.
 * Empty lines are skipped; a line without a tab is an error.
 */
export function parseCmnPairs(text: string): TranslationPair[] {
  const pairs: TranslationPair[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const parts = line.split('\t');
    if (parts.length < 2) {
      const shown = JSON.stringify(line.slice(0, 60));
      throw new Error(`cmn-eng pairs: line ${i + 1} has no tab between English and Chinese: ${shown}`);
    }
    pairs.push({ src: tokenizeNmt(preprocessNmt(parts[0]!)), tgt: tokenizeChinese(parts[1]!), line: i + 1 });
  });
  return pairs;
}

/** The files of data/cmn-eng. */
export type CmnEngFile = 'cmn-simplified.txt' | 'cmn.txt';

/** Reads data/cmn-eng (hash-checked; `cmn-simplified.txt` unless `file` says otherwise) and splits it. */
export function loadCmnEngData(
  options: Omit<TranslationDataOptions, 'file'> & { file?: CmnEngFile } = {},
): TranslationData {
  const { file = 'cmn-simplified.txt', ...split } = options;
  if (file !== 'cmn-simplified.txt' && file !== 'cmn.txt') {
    throw new Error(`cmn-eng data: file must be cmn-simplified.txt or cmn.txt, got '${String(file)}'`);
  }
  const pairs = parseCmnPairs(readDataText('cmn-eng', file));
  return prepareTranslationData(pairs, { ...CMN_ENG_SPLIT, ...split });
}
