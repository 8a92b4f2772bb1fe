// Re-exports of src/data/: the data sets in data/ (hash-checked), vocabularies, batching.
export * from './verified';
export * from './optdigits';
export * from './chars';
export * from './tasks';
export * from './windows';
export * from './tokenizer';
export * from './pad';
export * from './polarity';
export * from './split';
export * from './bow';
export * from './vocab';
export * from './sequences';
export * from './corpus';
export * from './translation';
export * from './chinese';
export * from './cmn-eng';
export * from './debian';
