// Re-exports of src/seq2seq/: encoder–decoder translation — the configuration, the float64 reference
// model, the engine model and its attention, greedy and beam search, training and evaluation, checks.
export * from './config';
export * from './protocol';
export * from './reference';
export * from './model';
export * from './search';
export * from './checks';
export * from './train';
export * from './translate';
export * from './persist';
export * from './pairs';
export * from './copy';
