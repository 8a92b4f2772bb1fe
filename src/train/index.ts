// Re-exports of src/train/: training loops, progress display, checkpoints.
export * from './progress';
export * from './batches';
export * from './classifier';
export * from './checkpoint';
export * from './loop';
