// Re-exports of src/checks/. One concept per file; this file only re-exports.
export {};
