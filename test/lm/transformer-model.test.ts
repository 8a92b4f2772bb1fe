import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLanguageModel } from '../../src/lm/create';
import { TransformerLanguageModel } from '../../src/lm/transformer-model';
import { loadLanguageModel, saveLanguageModel } from '../../src/lm/persist';
import { trainLanguageModel } from '../../src/lm/train';
import { Vocab } from '../../src/data/vocab';

const text = 'to be or not to be, that is the question: whether tis nobler in the mind to suffer. '.repeat(4);
const vocab = Vocab.characters(text);
const config = { cell: 'transformer' as const, vocabSize: vocab.size, numHiddens: 16, numLayers: 2, seed: 3, transformer: { numHeads: 2, maxLen: 8 } };

test('evaluate beyond the context: windows of maxLen moved maxLen/2 — each position scored once, from its window start', async () => {
  const m = await createLanguageModel(config);
  assert.ok(m instanceof TransformerLanguageModel);
  const L = 8, stride = 4, T = 21;
  const ids = vocab.encodeText(text);
  const X = ids.subarray(0, T), Y = ids.subarray(1, T + 1);
  // Position p is predicted from x_{s(p)} … x_p: s(p) = 0 for p < L, else the first window start k·stride
  // (clipped to T − L) whose window reaches past p.
  const s = (p: number): number => (p < L ? 0 : Math.min(Math.ceil((p - L + 1) / stride) * stride, T - L));
  let sum = 0;
  for (let p = 0; p < T; p++) {
    const { logits } = m.model.prefill(X.slice(s(p), p + 1), 1); // the logits after x_p
    const mx = Math.max(...logits);
    const logZ = mx + Math.log(logits.reduce((a, z) => a + Math.exp(z - mx), 0));
    sum += logZ - logits[Y[p]!]!;
  }
  const got = m.evaluate(X, Y, 1, T).loss;
  assert.ok(Math.abs(got - sum / T) < 1e-5, `${got} vs ${sum / T}`);
  m.dispose();
});

test('a Transformer checkpoint reloads to identical logits; weights are checked against the config', async () => {
  const m = await createLanguageModel(config);
  trainLanguageModel(m, vocab.encodeText(text), { batchSize: 4, numSteps: 8, maxSteps: 3, lr: 0.01, warmup: 2 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-tr-'));
  try {
    const file = path.join(dir, 'tr.ckpt');
    saveLanguageModel(file, m, vocab);
    const { model: b, config: c } = await loadLanguageModel(file);
    assert.deepEqual(c, m.config);
    const X = vocab.encodeText('to be or');
    assert.deepEqual(Array.from(b.stepLogits(X.subarray(0, 2)).logits), Array.from(m.stepLogits(X.subarray(0, 2)).logits));
    assert.equal(b.evaluate(X.subarray(0, 7), X.subarray(1, 8), 1, 7).loss, m.evaluate(X.subarray(0, 7), X.subarray(1, 8), 1, 7).loss);
    const w = m.getWeights();
    delete w['block_1/ffn/b_2'];
    assert.throws(() => b.setWeights(w), /missing 'block_1\/ffn\/b_2'/);
    b.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    m.dispose();
  }
});

test('the Transformer runs on the engine only, and names bad sizes', async () => {
  await assert.rejects(createLanguageModel(config, { backend: 'tfjs' }), /the Transformer runs on the engine only; got backend 'tfjs'/);
  await assert.rejects(createLanguageModel({ ...config, transformer: { numHeads: 3 } }), /numHeads 3 must divide numHiddens 16/);
});
