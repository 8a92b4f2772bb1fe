/**
 * rnnlab's speed core: recurrent networks trained on WebAssembly SIMD kernels written in AssemblyScript
 * (src/engine/assembly/, built by the npm scripts into build/wasm/engine.wasm), with worker threads and
 * a pure-TypeScript fallback. Nothing native to install. The ground floor above src/tensor/: it imports
 * nothing higher (its tfjs layers live in src/tfjs/engine-*.ts, its benchmark in src/cli/benchmark.ts,
 * its check against src/nn in src/checks/crossCheck.ts).
 *
 * The API (everything below is re-exported here):
 *
 * - `createEngine({ threads?, simd? }): Promise<Engine>` — threads default to RNNLAB_THREADS, else 1;
 *   `simd: false` (or RNNLAB_SIMD=0) forces the TypeScript fallback. `engine.dispose()` stops threads.
 * - `createEngineFromBytes({ wasm: { relaxed?, plain }, threads?, spawnWorker? })` — the same engine from
 *   the kernels' bytes given by the caller, reading no file (a browser: book/browser/); threads through
 *   the runtime's workers (`spawnWorker`; the worker's loop is `KERNEL_WORKER_LOOP`).
 * - `new SequenceModel(engine, { cell: 'rnn'|'gru'|'lstm', vocabSize, embedDim, numHiddens, numLayers,
 *   dropout, variational, seed })` — embedding → stacked recurrent layers → dense over the vocabulary
 *   (dropout on the non-recurrent connections; `variational`: one mask per sequence, also on the LSTM
 *   recurrent state — dropout.ts):
 *   - `trainStep(X, Y, batchSize, numSteps, { optimizer, lr, clip, state }) → { loss, state, gradNorm }`
 *     (X, Y: Int32Array [batchSize, numSteps]; mean softmax cross-entropy before the update; state detached)
 *   - `evaluate(X, Y, batchSize, numSteps, state?) → { loss, state }`
 *   - `stepLogits(tokens /* [batch] *\/, state?) → { logits /* [batch, vocab] *\/, state }` for sampling
 *   - `hiddenStates(X, batchSize, numSteps, { layer?, state? }) → { H /* [batch, steps, hiddens] *\/, state }`
 *   - `lossAndGradients(X, Y, batchSize, numSteps, state?)` — gradients left in `model.params[i].grad`
 *   - `getWeights()` / `setWeights(w)` — `{ name: { shape, data } }`, tfjs names and layouts; `dispose()`
 * - `new TransformerModel(engine, { vocabSize, d, numHeads, numLayers, ffnDim, maxLen, positional, seed })` — a
 *   decoder-only pre-norm Transformer (rows batch-major): `trainStep`, `evaluateSum`, `forward`, `step`
 *   (generation against a key/value cache), `prefill`, `attentionWeights`, `getWeights`/`setWeights`.
 * - `EngineAttention`: additive / dot / scaled-dot attention on engine memory (the translator's).
 * - Building blocks for other models (an encoder–decoder): `RecurrentLayer` (forward from an initial
 *   state; backward takes gradients for every output AND the final state, returns the initial state's),
 *   `Dense`, `softmaxCrossEntropy`, `Optimizer` (sgd, momentum, nesterov, adagrad, rmsprop, adam;
 *   L2, L1, decoupled decay), `clipGlobalNorm`,
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
export * from './dropout';
export * from './random';
export { MR, NR, KC, MC, NC, GEMM_SCRATCH_FLOATS, packedFloats } from './kernels';
export type { Kernels, KernelName } from './kernels';
export * from './attention';
export * from './layout';
export * from './ops';
export * from './transformerBlock';
export * from './transformerModel';
export { LN_EPS } from './transformerOps';
export { KERNEL_WORKER_LOOP, spawnNodeWorker } from './pool';
export type { KernelWorker, KernelWorkerData, SpawnKernelWorker } from './pool';
export { compileKernels } from './webassembly';
export type { KernelBuilds } from './webassembly';
