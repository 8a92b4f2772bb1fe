import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { trainCharLM, validationLoss } from '../../src/train/language-model';
import { SequenceModel } from '../../src/engine/sequenceModel';
import { createEngine } from '../../src/engine/engine';

const root = path.join(__dirname, '..', '..');

test('trainCharLM learns a repetitive text within its budget and reports the protocol fields', async () => {
  const text = 'abcde fghij '.repeat(400);
  const r = await trainCharLM(text, { seconds: 1.5, batchSize: 8, numSteps: 12, embedDim: 8, numHiddens: 16, lr: 0.02, validationWindow: 24 });
  assert.ok(r.steps > 5, `only ${r.steps} steps`);
  assert.equal(r.vocabSize, 11);
  assert.ok(r.valLoss < Math.log(11) / 2, `validation loss ${r.valLoss} should be well below ln 11`);
  assert.ok(Math.abs(r.valPerplexity - Math.exp(r.valLoss)) < 1e-9);
  await assert.rejects(trainCharLM(text, { seconds: 0 }), /seconds must be > 0, got 0/);
});

test('validationLoss averages over whole windows and refuses a text without one', async () => {
  const model = new SequenceModel(await createEngine(), { vocabSize: 3, embedDim: 4, numHiddens: 4 });
  const ids = Int32Array.from({ length: 21 }, (_, i) => i % 3);
  const one = validationLoss(model, ids, 10, 1), batched = validationLoss(model, ids, 10, 32);
  assert.ok(Math.abs(one - batched) < 1e-6, `${one} vs ${batched}`);
  assert.throws(() => validationLoss(model, ids.slice(0, 5), 10), /5 tokens holds no window of 10/);
});

test('rnnlab lm rejects what it cannot do yet, naming the value', () => {
  const run = (...a: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), 'lm', ...a], { cwd: root, encoding: 'utf8' });
  const bad = run('--model', 'transformer');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--model must be one of lstm, gru, rnn; got 'transformer'/);
  assert.match(run('--seconds', '0.5').stderr, /--seconds must be a number in \[1, 86400\]; got '0.5'/);
  assert.match(run('--save', 'x.ckpt').stderr, /--save is not available yet/);
});
