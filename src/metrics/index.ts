// Re-exports of src/metrics/: accuracy, perplexity, BLEU, F1, confusion matrices.
export * from './accuracy';
