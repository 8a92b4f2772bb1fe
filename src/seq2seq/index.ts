// Re-exports of src/seq2seq/: encoder–decoder translation — the configuration, the float64 reference
// model, greedy and beam search.
export * from './config';
export * from './reference';
export * from './search';
