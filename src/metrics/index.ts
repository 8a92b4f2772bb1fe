// Re-exports of src/metrics/. One concept per file; this file only re-exports.
export {};
