/**
 * One summarisation experiment, as `rnnlab summarize` and notebook 10 run it: build the model of the
 * protocol (with or without copy), train it with the translator's loop (src/seq2seq/train.ts) on the
 * matching batches, score its test summaries with ROUGE against the baselines, with paired-bootstrap
 * intervals for the differences.
 */
import { Engine } from '../engine/index';
import { corpusRouge, CorpusRouge, pairedBootstrap, BootstrapInterval } from '../metrics/index';
import {
  seq2seqConfig,
  Seq2SeqModel,
  trainTranslator,
  TrainTranslatorOptions,
  TrainTranslatorResult,
  translatorLoss,
} from '../seq2seq/index';
import { SummaryPair } from '../data/index';
import { chooseLeadK, firstSentence, leadK, oracleSpan } from './baselines';
import { asTranslationPairs, batchBuilder, SummaryData } from './data';
import { SummarizeProtocol } from './protocol';
import { summarizeTokens, Summary, SummarizeOptions } from './summarize';

/** ROUGE F1 values (0–100). */
export interface RougeF1 {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

/** The F1 values of a corpus score. */
export function rougeF1(c: CorpusRouge): RougeF1 {
  return { rouge1: c.rouge1.f1, rouge2: c.rouge2.f1, rougeL: c.rougeL.f1 };
}

/** Per-pair ROUGE-L F1 ×100, for bootstrapping. */
export function pairRougeL(c: CorpusRouge): number[] {
  return c.pairs.map((p) => 100 * p.rougeL.f1);
}

/** The baselines on `test`, lead's k chosen on `validation`. */
export interface Baselines {
  lead: RougeF1 & { k: number };
  firstSentence: RougeF1;
  oracle: RougeF1;
  /** The scores of each test pair (for paired bootstraps). */
  corpus: { lead: CorpusRouge; firstSentence: CorpusRouge; oracle: CorpusRouge };
}

/** Lead-k (k by validation ROUGE-L F1 over `ks`), first sentence and the oracle span, on `test`. */
export function baselines(
  validation: readonly SummaryPair[],
  test: readonly SummaryPair[],
  ks: readonly number[],
): Baselines {
  const { k } = chooseLeadK(validation, ks);
  const refs = test.map((p) => p.tgt);
  const lead = corpusRouge(
    test.map((p) => leadK(p.src, k)),
    refs,
  );
  const first = corpusRouge(
    test.map((p) => firstSentence(p.src)),
    refs,
  );
  const oracle = corpusRouge(
    test.map((p) => oracleSpan(p.src, p.tgt).tokens),
    refs,
  );
  return {
    lead: { k, ...rougeF1(lead) },
    firstSentence: rougeF1(first),
    oracle: rougeF1(oracle),
    corpus: { lead, firstSentence: first, oracle },
  };
}

/** The protocol's encoder–decoder (copy or not) for the data's vocabularies. */
export function createSummarizer(
  engine: Engine,
  data: Pick<SummaryData, 'srcVocab' | 'tgtVocab'>,
  p: SummarizeProtocol,
  copy: boolean,
  seed = p.seed,
): Seq2SeqModel {
  const config = seq2seqConfig({
    cell: p.cell,
    embedDim: p.embedDim,
    numHiddens: p.numHiddens,
    numLayers: p.numLayers,
    dropout: p.dropout,
    attention: p.attention,
    attentionHiddens: p.attentionHiddens,
    copy,
    srcVocabSize: data.srcVocab.size,
    tgtVocabSize: data.tgtVocab.size,
  });
  return new Seq2SeqModel(engine, config, seed);
}

/** Trains on `data.train` with the batches the model needs (copy: extended ids). */
export function trainSummarizer(
  model: Seq2SeqModel,
  data: SummaryData,
  o: Omit<TrainTranslatorOptions, 'makeBatch'>,
): TrainTranslatorResult {
  return trainTranslator(
    model,
    { train: asTranslationPairs(data.train), srcVocab: data.srcVocab, tgtVocab: data.tgtVocab },
    { ...o, makeBatch: batchBuilder(model.config.copy, data.srcVocab, data.tgtVocab) },
  );
}

/** Mean cross-entropy per target token on `pairs` (a copy model: over the extended vocabulary). */
export function summarizerLoss(
  model: Seq2SeqModel,
  data: SummaryData,
  pairs: readonly SummaryPair[],
): number {
  return translatorLoss(
    model,
    data,
    asTranslationPairs(pairs),
    256,
    batchBuilder(model.config.copy, data.srcVocab, data.tgtVocab),
  );
}

/** Summarises the sources of `pairs` and scores them against their synopses. */
export function evaluateSummarizer(
  model: Seq2SeqModel,
  data: SummaryData,
  pairs: readonly SummaryPair[],
  o: SummarizeOptions = {},
): { rouge: CorpusRouge; summaries: Summary[] } {
  const summaries = summarizeTokens(
    model,
    data.srcVocab,
    data.tgtVocab,
    pairs.map((p) => p.src),
    o,
  );
  return {
    rouge: corpusRouge(
      summaries.map((s) => s.tokens),
      pairs.map((p) => p.tgt),
    ),
    summaries,
  };
}

/** Paired bootstrap of ROUGE-L F1 (×100): system a minus system b, on the same pairs. */
export function compareRougeL(a: CorpusRouge, b: CorpusRouge, samples = 1000, seed = 0): BootstrapInterval {
  return pairedBootstrap(pairRougeL(a), pairRougeL(b), { samples, seed });
}
