/**
 * A translator in a checkpoint file (src/train/checkpoint.ts, kind 'seq2seq'): its configuration, both
 * vocabularies, its weights, and training figures as metadata. Loading rebuilds the model on an engine
 * and checks that every weight fits the configuration.
 */
import { Engine } from '../engine';
import { Vocab, VocabJSON } from '../data';
import { Checkpoint, loadCheckpoint, saveCheckpoint } from '../train';
import { Seq2SeqConfig, seq2seqConfig } from './config';
import { Seq2SeqModel } from './model';

export const SEQ2SEQ_CHECKPOINT_KIND = 'seq2seq';

/** The vocabularies as stored. */
export interface Seq2SeqVocabs {
  src: VocabJSON;
  tgt: VocabJSON;
}

/** Saves model + vocabularies (+ metadata) atomically; returns the bytes written. */
export function saveTranslator(
  file: string,
  model: Seq2SeqModel,
  srcVocab: Vocab,
  tgtVocab: Vocab,
  meta: Record<string, unknown> = {},
): number {
  const c = model.config;
  if (srcVocab.size !== c.srcVocabSize || tgtVocab.size !== c.tgtVocabSize) {
    throw new Error(
      `saveTranslator: vocabularies of ${srcVocab.size} and ${tgtVocab.size} tokens for a model of ${c.srcVocabSize} and ${c.tgtVocabSize}`,
    );
  }
  const ck: Checkpoint<Seq2SeqConfig, Seq2SeqVocabs> = {
    kind: SEQ2SEQ_CHECKPOINT_KIND,
    config: c,
    vocab: { src: srcVocab.toJSON(), tgt: tgtVocab.toJSON() },
    weights: model.getWeights(),
    meta: { steps: model.steps, ...meta },
  };
  return saveCheckpoint(file, ck);
}

/** Loads a translator checkpoint onto `engine`: the model (weights set), its vocabularies and metadata. */
export function loadTranslator(
  file: string,
  engine: Engine,
): { model: Seq2SeqModel; srcVocab: Vocab; tgtVocab: Vocab; meta: Record<string, unknown> } {
  const ck = loadCheckpoint(file, { kind: SEQ2SEQ_CHECKPOINT_KIND });
  let config: Seq2SeqConfig;
  try {
    const raw = ck.config as Partial<Seq2SeqConfig> & { srcVocabSize: number; tgtVocabSize: number };
    if (typeof raw !== 'object' || raw === null) throw new Error('its config is not an object');
    config = seq2seqConfig(raw);
  } catch (err) {
    throw new Error(`checkpoint ${file}: ${(err as Error).message}`);
  }
  const v = ck.vocab as Seq2SeqVocabs | null;
  if (!v || !v.src || !v.tgt) throw new Error(`checkpoint ${file} has no source and target vocabularies`);
  let srcVocab: Vocab, tgtVocab: Vocab;
  try {
    srcVocab = Vocab.fromJSON(v.src);
    tgtVocab = Vocab.fromJSON(v.tgt);
  } catch (err) {
    throw new Error(`checkpoint ${file}: its vocabularies: ${(err as Error).message}`);
  }
  if (srcVocab.size !== config.srcVocabSize || tgtVocab.size !== config.tgtVocabSize) {
    throw new Error(
      `checkpoint ${file}: vocabularies of ${srcVocab.size} and ${tgtVocab.size} tokens but the config says ${config.srcVocabSize} and ${config.tgtVocabSize}`,
    );
  }
  const model = new Seq2SeqModel(engine, config);
  try {
    model.setWeights(ck.weights);
  } catch (err) {
    model.dispose();
    throw new Error(`checkpoint ${file}: ${(err as Error).message}`);
  }
  model.steps = typeof ck.meta?.steps === 'number' ? ck.meta.steps : 0;
  return { model, srcVocab, tgtVocab, meta: ck.meta ?? {} };
}
