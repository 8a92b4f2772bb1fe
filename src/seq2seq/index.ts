// Re-exports of src/seq2seq/: encoder–decoder translation — greedy and beam search, the models, training.
export * from './search';
