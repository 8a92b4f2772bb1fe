// Re-exports of src/lm/: language models — the model contract, the tfjs-layers model, training,
// validation, sampling, n-gram baselines, checkpoints.
export * from './model';
export * from './tfjs-model';
export * from './engine-model';
export * from './transformer-model';
export * from './create';
export * from './train';
export * from './evaluate';
export * from './sample';
export * from './ngram';
export * from './persist';
export * from './protocol';
export * from './corpus-run';
export * from './keras';
export * from './timing';
export * from './generalization';
