// Re-exports of src/tensor/: typed-array tensors, seeded randomness, initialisers, plain GEMM.
export * from './tensor';
export * from './rng';
export * from './init';
export * from './gemm';
export * from './blocks';
export * from './shape';
export * from './sparse';
