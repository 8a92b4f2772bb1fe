/**
 * `engineLayers`: every engine-backed tfjs layer behind one name, in the style of `tf.layers` —
 * `engineLayers.embedding`, `.simpleRNN`, `.gru`, `.lstm`, `.dense`.
 */
import { EngineDense, EngineDenseArgs, EngineEmbedding, EngineEmbeddingArgs } from './engine-dense';
import { engineRecurrentLayers } from './engine-recurrent';

export const engineLayers = {
  ...engineRecurrentLayers,
  dense: (args: EngineDenseArgs): EngineDense => new EngineDense(args),
  embedding: (args: EngineEmbeddingArgs): EngineEmbedding => new EngineEmbedding(args),
};
