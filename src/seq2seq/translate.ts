/**
 * Translating with a trained model and scoring the result: sentences in chunks through greedy or beam
 * search (search.ts), tokens back to words, corpus BLEU-4 against the references (metrics/bleu.ts).
 */
import { BleuResult, corpusBleu } from '../metrics';
import { BOS, EOS, PAD, preprocessNmt, tokenizeNmt, TranslationPair } from '../data';
import { Vocab } from '../data';
import { Seq2SeqModel } from './model';
import { beamSearch, greedySearch, Hypothesis } from './search';

/** d2l's four example sentences (§10.7, Dive into Deep Learning) with its references: [English, French]. */
export const D2L_EXAMPLES: readonly (readonly [string, string])[] = [
  ['go .', 'va !'],
  ['i lost .', "j'ai perdu ."],
  ["he's calm .", 'il est calme .'],
  ["i'm home .", 'je suis chez moi .'],
];

/** Options of {@link translate}. */
export interface TranslateOptions {
  /** 1: greedy search; more: beam search of this width. @default 1 */
  beamWidth?: number;
  /** α of the length normalisation (beam search). @default 0.75 */
  lengthPenalty?: number;
  /** Most tokens generated, `<eos>` included. @default 20 */
  maxLen?: number;
  /** Sentences decoded together. @default 250 */
  chunk?: number;
  /** Keep the attention weights of every generated token (greedy search only). @default false */
  recordAttention?: boolean;
  /**
   * Run beam search even when `beamWidth` is 1 (which otherwise runs greedy search), to check that a
   * beam of one gives greedy's tokens. @default false
   */
  alwaysBeam?: boolean;
}

/** One translation. */
export interface Translation {
  /** The source tokens as the model saw them (unknown words as `<unk>`), with `<eos>`. */
  source: string[];
  /** The generated words, without `<eos>`. */
  tokens: string[];
  /** Σ log P of the generated tokens. */
  logProb: number;
  /** α [generated token][source token] when recorded (rows for every generated token incl. `<eos>`). */
  attention?: number[][];
}

/**
 * Longest source sentence {@link translate} takes, in tokens: decoding memory grows with the source
 * length × the beam width, and the training sentences are far shorter.
 */
export const MAX_SOURCE_TOKENS = 200;

/** Translates tokenized source sentences (without `<eos>`), each at most {@link MAX_SOURCE_TOKENS} tokens. */
export function translate(
  model: Seq2SeqModel,
  srcVocab: Vocab,
  tgtVocab: Vocab,
  sentences: readonly (readonly string[])[],
  o: TranslateOptions = {},
): Translation[] {
  const K = o.beamWidth ?? 1,
    maxLen = o.maxLen ?? 20,
    chunk = o.chunk ?? 250;
  sentences.forEach((s, i) => {
    if (s.length > MAX_SOURCE_TOKENS) {
      throw new Error(
        `translate: sentence ${i} has ${s.length} tokens; at most ${MAX_SOURCE_TOKENS} are ` + `taken`,
      );
    }
  });
  if (!Number.isInteger(chunk) || chunk < 1) {
    throw new Error(`translate: chunk must be a positive integer; got ${chunk}`);
  }
  const bos = tgtVocab.id(BOS),
    eos = tgtVocab.id(EOS),
    pad = srcVocab.id(PAD),
    srcEos = srcVocab.id(EOS);
  const out: Translation[] = [];
  for (let start = 0; start < sentences.length; start += chunk) {
    const part = sentences.slice(start, start + chunk);
    const B = part.length,
      Ts = Math.max(...part.map((s) => s.length)) + 1;
    const src = new Int32Array(B * Ts).fill(pad),
      lens = new Int32Array(B);
    part.forEach((s, b) => {
      src.set(srcVocab.encode(s), b * Ts);
      src[b * Ts + s.length] = srcEos;
      lens[b] = s.length + 1;
    });
    const init = model.encode(src, lens, Ts, o.recordAttention ?? false);
    const opts = { bos, eos, vocabSize: model.config.tgtVocabSize, maxLen };
    let hyps: Hypothesis[];
    let attention: (Float32Array[] | undefined)[] = [];
    if (K === 1 && !o.alwaysBeam) {
      // greedy, keeping the final state for the attention record
      let state = init;
      const recorded: Float32Array[][] = [];
      hyps = greedySearch(
        (prev, st) => {
          const r = model.step(prev, st);
          state = r.state;
          return r;
        },
        init,
        B,
        opts,
      );
      if (state.attention) recorded.push(...state.attention);
      attention = hyps.map((h, b) => recorded[b]?.slice(0, h.tokens.length + (h.ended ? 1 : 0)));
    } else {
      const res = beamSearch(model.step, model.select, init, B, {
        ...opts,
        beamWidth: K,
        lengthPenalty: o.lengthPenalty ?? 0.75,
      });
      hyps = res;
      attention = res.map(() => undefined);
    }
    hyps.forEach((h, b) => {
      const ids = src.subarray(b * Ts, b * Ts + lens[b]!);
      out.push({
        source: srcVocab.decode(ids),
        tokens: tgtVocab.decode(h.tokens),
        logProb: h.logProb,
        ...(attention[b]
          ? { attention: attention[b]!.map((row) => Array.from(row.subarray(0, lens[b]!))) }
          : {}),
      });
    });
  }
  return out;
}

/** Tokenizes raw English text as the training data was (d2l's preprocessing), e.g. "I'm home." → ["i'm", 'home', '.']. */
export function tokenizeSource(text: string): string[] {
  return tokenizeNmt(preprocessNmt(text));
}

/** Test-set BLEU: translates the sources of `pairs` and scores them against their references. */
export function evaluateBleu(
  model: Seq2SeqModel,
  srcVocab: Vocab,
  tgtVocab: Vocab,
  pairs: readonly TranslationPair[],
  o: TranslateOptions = {},
): { bleu: BleuResult; translations: Translation[] } {
  const translations = translate(
    model,
    srcVocab,
    tgtVocab,
    pairs.map((p) => p.src),
    o,
  );
  const bleu = corpusBleu(
    translations.map((t) => t.tokens),
    pairs.map((p) => p.tgt),
  );
  return { bleu, translations };
}
