// Re-exports of src/nn/. One concept per file; this file only re-exports.
export {};
