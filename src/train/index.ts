// Re-exports of src/train/.
export {};
