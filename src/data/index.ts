// Re-exports of src/data/. One concept per file; this file only re-exports.
export {};
