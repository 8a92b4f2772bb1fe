// Re-exports of src/train/: the training loop, batches, progress display, checkpoints.
export * from './progress';
export * from './batches';
export * from './checkpoint';
export * from './loop';
