/**
 * A language model in a checkpoint file (src/train/checkpoint.ts, kind 'language-model'): its
 * {@link LMConfig}, its vocabulary and its weights, plus training figures as metadata. Loading rebuilds
 * the model on any backend and checks that the weights fit the configuration.
 */
import { Vocab, VocabJSON } from '../data';
import { Checkpoint, loadCheckpoint, saveCheckpoint } from '../train';
import { checkWeights, LanguageModel, LMConfig, lmConfig, LM_MODELS } from './model';
import { createLanguageModel, CreateLMOptions } from './create';

export const LM_CHECKPOINT_KIND = 'language-model';

/** Saves model + vocabulary (+ metadata) atomically; returns the bytes written. */
export function saveLanguageModel(
  file: string,
  model: LanguageModel,
  vocab: Vocab,
  meta: Record<string, unknown> = {},
): number {
  if (vocab.size !== model.config.vocabSize)
    throw new Error(
      `saveLanguageModel: the vocabulary has ${vocab.size} tokens but the model predicts ${model.config.vocabSize}`,
    );
  const c: Checkpoint<LMConfig, VocabJSON> = {
    kind: LM_CHECKPOINT_KIND,
    config: model.config,
    vocab: vocab.toJSON(),
    weights: model.getWeights(),
    meta: { backend: model.backend, ...meta },
  };
  return saveCheckpoint(file, c);
}

/** The configuration stored in a checkpoint, checked field by field. */
function configOf(file: string, raw: unknown): LMConfig {
  if (typeof raw !== 'object' || raw === null)
    throw new Error(`checkpoint ${file}: its config is not an object`);
  const r = raw as Partial<LMConfig>;
  if (!LM_MODELS.includes(r.cell as LMConfig['cell']))
    throw new Error(
      `checkpoint ${file}: config.cell must be one of ${LM_MODELS.join(', ')}; got ${JSON.stringify(r.cell)}`,
    );
  try {
    return lmConfig({
      cell: r.cell,
      vocabSize: r.vocabSize as number,
      embedDim: r.embedDim,
      numHiddens: r.numHiddens,
      numLayers: r.numLayers,
      dropout: r.dropout,
      variational: r.variational,
      seed: r.seed,
      transformer: r.transformer,
    });
  } catch (err) {
    throw new Error(`checkpoint ${file}: ${(err as Error).message}`);
  }
}

/** The vocabulary stored in a checkpoint; errors name the file. */
function vocabOf(file: string, raw: unknown): Vocab {
  if (raw === null || raw === undefined) throw new Error(`checkpoint ${file} has no vocabulary`);
  try {
    return Vocab.fromJSON(raw as VocabJSON);
  } catch (err) {
    throw new Error(`checkpoint ${file}: its vocabulary: ${(err as Error).message}`);
  }
}

/** Loads a language-model checkpoint: the rebuilt model (weights set), its vocabulary and metadata. */
export async function loadLanguageModel(
  file: string,
  o: CreateLMOptions = {},
): Promise<{ model: LanguageModel; vocab: Vocab; meta: Record<string, unknown>; config: LMConfig }> {
  const c = loadCheckpoint(file, { kind: LM_CHECKPOINT_KIND });
  const config = configOf(file, c.config);
  const vocab = vocabOf(file, c.vocab);
  if (vocab.size !== config.vocabSize)
    throw new Error(
      `checkpoint ${file}: its vocabulary has ${vocab.size} tokens but its config says vocabSize ${config.vocabSize}`,
    );
  try {
    checkWeights(config, c.weights);
  } catch (err) {
    throw new Error(
      `checkpoint ${file} does not match its own config (${config.numLayers}-layer ${config.cell}, ${config.numHiddens} units): ${(err as Error).message}`,
    );
  }
  const model = await createLanguageModel(config, o);
  model.setWeights(c.weights);
  return { model, vocab, meta: c.meta ?? {}, config };
}

/** Sets a checkpoint's weights into an existing model, after checking the configurations agree. */
export function restoreLanguageModel(
  model: LanguageModel,
  file: string,
): { vocab: Vocab; meta: Record<string, unknown> } {
  const c = loadCheckpoint(file, { kind: LM_CHECKPOINT_KIND });
  const config = configOf(file, c.config);
  for (const k of ['cell', 'vocabSize', 'embedDim', 'numHiddens', 'numLayers'] as const) {
    if (config[k] !== model.config[k])
      throw new Error(`checkpoint ${file} has ${k} ${config[k]}, the model has ${model.config[k]}`);
  }
  const [a, b] = [
    JSON.stringify(config.transformer ?? null),
    JSON.stringify(model.config.transformer ?? null),
  ];
  if (a !== b) throw new Error(`checkpoint ${file} has transformer sizes ${a}, the model has ${b}`);
  checkWeights(config, c.weights);
  model.setWeights(c.weights);
  return { vocab: vocabOf(file, c.vocab), meta: c.meta ?? {} };
}
