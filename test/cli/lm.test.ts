import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

import { root, runRnnlab } from './run';
const rnnlab = (...a: string[]) => runRnnlab(a);
const rnnlabEnv = (env: Record<string, string>, ...a: string[]) => runRnnlab(a, env);

test('rnnlab lm and generate name the bad value and exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['lm', '--model', 'gpt'], /--model must be one of rnn, gru, lstm, transformer; got 'gpt'/],
    [
      ['lm', '--model', 'transformer', '--backend', 'tfjs'],
      /--model transformer runs on --backend engine only; got 'tfjs'/,
    ],
    [['lm', '--corpus', 'wiki'], /--corpus must be one of tinyshakespeare, timemachine; got 'wiki'/],
    [['lm', '--seconds', '0.5'], /--seconds must be a number in \[1, 86400\]; got '0\.5'/],
    [['lm', '--seconds', '-1'], /--seconds must be a number in \[1, 86400\]; got '-1'/],
    [['lm', '--hidden', '2.5'], /--hidden must be a whole number in \[1, 4096\]; got '2\.5'/],
    [['lm', '--steps', '2.5'], /--steps must be a whole number in \[1, 1000000000\]; got '2\.5'/],
    [['lm', '--steps', ''], /--steps must be a whole number in \[1, 1000000000\]; got ''/],
    [['lm', '--threads', '0'], /--threads must be a whole number in \[1, 64\]; got '0'/],
    [['lm', '--threads', '1.5'], /--threads must be a whole number in \[1, 64\]; got '1\.5'/],
    [['lm', '--threads', '0x10'], /--threads must be a whole number in \[1, 64\]; got '0x10'/],
    [['lm', 'extra'], /unexpected argument 'extra'/],
    [['lm', '--save-every', '10'], /--save-every does not apply without --save/],
    [['lm', '--backend', 'tfjs', '--threads', '2'], /--threads does not apply with --backend tfjs/],
    [['lm', '--save', ''], /--save "": checkpoint path "" is empty/],
    [
      ['lm', '--save', '/nonexist/q.ckpt'],
      /--save "\/nonexist\/q\.ckpt": cannot save checkpoint \/nonexist\/q\.ckpt: the folder \/nonexist does not exist/,
    ],
    [['lm', '--save', os.tmpdir()], /cannot save checkpoint .*: it is a directory/],
    [['lm', '--save', '/etc/hostname/q.ckpt'], /\/etc\/hostname is (under )?a file, not a folder/],
    [['generate'], /--checkpoint FILE is required/],
    [['generate', '--checkpoint', 'x', '--top-p', '0'], /--top-p must be a number in \[1e-9, 1\]; got '0'/],
    [
      ['generate', '--checkpoint', 'x', '--temperature=-1'],
      /--temperature must be a number in \[0, 100\]; got '-1'/,
    ],
    [
      ['generate', '--checkpoint', 'x', '--temperature', ''],
      /--temperature must be a number in \[0, 100\]; got ''/,
    ],
    [['generate', '--checkpoint', '/dev/zero'], /--checkpoint "\/dev\/zero" is not a regular file/],
    [['generate', '--checkpoint', os.tmpdir()], /is a directory, not a checkpoint file/],
    [['generate', '--checkpoint', 'no-such.ckpt'], /--checkpoint "no-such\.ckpt": no such file/],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(
      r.stderr,
      /lm lstm|validation over/,
      `${args.join(' ')}: refused before any training`,
    );
  }
  const env = rnnlabEnv({ RNNLAB_THREADS: '65' }, 'lm', '--steps', '1');
  assert.equal(env.status, 2, env.stderr);
  assert.match(env.stderr, /RNNLAB_THREADS must be a whole number in \[1, 64\]; got '65'/);
});

test('rnnlab lm --hidden 4096 --layers 8 is refused with the memory it would need, before allocating or training', () => {
  const r = rnnlab('lm', '--corpus', 'timemachine', '--hidden', '4096', '--layers', '8', '--steps', '1');
  assert.equal(r.status, 1, r.stderr);
  assert.match(
    r.stderr,
    /8 lstm layer\(s\) of 4096 units \([\d,]+ parameters\) need about \d+\.\d\d GiB of engine memory .*; the engine has \d\.\d\d GiB left/,
  );
  assert.doesNotMatch(r.stderr, /lm lstm/, 'no training step');
});

