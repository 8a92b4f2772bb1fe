/**
 * The sentence polarity data set v1.0 (Pang & Lee 2005; data/sentence_polarity/README.md): 5,331
 * positive and 5,331 negative movie-review sentences, already lower-cased and tokenised.
 */
import { readDataText } from './verified';

/** Sentences and their labels: 1 = positive, 0 = negative. */
export interface LabelledTexts {
  texts: string[];
  labels: Int32Array;
  /** Names of the label values: `classNames[1] === 'positive'`. */
  classNames: string[];
}

function lines(file: string): string[] {
  const text = readDataText('sentence_polarity', file);
  const out = text.split('\n').map((l) => l.trim());
  if (out[out.length - 1] === '') out.pop(); // the file ends with a newline
  return out;
}

/** All 10,662 sentences, positives first (hash-checked); shuffle or split with a seed before use. */
export function loadSentencePolarity(): LabelledTexts {
  const pos = lines('rt-polarity.pos');
  const neg = lines('rt-polarity.neg');
  const labels = new Int32Array(pos.length + neg.length);
  labels.fill(1, 0, pos.length);
  return { texts: [...pos, ...neg], labels, classNames: ['negative', 'positive'] };
}
