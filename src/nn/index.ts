// Re-exports of src/nn/: models from their equations, forward and hand-derived backward.
// Layout: batch-major [batchSize, numSteps, features]; weights multiply row vectors on the right.
export * from './activations';
export * from './losses';
export * from './params';
export * from './sequence';
export * from './dense';
export * from './mlp';
export * from './rnn';
export * from './lstm';
export * from './gru';
export * from './gru-document';
export * from './optimizers';
export * from './clip';
export * from './regularization';
export * from './logistic';
export * from './attention';
export * from './attention-additive';
export * from './attention-dot';
export * from './layer-norm';
export * from './self-attention';
export * from './multi-head-attention';
export * from './positional-encoding';
export * from './feed-forward';
export * from './transformer-block';
export * from './transformer-lm';
