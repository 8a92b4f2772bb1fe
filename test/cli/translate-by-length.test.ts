import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runRnnlab, TINY_TRANSLATOR } from './run';
import { parseBuckets } from '../../src/cli/translate-by-length';

const rnnlab = (...a: string[]) => runRnnlab(a, { RNNLAB_THREADS: '1' });

test('parseBuckets: increasing whole numbers, each bad value named', () => {
  assert.deepEqual(parseBuckets('4,5,6,7,10'), [4, 5, 6, 7, 10]);
  assert.deepEqual(parseBuckets(' 3 , 9'), [3, 9]);
  assert.throws(() => parseBuckets('4,4'), /--buckets must be increasing upper ends .*got '4,4'/);
  assert.throws(() => parseBuckets('4,x'), /--buckets must be a whole number in \[1, 1000\]; got 'x'/);
  assert.throws(() => parseBuckets('0,5'), /got '0'/);
});

test('rnnlab translate-by-length names the bad value and exits 2', () => {
  // A regular file that is no checkpoint: each bad value is refused before it is read.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-by-length-args-'));
  const fake = path.join(dir, 'fake.ckpt');
  fs.writeFileSync(fake, '');
  const cases: [string[], RegExp][] = [
    [[], /--checkpoint FILE is required/],
    [['--checkpoint', 'x.ckpt'], /--checkpoint "x\.ckpt": no such file/],
    [['--checkpoint', os.tmpdir()], /is a directory/],
    [['--checkpoint', '/dev/zero'], /not a regular file/],
    [['--checkpoint', fake, 'extra'], /unexpected argument 'extra'/],
    [['--checkpoint', fake, '--buckets', '5,4'], /--buckets must be increasing/],
    [['--checkpoint', fake, '--beam', '0'], /--beam must be a whole number in \[1, 64\]; got '0'/],
    [['--checkpoint', fake, '--bootstrap', '-1'], /--bootstrap must be a whole number/],
    [['--checkpoint', fake, '--data', 'deu.txt'], /--data must be one of .*; got 'deu\.txt'/],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab('translate-by-length', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

test('translate-by-length: buckets cover the test set, "all" equals rnnlab translate\'s BLEU, a model against itself differs by 0', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-by-length-'));
  try {
    const file = path.join(dir, 'fr.ckpt');
    const train = rnnlab(...TINY_TRANSLATOR, '--save', file, '--json');
    assert.equal(train.status, 0, train.stderr);
    const trained = JSON.parse(train.stdout) as { bleu: number; data: { test: number } };
    const r = rnnlab(
      'translate-by-length',
      '--checkpoint',
      file,
      '--versus',
      file,
      '--data',
      'fra-small.txt',
      '--buckets',
      '3,4,10',
      '--bootstrap',
      '50',
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      buckets: {
        min: number;
        max: number;
        n: number;
        bleu: (number | null)[];
        difference: { difference: number; low: number; high: number } | null;
      }[];
      all: { n: number; bleu: number[] };
      sentences: number;
    };
    assert.deepEqual(
      out.buckets.map((b) => [b.min, b.max]),
      [
        [1, 3],
        [4, 4],
        [5, 10],
      ],
    );
    assert.equal(
      out.buckets.reduce((s, b) => s + b.n, 0),
      trained.data.test,
    );
    assert.equal(out.all.n, trained.data.test);
    assert.ok(Math.abs(out.all.bleu[0]! - trained.bleu) < 1e-9, `${out.all.bleu[0]} vs ${trained.bleu}`);
    for (const b of out.buckets.filter((x) => x.n > 0)) {
      assert.equal(b.bleu[0], b.bleu[1]);
      assert.deepEqual([b.difference!.difference, b.difference!.low, b.difference!.high], [0, 0, 0]);
    }
    const otherData = rnnlab('translate-by-length', '--checkpoint', file);
    assert.equal(otherData.status, 2);
    assert.match(
      otherData.stderr,
      /vocabularies of \d+ and \d+ tokens, but fra\.txt gives .*another --data file/,
    );
    const short = rnnlab(
      'translate-by-length',
      '--checkpoint',
      file,
      '--data',
      'fra-small.txt',
      '--buckets',
      '4',
    );
    assert.equal(short.status, 2);
    assert.match(short.stderr, /--buckets 4 ends at 4 tokens; fra-small\.txt's test sources reach \d+/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
