// Re-exports of src/metrics/: accuracy, perplexity, BLEU, F1, confusion matrices.
export * from './accuracy';
export * from './perplexity';
export * from './confusion';
export * from './f1';
export * from './crossval';
export * from './report';
export * from './bleu';
export * from './tokenize-zh';
export * from './chrf';
export * from './rouge';
export * from './bootstrap';
export * from './bleu-by-length';
