// Re-exports of src/data/: the data sets in data/ (hash-checked), vocabularies, batching.
export * from './verified';
export * from './optdigits';
export * from './chars';
export * from './tasks';
