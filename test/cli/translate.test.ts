import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { loadCheckpoint } from '../../src/train/checkpoint';

import { root, runRnnlab, TINY_TRANSLATOR } from './run';
const rnnlab = (...a: string[]) => runRnnlab(a, { RNNLAB_THREADS: '1' });

test('rnnlab translate names the bad value and exits 2', () => {
  const cases: [string[], RegExp][] = [
    [
      ['translate', '--attention', 'cosine'],
      /--attention must be one of none, additive, dot, scaled-dot; got 'cosine'/,
    ],
    [['translate', '--beam', '2.5'], /--beam must be a whole number in \[1, 64\]; got '2\.5'/],
    [['translate', '--max-len', '2.5'], /--max-len must be a whole number in \[1, 200\]; got '2\.5'/],
    [['translate', '--bucket', '2.5'], /--bucket must be a whole number in \[0, 10000\]; got '2\.5'/],
    [['translate', '--threads', '1.5'], /--threads must be a whole number in \[1, 64\]; got '1\.5'/],
    [['translate', '--batch', '0'], /--batch must be a whole number in \[1, 4096\]; got '0'/],
    [['translate', '--lr=-5'], /--lr must be a number in \[0\.000001, 1\]; got '-5'/],
    [['translate', '--seconds', 'abc'], /--seconds must be a number in \[1, 86400\]; got 'abc'/],
    [
      ['translate', '--validate-every', '2.5'],
      /--validate-every must be a whole number in \[0, 1000000000\]; got '2\.5'/,
    ],
    [['translate', '--dropout', '1'], /--dropout must be a number in \[0, 0\.95\]; got '1'/],
    [['translate', '--word-dropout', '-0.1'], /--word-dropout must be a number in \[0, 0\.95\]; got '-0\.1'/],
    [['translate', '--lr-decay', '2'], /--lr-decay must be a number in \[0\.000001, 1\]; got '2'/],
    [['translate', '--patience', '0'], /--patience must be a whole number in \[1, 1000\]; got '0'/],
    [
      ['translate', '--lr-decay', '0.1', '--validate-every', '0'],
      /--lr-decay 0\.1 needs validation: --validate-every must be above 0/,
    ],
    [['translate', '--save', ''], /--save "": checkpoint path "" is empty/],
    [['translate', '--save', os.tmpdir()], /cannot save checkpoint .*: it is a directory/],
    [['translate', '--save', '/nonexist/q.ckpt'], /the folder \/nonexist does not exist/],
    [['translate', '--save-every', '5'], /--save-every does not apply without --save/],
    [['translate', '--data', 'deu.txt'], /--data must be one of fra.txt, fra-small.txt; got 'deu.txt'/],
    [['translate', '--pair', 'eng-deu'], /--pair must be one of eng-fra, eng-cmn; got 'eng-deu'/],
    [
      ['translate', '--pair', 'eng-cmn', '--data', 'fra.txt'],
      /--data must be one of cmn-simplified.txt, cmn.txt; got 'fra.txt'/,
    ],
    [['translate', 'i am cold .'], /sentences to translate need --checkpoint FILE; got 'i am cold \.'/],
    [['translate', '--checkpoint', 'x.ckpt', 'go .'], /--checkpoint "x\.ckpt": no such file/],
    [['translate', '--checkpoint', '/dev/zero', 'go .'], /--checkpoint "\/dev\/zero" is not a regular file/],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /training pairs/, `${args.join(' ')}: refused before the data is read`);
  }
});

