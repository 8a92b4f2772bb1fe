// Re-exports of src/tensor/. One concept per file; this file only re-exports.
export {};
