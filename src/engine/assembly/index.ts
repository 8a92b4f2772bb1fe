// Entry of the rnnlab engine's WebAssembly module: every export the host (src/engine/*.ts) calls.
// The host-side description of each routine is the Kernels interface in src/engine/kernels.ts.
export { gemm, gemmPacked, packA, packB, gemmScratchFloats } from './gemm';
export { lstmForward, lstmBackward } from './lstm';
export { gruForward, gruBackward } from './gru';
export { rnnForward, rnnBackward } from './rnn';
export { fillRows, colSum, gatherRows, scatterAddRows, mulInto, addInto, scale, sumSquares, dropoutMask, softmaxCE } from './ops';
export { adam, sgd, adagrad, rmsprop } from './optim';

/** First byte the host may use: everything below belongs to the module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
