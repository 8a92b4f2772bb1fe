/**
 * rnnlab — recurrent neural networks from their equations to machine translation.
 *
 * Each folder of `src/` is one namespace, so a notebook reads `nn.LSTM`, `plot.line`, `checks.gradCheck`:
 *
 *     import { nn, plot } from 'rnnlab';
 *
 * Layout convention for every model in `src/nn`: batch-major tensors `[batchSize, numSteps, features]`,
 * as tfjs does.
 */
export * as tensor from './tensor/index';
export * as nn from './nn/index';
export * as tfjs from './tfjs/index';
export * as checks from './catalog/index';
export * as data from './data/index';
export * as metrics from './metrics/index';
export * as seq2seq from './seq2seq/index';
export * as train from './train/index';
export * as plot from './plot/index';
export * as engine from './engine/index';
export * as lm from './lm/index';
export * as classify from './classify/index';
export * as speech from './speech/index';
export { profile, pick } from './profile';
export * as summarize from './summarize/index';
