import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeCheckpoint, encodeCheckpoint, loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-ckpt-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const sample = () => ({
  kind: 'test-model',
  config: { numHiddens: 3, cell: 'lstm' },
  vocab: { tokens: ['a', 'b'] },
  weights: {
    W: { shape: [2, 3], data: Float32Array.of(1, -2, 3.5, 1e-30, -0, Math.PI) },
    b: { shape: [3], data: Float32Array.of(0.1, 0.2, 0.3) },
    empty: { shape: [0], data: new Float32Array(0) },
  },
  meta: { steps: 12 },
});

test('a checkpoint round-trips bit for bit, config, vocabulary and metadata included', () => {
  const file = path.join(dir, 'a.ckpt');
  const bytes = saveCheckpoint(file, sample());
  assert.equal(fs.statSync(file).size, bytes);
  const c = loadCheckpoint(file, { kind: 'test-model' });
  assert.deepEqual(c.config, sample().config);
  assert.deepEqual(c.vocab, sample().vocab);
  assert.deepEqual(c.meta, { steps: 12 });
  for (const [k, w] of Object.entries(sample().weights)) {
    assert.deepEqual(c.weights[k]!.shape, w.shape);
    assert.deepEqual(new Uint8Array(c.weights[k]!.data.buffer), new Uint8Array(w.data.buffer), `${k} bit for bit`);
  }
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file left');
});

test('corrupt, truncated, foreign and mismatched files fail with a message saying so', () => {
  const bytes = encodeCheckpoint(sample());
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 5]! ^= 0x10;
  assert.throws(() => decodeCheckpoint(flipped, 'x.ckpt'), /x\.ckpt is corrupt: the weights' sha256 is [0-9a-f]{64}, the header says [0-9a-f]{64}/);
  assert.throws(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 8), 'x.ckpt'), /x\.ckpt is truncated: its header promises 36 bytes of weights, the file holds 28/);
  assert.throws(() => decodeCheckpoint(bytes.subarray(0, 20), 'x.ckpt'), /x\.ckpt is truncated: its header needs \d+ bytes/);
  assert.throws(() => decodeCheckpoint(Buffer.from('{"hello": 1}'), 'x.ckpt'), /x\.ckpt is not an rnnlab checkpoint: it starts with "\{\\"hello\\"", not "RNNLABCK" \(12 bytes\)/);
  const header = Buffer.from(bytes);
  header[17] = 0x7b; // '{{' opens the JSON
  assert.throws(() => decodeCheckpoint(header, 'x.ckpt'), /x\.ckpt is corrupt: its JSON header does not parse/);
  const v2 = Buffer.from(bytes);
  v2.writeUInt32LE(2, 8);
  assert.throws(() => decodeCheckpoint(v2, 'x.ckpt'), /x\.ckpt is checkpoint format version 2; this rnnlab reads version 1/);
  const file = path.join(dir, 'b.ckpt');
  saveCheckpoint(file, sample());
  assert.throws(() => loadCheckpoint(file, { kind: 'language-model' }), /holds a 'test-model' model, not a 'language-model'/);
  assert.throws(() => loadCheckpoint(path.join(dir, 'missing.ckpt')), /missing\.ckpt does not exist/);
  assert.throws(() => encodeCheckpoint({ ...sample(), weights: { W: { shape: [2, 2], data: new Float32Array(3) } } }), /weight 'W' of shape \[2, 2\] needs 4 values, got 3/);
});

test('saving over an existing checkpoint replaces it whole; a failed save leaves the old one', () => {
  const file = path.join(dir, 'c.ckpt');
  saveCheckpoint(file, sample());
  const before = fs.readFileSync(file);
  // A weight that is not a Float32Array fails while encoding, before anything is written.
  const bad = { ...sample(), weights: { W: { shape: [1], data: Float64Array.of(1) as unknown as Float32Array } } };
  assert.throws(() => saveCheckpoint(file, bad), /weight 'W' must be a Float32Array/);
  assert.deepEqual(fs.readFileSync(file), before);
  // Renaming over a folder fails after the temporary file is written: the temporary file is removed.
  const folder = path.join(dir, 'folder.ckpt');
  fs.mkdirSync(folder);
  assert.throws(() => saveCheckpoint(folder, sample()));
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});