test('rnnlab translate --save then --checkpoint: JSON fields, BLEU on 0–100, the same translation as training reported', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-translate-'));
  try {
    const file = path.join(dir, 'fr.ckpt');
    const r = rnnlab(...TINY_TRANSLATOR, '--save', file, '--json');
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      bleu: number;
      steps: number;
      threads: number;
      examples: { source: string; translation: string }[];
      data: { test: number };
    };
    assert.equal(out.steps, 2);
    assert.equal(out.threads, 1, 'RNNLAB_THREADS=1 in this test');
    assert.ok(out.bleu >= 0 && out.bleu <= 100, `bleu ${out.bleu}`);
    assert.equal(out.data.test, 1000);
    assert.equal(out.examples[0]!.source, 'go .');
    assert.ok(fs.existsSync(file));
    // The checkpoint translates d2l's first sentence exactly as the model did right after training.
    const t = rnnlab('translate', '--checkpoint', file, 'Go.', 'i am cold .', '--json');
    assert.equal(t.status, 0, t.stderr);
    const tr = JSON.parse(t.stdout) as {
      translations: { source: string; tokens: string; translation: string }[];
    };
    assert.equal(tr.translations.length, 2);
    assert.equal(tr.translations[0]!.tokens, 'go .', 'raw text is preprocessed as the training data');
    assert.equal(tr.translations[0]!.translation, out.examples[0]!.translation);
    // --threads reaches the engine that decodes with the checkpoint (RNNLAB_THREADS=1 in this test).
    const t2 = rnnlab('translate', '--checkpoint', file, 'Go.', '--threads', '2', '--json');
    assert.equal(t2.status, 0, t2.stderr);
    const tr2 = JSON.parse(t2.stdout) as { threads: number; translations: { translation: string }[] };
    assert.equal(tr2.threads, 2);
    assert.equal(tr2.translations[0]!.translation, out.examples[0]!.translation);
    assert.equal(
      (JSON.parse(t.stdout) as { threads: number }).threads,
      1,
      'RNNLAB_THREADS=1 without --threads',
    );
    // With a checkpoint: training options, bad sentences and the whole line are refused (exit 2).
    const refused: [string[], RegExp][] = [
      [[], /--checkpoint needs one or more sentences to translate/],
      [
        ['go .', '--attention', 'dot'],
        /--attention does not apply with --checkpoint \(they are training options\)/,
      ],
      [
        ['go .', '--save', path.join(dir, 'q.ckpt'), '--seconds', '5'],
        /--seconds, --save do not apply with --checkpoint/,
      ],
      [['go .', ''], /sentence 2 \(""\) is empty: nothing to translate/],
      [['   '], /sentence 1 \(" {3}"\) is empty/],
      [
        [Array(201).fill('go').join(' ')],
        /sentence 1 \("go go .*…"\) has 201 tokens; at most 200 are translated/,
      ],
      [
        [
          '--save',
          '/nonexist/q.ckpt',
          '--threads',
          '999',
          '--attention',
          'bogus',
          '--seconds',
          'abc',
          '--lr=-5',
          '--data',
          '/etc/passwd',
          'i am cold .',
        ],
        /--threads must be a whole number in \[1, 64\]; got '999'/,
      ],
    ];
    for (const [extra, message] of refused) {
      const q = rnnlab('translate', '--checkpoint', file, ...extra);
      assert.equal(q.status, 2, `${extra.join(' ')}: ${q.stderr}`);
      assert.match(q.stderr, message);
    }
    fs.writeFileSync(path.join(dir, 'junk.ckpt'), 'not a checkpoint');
    const junk = rnnlab('translate', '--checkpoint', path.join(dir, 'junk.ckpt'), 'go .');
    assert.equal(junk.status, 1);
    assert.match(junk.stderr, /junk\.ckpt is not an rnnlab checkpoint/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rnnlab translate --save rewrites the checkpoint during training: a run killed then leaves a model that loads', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-translate-'));
  try {
    const file = path.join(dir, 'partial.ckpt');
    const child = spawn(
      process.execPath,
      [
        path.join(root, 'bin', 'rnnlab.js'),
        'translate',
        '--data',
        'fra-small.txt',
        '--batch',
        '16',
        '--seconds',
        '600',
        '--save',
        file,
        '--save-every',
        '1',
      ],
      { cwd: root, stdio: 'ignore', env: { ...process.env, RNNLAB_THREADS: '1' } },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const t0 = Date.now();
    while (!fs.existsSync(file) && child.exitCode === null && Date.now() - t0 < 300_000)
      await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await exited;
    assert.ok(fs.existsSync(file), 'a checkpoint was written while training');
    const ck = loadCheckpoint(file, { kind: 'seq2seq' });
    assert.equal(ck.meta?.partial, true, 'written during training, not at the end');
    assert.ok((ck.meta?.steps as number) >= 1);
    const t = rnnlab('translate', '--checkpoint', file, 'go .');
    assert.equal(t.status, 0, t.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('rnnlab translate --pair eng-cmn: BLEU (zh) and chrF on 0–100, Chinese without spaces, the checkpoint remembers its pair', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-translate-cmn-'));
  try {
    const file = path.join(dir, 'zh.ckpt');
    const r = rnnlab(
      'translate',
      '--pair',
      'eng-cmn',
      '--steps',
      '2',
      '--validate-every',
      '1',
      '--batch',
      '16',
      '--save',
      file,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      pair: string;
      training: { budget: { seconds: number | null; steps: number | null } };
      validation: { step: number; loss: number }[];
      bestStep: number;
      valLoss: number;
      bleu: number;
      chrf: number;
      bleuTokenize: string;
      steps: number;
      examples: { source: string; translation: string }[];
      data: { test: number; testSourcesSeenInTraining: number };
    };
    assert.equal(out.pair, 'eng-cmn');
    assert.equal(out.bleuTokenize, 'zh');
    assert.equal(out.steps, 2);
    // --steps alone: no time budget, so the run is the same however busy the machine is.
    assert.deepEqual(out.training.budget, { seconds: null, steps: 2 });
    // Validated after each step; the model kept (valLoss is measured again after training) is the lowest's.
    assert.deepEqual(
      out.validation.map((v) => v.step),
      [1, 2],
    );
    const lowest = out.validation.reduce((a, b) => (b.loss < a.loss ? b : a));
    assert.equal(out.bestStep, lowest.step);
    assert.ok(Math.abs(out.valLoss - lowest.loss) < 1e-9, `valLoss ${out.valLoss} vs ${lowest.loss}`);
    assert.ok(out.bleu >= 0 && out.bleu <= 100, `bleu ${out.bleu}`);
    assert.ok(out.chrf >= 0 && out.chrf <= 100, `chrF ${out.chrf}`);
    assert.equal(out.data.testSourcesSeenInTraining, 0);
    assert.equal(out.examples[0]!.source, 'i am cold .');
    const t = rnnlab('translate', '--checkpoint', file, 'I am cold.', '--json');
    assert.equal(t.status, 0, t.stderr);
    const tr = JSON.parse(t.stdout) as {
      pair: string;
      translations: { tokens: string; translation: string }[];
    };
    assert.equal(tr.pair, 'eng-cmn');
    assert.equal(tr.translations[0]!.tokens, 'i am cold .');
    assert.equal(tr.translations[0]!.translation, out.examples[0]!.translation);
    assert.doesNotMatch(
      tr.translations[0]!.translation,
      /[\u4e00-\u9fff] [\u4e00-\u9fff]/,
      'no space between characters',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
