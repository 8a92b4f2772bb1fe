/**
 * Summarising with a trained encoder–decoder (src/seq2seq), with or without the copy mechanism:
 * sources in chunks through greedy or beam search (length normalisation, n-gram blocking), ids back to
 * words — a copy model's extended ids ≥ V become the source's own words (copy.ts).
 */
import { BOS, EOS, PAD, Vocab } from '../data/index';
import {
  Seq2SeqModel,
  beamSearch,
  greedySearch,
  Hypothesis,
  decodeExtended,
  extendSource,
} from '../seq2seq/index';

/** Options of {@link summarizeTokens}. */
export interface SummarizeOptions {
  /** 1: greedy search; more: beam search of this width. @default 1 */
  beamWidth?: number;
  /** α of the length normalisation log P / L^α (beam search). @default 1 */
  lengthPenalty?: number;
  /** Block repeated n-grams of this length; 0: none. @default 3 */
  noRepeatNgram?: number;
  /** Most tokens generated, `<eos>` included. @default 24 */
  maxLen?: number;
  /** Sources decoded together. @default 200 */
  chunk?: number;
  /** Keep the attention weights (and p_gen) of every generated token (greedy search only). @default false */
  record?: boolean;
}

/** One summary. */
export interface Summary {
  /** The generated words, without `<eos>` and without `<unk>`. */
  tokens: string[];
  /**
   * Per generated word of `raw` (before `<unk>` is dropped): whether it is one of the source's words
   * outside the target vocabulary (only a copy model can produce those).
   */
  copiedOov: boolean[];
  /** The generated words as decoded, `<unk>` included. */
  raw: string[];
  logProb: number;
  /** α [generated token][source token] and p_gen per generated token, when recorded. */
  attention?: number[][];
  pGen?: number[];
}

/** Summarises tokenized sources (without `<eos>`). */
export function summarizeTokens(
  model: Seq2SeqModel,
  srcVocab: Vocab,
  tgtVocab: Vocab,
  sources: readonly (readonly string[])[],
  o: SummarizeOptions = {},
): Summary[] {
  const K = o.beamWidth ?? 1,
    maxLen = o.maxLen ?? 24,
    chunk = o.chunk ?? 200,
    copy = model.config.copy;
  const V = tgtVocab.size,
    unk = tgtVocab.unknownId;
  if (sources.some((s) => s.length === 0))
    throw new Error(`summarize: source ${sources.findIndex((s) => s.length === 0)} is empty`);
  const out: Summary[] = [];
  for (let start = 0; start < sources.length; start += chunk) {
    const part = sources.slice(start, start + chunk);
    const B = part.length,
      Ts = Math.max(...part.map((s) => s.length)) + 1;
    const src = new Int32Array(B * Ts).fill(srcVocab.id(PAD)),
      lens = new Int32Array(B);
    const ext = new Int32Array(B * Ts).fill(-1),
      oovs: string[][] = [];
    part.forEach((s, b) => {
      src.set(srcVocab.encode(s), b * Ts);
      src[b * Ts + s.length] = srcVocab.id(EOS);
      lens[b] = s.length + 1;
      const e = extendSource(s, tgtVocab);
      ext.set(e.ext, b * Ts);
      oovs.push(e.oovs);
    });
    const numExtra = Math.max(0, ...oovs.map((x) => x.length));
    const record = (o.record ?? false) && K === 1;
    const init = model.encode(src, lens, Ts, record, copy ? { ext, numExtra, unk } : undefined);
    const opts = {
      bos: tgtVocab.id(BOS),
      eos: tgtVocab.id(EOS),
      vocabSize: copy ? V + numExtra : V,
      maxLen,
      noRepeatNgram: o.noRepeatNgram ?? 3,
    };
    let hyps: Hypothesis[];
    let last = init;
    if (K === 1)
      hyps = greedySearch(
        (prev, st) => {
          const r = model.step(prev, st);
          last = r.state;
          return r;
        },
        init,
        B,
        opts,
      );
    else
      hyps = beamSearch(model.step, model.select, init, B, {
        ...opts,
        beamWidth: K,
        lengthPenalty: o.lengthPenalty ?? 1,
      });
    hyps.forEach((h, b) => {
      const raw = copy ? decodeExtended(h.tokens, tgtVocab, oovs[b]!) : tgtVocab.decode(h.tokens);
      const steps = h.tokens.length + (h.ended ? 1 : 0);
      out.push({
        tokens: raw.filter((w) => w !== tgtVocab.unknown),
        copiedOov: h.tokens.map((id) => id >= V),
        raw,
        logProb: h.logProb,
        ...(record && last.attention
          ? {
              attention: last.attention[b]!.slice(0, steps).map((row) =>
                Array.from(row.subarray(0, lens[b]!)),
              ),
            }
          : {}),
        ...(record && last.pGen ? { pGen: last.pGen[b]!.slice(0, steps) } : {}),
      });
    });
  }
  return out;
}
