import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.join(__dirname, '..', '..');
const rnnlab = (...a: string[]) => spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), ...a], { cwd: root, encoding: 'utf8' });

test('rnnlab lm and generate name the bad value and exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['lm', '--model', 'gpt'], /--model must be one of rnn, gru, lstm, transformer; got 'gpt'/],
    [['lm', '--model', 'transformer', '--backend', 'tfjs'], /--model transformer runs on --backend engine only; got 'tfjs'/],
    [['lm', '--corpus', 'wiki'], /--corpus must be one of tinyshakespeare, timemachine; got 'wiki'/],
    [['lm', '--seconds', '0.5'], /--seconds must be a number in \[1, 86400\]; got '0.5'/],
    [['lm', '--hidden', '2.5'], /--hidden must be an integer; got '2.5'/],
    [['lm', '--threads', '0'], /--threads must be a number in \[1, 64\]; got '0'/],
    [['lm', '--threads', '1.5'], /--threads must be a whole number; got '1.5'/],
    [['generate'], /--checkpoint FILE is required/],
    [['generate', '--checkpoint', 'x', '--top-p', '0'], /--top-p must be a number in \[1e-9, 1\]; got '0'/],
    [['generate', '--checkpoint', 'x', '--temperature=-1'], /--temperature must be a number in \[0, 100\]; got '-1'/],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('rnnlab lm threads: --threads, else RNNLAB_THREADS, else the cores available (at most 8)', () => {
  const env = { ...process.env };
  delete env.RNNLAB_THREADS;
  const threadsOf = (extraEnv: Record<string, string>, ...a: string[]) => {
    const r = spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), 'lm', '--corpus', 'timemachine', '--steps', '2', '--hidden', '8', '--sample-length', '0', '--json', ...a],
      { cwd: root, encoding: 'utf8', env: { ...env, ...extraEnv } });
    assert.equal(r.status, 0, r.stderr);
    return (JSON.parse(r.stdout) as { threads: number }).threads;
  };
  assert.equal(threadsOf({}), Math.min(8, os.availableParallelism()));
  assert.equal(threadsOf({ RNNLAB_THREADS: '1' }), 1);
  assert.equal(threadsOf({ RNNLAB_THREADS: '1' }, '--threads', '2'), 2);
});

test('rnnlab lm --save then rnnlab generate: JSON fields, a checkpoint, a reproducible sample', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-cli-'));
  try {
    const file = path.join(dir, 'tm.ckpt');
    const r = rnnlab('lm', '--corpus', 'timemachine', '--seconds', '1', '--hidden', '8', '--save', file, '--sample-length', '20', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const k of ['steps', 'trainLoss', 'valLoss', 'valPerplexity', 'sample']) assert.ok(k in out, `missing ${k}`);
    assert.ok((out.steps as number) >= 1);
    assert.equal(out.valPerplexity, Math.exp(out.valLoss as number));
    assert.ok((out.sample as string).startsWith('The Time Traveller'));
    assert.ok(fs.existsSync(file));
    const g = (...a: string[]) => rnnlab('generate', '--checkpoint', file, '--length', '30', '--json', ...a);
    const a = JSON.parse(g('--seed', '3', '--top-k', '5').stdout) as { text: string; prime: string };
    const b = JSON.parse(g('--seed', '3', '--top-k', '5').stdout) as { text: string };
    assert.equal(a.prime, 'The Time Traveller', 'the prime saved with the checkpoint');
    assert.equal(a.text, b.text);
    assert.equal(a.text.length, 'The Time Traveller'.length + 30);
    const bad = rnnlab('generate', '--checkpoint', file, '--prime', 'ROMEO{');
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--prime contains "\{", which is not in the checkpoint's vocabulary of 70 characters/);
    fs.writeFileSync(path.join(dir, 'junk.ckpt'), 'not a checkpoint');
    const junk = rnnlab('generate', '--checkpoint', path.join(dir, 'junk.ckpt'));
    assert.equal(junk.status, 1);
    assert.match(junk.stderr, /junk\.ckpt is not an rnnlab checkpoint/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rnnlab lm --model transformer trains, reports validation perplexity, saves; rnnlab generate reads it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-cli-'));
  try {
    const file = path.join(dir, 'tr.ckpt');
    const r = rnnlab('lm', '--model', 'transformer', '--corpus', 'timemachine', '--steps', '3', '--hidden', '16', '--layers', '1',
      '--context', '16', '--threads', '1', '--save', file, '--sample-length', '40', '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out.model, 'transformer');
    assert.equal(out.steps, 3);
    assert.equal(out.context, 16);
    assert.equal(out.valPerplexity, Math.exp(out.valLoss as number));
    assert.ok((out.sample as string).length === 'The Time Traveller'.length + 40, 'the sample runs past the context of 16');
    const g = rnnlab('generate', '--checkpoint', file, '--length', '30', '--json', '--seed', '2');
    assert.equal(g.status, 0, g.stderr);
    assert.equal((JSON.parse(g.stdout) as { text: string }).text.length, 'The Time Traveller'.length + 30);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
