// Re-exports of src/engine/: WebAssembly SIMD kernels (AssemblyScript, src/engine/assembly) for training speed.
export * from './kernels';
export * from './gemm';
export * from './lstm';
export * from './sequence-model';
export * from './gru';
export * from './rnn';
