// Entry of the rnnlab engine's WebAssembly module: every export the host (src/engine/*.ts) calls.
export { gemm, gemmPacked, packA, packB, gemmScratchFloats } from './gemm';

/** First byte the host may use: everything below belongs to the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
