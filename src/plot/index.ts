// Re-exports of src/plot/.
export {};
