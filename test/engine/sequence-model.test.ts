import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { createGemmEngine } from '../../src/engine/gemm';
import { SequenceModel } from '../../src/engine/sequence-model';

const root = path.join(__dirname, '..', '..');

for (const cell of ['gru', 'rnn'] as const) {
  test(`the engine language model with a ${cell.toUpperCase()} learns a repeating sequence`, () => {
    const model = new SequenceModel(createGemmEngine(), { cell, vocabSize: 5, embedDim: 8, numHiddens: 16, seed: 3 });
    const B = 4, T = 10;
    const X = Int32Array.from({ length: B * T }, (_, i) => (Math.floor(i / T) + (i % T)) % 5);
    const Y = X.map((x) => (x + 1) % 5);
    for (let i = 0; i < 150; i++) model.trainStep(X, Y, B, T, { lr: 0.02 });
    assert.ok(model.evaluate(X, Y, B, T) < 0.05);
    assert.equal(model.cell, cell);
  });
}

test('the engine language model learns a repeating sequence, and names bad tokens', () => {
  const engine = createGemmEngine();
  const model = new SequenceModel(engine, { vocabSize: 5, embedDim: 8, numHiddens: 16, seed: 3 });
  const B = 4, T = 10;
  // Each row is the cycle 0 1 2 3 4 0 1 … from a different offset; the next token is always (x + 1) mod 5.
  const X = Int32Array.from({ length: B * T }, (_, i) => (Math.floor(i / T) + (i % T)) % 5);
  const Y = X.map((x) => (x + 1) % 5);
  const first = model.evaluate(X, Y, B, T);
  assert.ok(Math.abs(first - Math.log(5)) < 0.1, `untrained loss ${first} should be near ln 5`);
  for (let i = 0; i < 150; i++) model.trainStep(X, Y, B, T, { lr: 0.02 });
  const after = model.evaluate(X, Y, B, T);
  assert.ok(after < 0.05, `loss after training ${after}`);
  assert.equal(model.numParams, 5 * 8 + (8 * 64 + 16 * 64 + 64) + 16 * 5 + 5);
  assert.throws(() => model.trainStep(Int32Array.from({ length: B * T }, () => 7), Y, B, T), /token 7 at \[0, 0\] is outside the vocabulary of 5/);
  assert.throws(() => model.evaluate(X.slice(1), Y, B, T), /must have batchSize·numSteps = 40 tokens, got 39 and 40/);
});

test('rnnlab bench --only rnnlab --json reports the engine rows with ratios fields', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), 'bench', '--only', 'rnnlab', '--reps', '1', '--json'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { config: { batchSize: number; numHiddens: number }; results: { name: string; msPerStep: number; tokensPerSec: number; peakRssMB: number }[] };
  assert.equal(out.config.batchSize, 32);
  assert.deepEqual(out.results.map((x) => x.name), ['rnnlab-lstm-simd-1t', 'rnnlab-lstm-ts-1t', 'rnnlab-gru-simd-1t', 'rnnlab-rnn-simd-1t']);
  for (const x of out.results) {
    assert.ok(x.msPerStep > 0 && x.peakRssMB > 0);
    assert.ok(Math.abs(x.tokensPerSec - (32 * 64) / (x.msPerStep / 1000)) < 1e-6 * x.tokensPerSec);
  }
  const bad = spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), 'bench', '--only', 'torch'], { cwd: root, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--only must be 'rnnlab', got 'torch'/);
});
