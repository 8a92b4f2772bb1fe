// Re-exports of src/engine/. One concept per file; this file only re-exports.
export {};
