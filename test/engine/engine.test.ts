import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  Engine,
  SequenceModel,
  createEngine,
  createEngineFromBytes,
  spawnNodeWorker,
} from '../../src/engine/index';

const wasmDir = path.join(__dirname, '..', '..', 'build', 'wasm');
const builds = {
  relaxed: fs.readFileSync(path.join(wasmDir, 'engine-relaxed.wasm')),
  plain: fs.readFileSync(path.join(wasmDir, 'engine.wasm')),
};

/** The losses of four training steps of a small LSTM language model (fixed seeds and batches). */
function losses(engine: Engine): number[] {
  const [V, B, T] = [11, 4, 8];
  const model = new SequenceModel(engine, {
    cell: 'lstm',
    vocabSize: V,
    embedDim: 8,
    numHiddens: 64,
    seed: 3,
  });
  const X = Int32Array.from({ length: B * T }, (_, i) => (i * 7) % V);
  const Y = Int32Array.from({ length: B * T }, (_, i) => (i * 7 + 1) % V);
  const out: number[] = [];
  for (let s = 0; s < 4; s++)
    out.push(model.trainStep(X, Y, B, T, { optimizer: 'adam', lr: 1e-2, clip: 5 }).loss);
  model.dispose();
  return out;
}

test('an engine from the kernels’ bytes trains exactly as one from build/wasm/, on 1 and 2 threads', async () => {
  for (const threads of [1, 2]) {
    const fromFiles = await createEngine({ simd: true, threads });
    const fromBytes = await createEngineFromBytes({ wasm: builds, threads, spawnWorker: spawnNodeWorker });
    try {
      assert.equal(fromBytes.threads, threads);
      assert.equal(fromBytes.describe(), fromFiles.describe());
      // The same kernels on the same inputs: bit-identical losses, and the loss falls.
      const a = losses(fromFiles),
        b = losses(fromBytes);
      assert.deepEqual(b, a);
      assert.ok(b[3]! < b[0]!, `loss ${b[0]} → ${b[3]}`);
    } finally {
      await fromFiles.dispose();
      await fromBytes.dispose();
    }
  }
});

test('the plain SIMD build alone makes an engine too (a runtime without relaxed SIMD)', async () => {
  const engine = await createEngineFromBytes({ wasm: { plain: builds.plain } });
  assert.match(engine.describe(), /WebAssembly SIMD, 1 thread/);
  assert.equal(engine.relaxed, false);
  await engine.dispose();
});

test('createEngineFromBytes names what is wrong', async () => {
  await assert.rejects(createEngineFromBytes({ wasm: builds, threads: 2 }), /threads 2 needs spawnWorker/);
  await assert.rejects(
    createEngineFromBytes({ wasm: { plain: new Uint8Array([0, 97, 115, 109]) } }),
    /neither build of the kernels validates/,
  );
  await assert.rejects(createEngineFromBytes({ wasm: builds, threads: 0 }), /threads must be a whole number/);
});
