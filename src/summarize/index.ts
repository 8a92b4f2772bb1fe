// Re-exports of src/summarize/: abstractive summarisation of Debian package descriptions — baselines,
// the pointer-generator (copy) extension of src/seq2seq, decoding with trigram blocking, evaluation.
export * from './baselines';
export * from './protocol';
export * from './data';
export * from './summarize';
export * from './experiment';
export * from './listings';
