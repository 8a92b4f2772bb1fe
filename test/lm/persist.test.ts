import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { useBestBackend } from '../../src/tfjs/backend';
import { TfjsLanguageModel } from '../../src/lm/tfjs-model';
import { loadLanguageModel, restoreLanguageModel, saveLanguageModel } from '../../src/lm/persist';
import { generate } from '../../src/lm/sample';
import { trainLanguageModel } from '../../src/lm/train';
import { Vocab } from '../../src/data/vocab';
import { saveCheckpoint } from '../../src/train/checkpoint';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-lm-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

test('save → load (same backend) gives a model with identical logits, samples and loss; another backend agrees closely', async () => {
  await useBestBackend({ log: false });
  const text = 'to be or not to be, that is the question. '.repeat(5);
  const vocab = Vocab.characters(text);
  const a = new TfjsLanguageModel({
    cell: 'gru',
    vocabSize: vocab.size,
    embedDim: 6,
    numHiddens: 10,
    numLayers: 2,
    seed: 4,
  });
  trainLanguageModel(a, vocab.encodeText(text), { batchSize: 4, numSteps: 8, maxSteps: 3, lr: 0.01 });
  const file = path.join(dir, 'gru.ckpt');
  saveLanguageModel(file, a, vocab, { steps: 3 });
  const { model: b, vocab: v2, meta } = await loadLanguageModel(file, { backend: 'tfjs' });
  assert.deepEqual(b.config, a.config);
  assert.deepEqual(v2.tokens, vocab.tokens);
  assert.equal(meta.steps, 3);
  const X = vocab.encodeText('to be or not to b'),
    Y = vocab.encodeText('o be or not to be');
  const la = a.stepLogits(X.subarray(0, 4)).logits,
    lb = b.stepLogits(X.subarray(0, 4)).logits;
  assert.deepEqual(Array.from(lb), Array.from(la), 'identical logits');
  assert.equal(b.evaluate(X, Y, 1, X.length).loss, a.evaluate(X, Y, 1, X.length).loss);
  const opts = { prime: 'to be', length: 40, temperature: 0.8, topK: 5, seed: 11 };
  assert.equal(generate(b, v2, opts), generate(a, vocab, opts));
  // The same file on the engine: the same numbers up to float32 rounding; then engine → file → engine is exact.
  const { model: c } = await loadLanguageModel(file, { backend: 'engine' });
  assert.equal(c.backend, 'engine');
  const lc = c.stepLogits(X.subarray(0, 4)).logits;
  la.forEach((x, i) => assert.ok(Math.abs(x - lc[i]!) < 1e-4, `logit ${i}: ${x} vs ${lc[i]}`));
  const file2 = path.join(dir, 'gru-engine.ckpt');
  saveLanguageModel(file2, c, vocab);
  const { model: d } = await loadLanguageModel(file2, { backend: 'engine' });
  assert.deepEqual(Array.from(d.stepLogits(X.subarray(0, 4)).logits), Array.from(lc));
  assert.equal(generate(d, vocab, opts), generate(c, vocab, opts));
  for (const m of [a, b, c, d]) m.dispose();
});

test('a mismatched model, a foreign kind or a damaged config fails with a clear message', async () => {
  await useBestBackend({ log: false });
  const vocab = Vocab.characters('abc');
  const a = new TfjsLanguageModel({ cell: 'lstm', vocabSize: 3, embedDim: 2, numHiddens: 4 });
  const file = path.join(dir, 'lstm.ckpt');
  saveLanguageModel(file, a, vocab);
  const wider = new TfjsLanguageModel({ cell: 'lstm', vocabSize: 3, embedDim: 2, numHiddens: 5 });
  assert.throws(() => restoreLanguageModel(wider, file), /has numHiddens 4, the model has 5/);
  const gru = new TfjsLanguageModel({ cell: 'gru', vocabSize: 3, embedDim: 2, numHiddens: 4 });
  assert.throws(() => restoreLanguageModel(gru, file), /has cell lstm, the model has gru/);
  const other = path.join(dir, 'other.ckpt');
  saveCheckpoint(other, { kind: 'seq2seq', config: {}, vocab: null, weights: {} });
  await assert.rejects(loadLanguageModel(other), /holds a 'seq2seq' model, not a 'language-model'/);
  const lying = path.join(dir, 'lying.ckpt');
  saveCheckpoint(lying, {
    kind: 'language-model',
    config: { ...a.config, numHiddens: 8 },
    vocab: vocab.toJSON(),
    weights: a.getWeights(),
  });
  await assert.rejects(
    loadLanguageModel(lying),
    /does not match its own config \(1-layer lstm, 8 units\): weights: expected 'lstm_0\/kernel' of shape \[2, 32\], got \[2, 16\]/,
  );
  assert.throws(
    () => saveLanguageModel(file, a, Vocab.characters('abcd')),
    /vocabulary has 4 tokens but the model predicts 3/,
  );
  for (const m of [a, wider, gru]) m.dispose();
});

test('a damaged vocabulary is reported with the file name', async () => {
  const file = path.join(dir, 'bad-vocab.ckpt');
  const config = {
    cell: 'lstm',
    vocabSize: 3,
    embedDim: 2,
    numHiddens: 4,
    numLayers: 1,
    dropout: 0,
    seed: 0,
  };
  saveCheckpoint(file, { kind: 'language-model', config, vocab: { tokens: 'abc' }, weights: {} });
  await assert.rejects(
    loadLanguageModel(file),
    new RegExp(
      `checkpoint ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: its vocabulary: Vocab\\.fromJSON: expected`,
    ),
  );
});