test('rnnlab lm reports bit-identical figures on 1 and 3 threads', () => {
  const run = (threads: string) => {
    const r = rnnlab(
      'lm',
      '--corpus',
      'timemachine',
      '--steps',
      '5',
      '--hidden',
      '64',
      '--sample-length',
      '30',
      '--threads',
      threads,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const { trainLoss, valLoss, sample } = JSON.parse(r.stdout) as {
      trainLoss: number;
      valLoss: number;
      sample: string;
    };
    return { trainLoss, valLoss, sample };
  };
  assert.deepEqual(run('3'), run('1'));
});

/** Mounts a tmpfs of `size` at a new folder; null where this machine does not allow it (not root). */
function mountTmpfs(size: string): string | null {
  const at = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-tmpfs-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at]).status !== 0) {
    fs.rmdirSync(at);
    return null;
  }
  process.on('exit', () => {
    spawnSync('umount', [at]);
    fs.rmSync(at, { recursive: true, force: true });
  });
  return at;
}

test('rnnlab lm --save on a full disk exits non-zero saying "disk full"; the previous checkpoint is byte-identical', (t) => {
  const at = mountTmpfs('1m');
  if (at === null)
    return t.skip(
      'cannot mount a tmpfs here (needs root); test/train/checkpoint.test.ts injects short writes instead',
    );
  const file = path.join(at, 'old.ckpt');
  const lm = (...a: string[]) =>
    rnnlab(
      'lm',
      '--corpus',
      'timemachine',
      '--steps',
      '1',
      '--hidden',
      '8',
      '--sample-length',
      '0',
      '--save',
      file,
      ...a,
    );
  const first = lm('--seed', '1');
  assert.equal(first.status, 0, first.stderr);
  const before = fs.readFileSync(file);
  // Fill the disk but for 1000 bytes: less than the new checkpoint needs.
  const free = fs.statfsSync(at).bavail * fs.statfsSync(at).bsize;
  fs.writeFileSync(path.join(at, 'filler'), Buffer.alloc(Math.max(0, free - 1000)));
  const second = lm('--seed', '2');
  assert.equal(second.status, 1, second.stderr);
  assert.match(
    second.stderr,
    /cannot save checkpoint .*old\.ckpt: disk full \(ENOSPC\) after writing \d+ of \d+ bytes; the previous checkpoint, if any, is unchanged/,
  );
  assert.deepEqual(fs.readFileSync(file), before);
  assert.deepEqual(fs.readdirSync(at).sort(), ['filler', 'old.ckpt'], 'no temporary file left');
});

test('rnnlab lm threads: --threads, else RNNLAB_THREADS, else the cores available (at most 8)', () => {
  const env = { ...process.env };
  delete env.RNNLAB_THREADS;
  const threadsOf = (extraEnv: Record<string, string>, ...a: string[]) => {
    const r = spawnSync(
      process.execPath,
      [
        path.join(root, 'bin', 'rnnlab.js'),
        'lm',
        '--corpus',
        'timemachine',
        '--steps',
        '2',
        '--hidden',
        '8',
        '--sample-length',
        '0',
        '--json',
        ...a,
      ],
      { cwd: root, encoding: 'utf8', env: { ...env, ...extraEnv } },
    );
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
    const r = rnnlab(
      'lm',
      '--corpus',
      'timemachine',
      '--seconds',
      '1',
      '--hidden',
      '8',
      '--save',
      file,
      '--sample-length',
      '20',
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const k of ['steps', 'trainLoss', 'valLoss', 'valPerplexity', 'sample'])
      assert.ok(k in out, `missing ${k}`);
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
    assert.match(
      bad.stderr,
      /--prime contains "\{", which is not in the checkpoint's vocabulary of 70 characters/,
    );
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
    const r = rnnlab(
      'lm',
      '--model',
      'transformer',
      '--corpus',
      'timemachine',
      '--steps',
      '3',
      '--hidden',
      '16',
      '--layers',
      '1',
      '--context',
      '16',
      '--threads',
      '1',
      '--save',
      file,
      '--sample-length',
      '40',
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(out.model, 'transformer');
    assert.equal(out.steps, 3);
    assert.equal(out.context, 16);
    assert.equal(out.valPerplexity, Math.exp(out.valLoss as number));
    assert.ok(
      (out.sample as string).length === 'The Time Traveller'.length + 40,
      'the sample runs past the context of 16',
    );
    const g = rnnlab('generate', '--checkpoint', file, '--length', '30', '--json', '--seed', '2');
    assert.equal(g.status, 0, g.stderr);
    assert.equal((JSON.parse(g.stdout) as { text: string }).text.length, 'The Time Traveller'.length + 30);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
