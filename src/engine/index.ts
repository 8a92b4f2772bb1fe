/**
 * rnnlab's speed core: recurrent networks trained on WebAssembly SIMD kernels written in AssemblyScript
 * (src/engine/assembly/, built by the npm scripts into build/wasm/engine.wasm), with worker threads and
 * a pure-TypeScript fallback. Nothing native to install.
 *
 * The API (everything below is re-exported here):
 *
 * - `createEngine({ threads?, simd? }): Promise<Engine>` — threads default to RNNLAB_THREADS, else 1;
 *   `simd: false` (or RNNLAB_SIMD=0) forces the TypeScript fallback. `engine.dispose()` stops threads.
 * - `new SequenceModel(engine, { cell: 'rnn'|'gru'|'lstm', vocabSize, embedDim, numHiddens, numLayers,
 *   dropout, seed })` — embedding → stacked recurrent layers → dense over the vocabulary:
 *   - `trainStep(X, Y, batchSize, numSteps, { optimizer, lr, clip, state }) → { loss, state, gradNorm }`
 *     (X, Y: Int32Array [batchSize, numSteps]; mean softmax cross-entropy before the update; state detached)
 *   - `evaluate(X, Y, batchSize, numSteps, state?) → { loss, state }`
 *   - `stepLogits(tokens /* [batch] *\/, state?) → { logits /* [batch, vocab] *\/, state }` for sampling
 *   - `hiddenStates(X, batchSize, numSteps, { layer?, state? }) → { H /* [batch, steps, hiddens] *\/, state }`
 *   - `lossAndGradients(X, Y, batchSize, numSteps, state?)` — gradients left in `model.params[i].grad`
 *   - `getWeights()` / `setWeights(w)` — `{ name: { shape, data } }`, tfjs names and layouts; `dispose()`
 * - tfjs layers on the engine: `engineLayers.lstm({ units, returnSequences })` (also `gru`,
 *   `simpleRNN`, `dense`, `embedding`) — drop-ins for the `tf.layers` of the same names (recurrent ones
 *   with recurrentActivation 'sigmoid'), trained through `tf.customGrad` on any tfjs backend and
 *   registered with tf.serialization; `setLayerEngine(engine)` runs them on a threaded engine.
 * - `benchEngineTrain`, `benchEngineSample`, `benchTfjsTrain`: the workloads of `rnnlab bench`;
 *   `engineVsReference`: the engine against src/nn (what `rnnlab checks` runs).
 * - Building blocks for other models (an encoder–decoder): `RecurrentLayer` (forward from an initial
 *   state; backward takes gradients for every output AND the final state, returns the initial state's),
 *   `Dense`, `softmaxCrossEntropy`, `Optimizer` (sgd, adagrad, rmsprop, adam), `clipGlobalNorm`,
 *   `Parameter`, `Tensor`, and the GEMM in three forms as `engine.gemm('N'|'T', 'N'|'T', …)`.
 *   `BidirectionalLayer`: two recurrent layers, one over each sequence reversed within its own length,
 *   outputs [H→_t, H←_t] (packed sequences); `Workspace`: named scratch blocks that grow on demand.
 *   One backward per forward (it consumes the saved activations).
 *
 * Memory: every tensor lives in one WebAssembly memory (shared with the worker threads); addresses are
 * byte offsets. Inside the engine sequences are time-major: row t·B + b is step t of sequence b.
 */
export * from './engine';
export * from './tensor';
export * from './parameter';
export * from './recurrent';
export * from './bidirectional';
export * from './workspace';
export * from './dense';
export * from './loss';
export * from './clip';
export * from './optimizer';
export * from './sequenceModel';
export * from './random';
export { MR, NR, KC, MC, NC, GEMM_SCRATCH_FLOATS, packedFloats } from './kernels';
export type { Kernels, KernelName } from './kernels';
export * from './tfjsLayer';
export * from './tfjsDense';
export * from './tfjsLayers';
export * from './benchmark';
export { engineVsReference, relativeTo, swapMajor } from './crossCheck';
