import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runRnnlab } from './run';
const rnnlab = (...a: string[]) => runRnnlab(a, { RNNLAB_THREADS: '1' });
const wav = path.join('data', 'fsdd', 'recordings', '7_jackson_0.wav');

test('rnnlab speech names the bad value and exits 2', () => {
  const cases: [string[], RegExp][] = [
    [['speech', '--task', 'words'], /--task must be one of digits, sequences; got 'words'/],
    [['speech', '--model', 'rnn'], /--model must be one of gru, lstm; got 'rnn'/],
    [['speech', '--split', 'random'], /--split must be one of standard, speaker; got 'random'/],
    [['speech', '--task', 'sequences', '--split', 'speaker'], /--split speaker is for --task digits/],
    [['speech', '--split', 'speaker', '--save', 'x.ckpt'], /--save needs --split standard/],
    [['speech', '--hiddens', '2.5'], /--hiddens must be a whole number in \[1, 4096\]; got '2\.5'/],
    [['speech', '--save', '/nonexist/x.ckpt'], /the folder \/nonexist does not exist/],
    [['speech', '--augment', 'maybe'], /--augment must be one of on, off; got 'maybe'/],
    [
      ['speech', wav],
      /WAV files to transcribe need --checkpoint FILE; got 'data\/fsdd\/recordings\/7_jackson_0\.wav'/,
    ],
    [['speech', '--checkpoint', 'x.ckpt'], /--checkpoint "x\.ckpt": no such file/],
    [['speech', '--checkpoint', 'package.json'], /--checkpoint needs one or more WAV files/],
    [['speech', '--checkpoint', '/dev/zero', wav], /--checkpoint "\/dev\/zero" is not a regular file/],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('rnnlab speech --save then --checkpoint: JSON fields; the checkpoint transcribes a WAV; a non-WAV file exits 2 naming it', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-speech-'));
  try {
    const file = path.join(dir, 'digits.ckpt');
    const r = rnnlab(
      'speech',
      '--steps',
      '2',
      '--seconds',
      '600',
      '--hiddens',
      '16',
      '--augment',
      'off',
      '--save',
      file,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      task: string;
      split: string;
      accuracy: number;
      steps: number;
      seconds: number;
      featureSeconds: number;
      perSpeaker: Record<string, number>;
      threads: number;
    };
    assert.equal(out.task, 'digits');
    assert.equal(out.split, 'standard');
    assert.equal(out.steps, 2);
    assert.equal(out.threads, 1);
    assert.ok(out.accuracy >= 0 && out.accuracy <= 1);
    assert.deepEqual(Object.keys(out.perSpeaker).sort(), [
      'george',
      'jackson',
      'lucas',
      'nicolas',
      'theo',
      'yweweler',
    ]);
    assert.ok(out.featureSeconds >= 0 && out.seconds > 0);
    const t = rnnlab('speech', '--checkpoint', file, wav, '--json');
    assert.equal(t.status, 0, t.stderr);
    const tr = JSON.parse(t.stdout) as {
      task: string;
      transcriptions: { file: string; digits: string; probabilities: number[] }[];
    };
    assert.equal(tr.task, 'digits');
    assert.equal(tr.transcriptions[0]!.file, wav);
    assert.match(tr.transcriptions[0]!.digits, /^\d$/);
    assert.ok(Math.abs(tr.transcriptions[0]!.probabilities.reduce((a, b) => a + b) - 1) < 1e-6);
    const text = path.join(dir, 'notes.wav');
    fs.writeFileSync(text, 'this is not audio');
    const bad = rnnlab('speech', '--checkpoint', file, text);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /notes\.wav: not a WAV file: it starts with "this"/);
    const missing = rnnlab('speech', '--checkpoint', file, path.join(dir, 'none.wav'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /none\.wav: no such file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rnnlab speech --task sequences: digit error rates, greedy and beam, and a checkpoint that transcribes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-speech-'));
  try {
    const file = path.join(dir, 'ctc.ckpt');
    const r = rnnlab(
      'speech',
      '--task',
      'sequences',
      '--steps',
      '1',
      '--batch',
      '4',
      '--hiddens',
      '8',
      '--train-utterances',
      '8',
      '--test-utterances',
      '4',
      '--save',
      file,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      task: string;
      digitErrorRate: number;
      accuracy: number;
      greedy: { digitErrorRate: number };
      steps: number;
      data: { train: number; test: number };
    };
    assert.equal(out.task, 'sequences');
    assert.equal(out.steps, 1);
    assert.deepEqual(out.data.train, 8);
    assert.ok(
      out.digitErrorRate >= 0 && out.greedy.digitErrorRate >= 0 && out.accuracy >= 0 && out.accuracy <= 1,
    );
    const t = rnnlab('speech', '--checkpoint', file, wav, '--json');
    assert.equal(t.status, 0, t.stderr);
    const tr = JSON.parse(t.stdout) as { task: string; transcriptions: { digits: string; beam: string }[] };
    assert.equal(tr.task, 'sequences');
    assert.match(tr.transcriptions[0]!.beam, /^\d*$/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
