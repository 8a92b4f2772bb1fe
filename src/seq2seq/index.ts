// Re-exports of src/seq2seq/. One concept per file; this file only re-exports.
export {};
