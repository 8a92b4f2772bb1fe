import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runRnnlab } from './run';
const rnnlab = (...a: string[]) => runRnnlab(a, { RNNLAB_THREADS: '1' });

test('rnnlab summarize names the bad value and exits 2', () => {
  const cases: [string[], RegExp][] = [
    [['summarize', '--copy', '--no-copy'], /give --copy or --no-copy, not both/],
    [['summarize', '--beam', '2.5'], /--beam must be a whole number in \[\d+, \d+\]; got '2\.5'/],
    [['summarize', '--save', '/nonexist/s.ckpt'], /the folder \/nonexist does not exist/],
    [['summarize', '--seconds', '0'], /--seconds must be a number in \[1, 86400\]; got '0'/],
    [['summarize', '--frobnicate'], /Unknown option '--frobnicate'/],
    [['summarize', 'foo is a tool'], /texts to summarise need --checkpoint FILE; got 'foo is a tool'/],
    [['summarize', '--checkpoint', 'x.ckpt'], /--checkpoint needs one or more texts to summarise/],
    [['summarize', '--checkpoint', 'x.ckpt', '   '], /text 1 \(" {3}"\) has no words to summarise/],
    [
      ['summarize', '--checkpoint', 'no-such.ckpt', 'foo is a tool'],
      /--checkpoint no-such\.ckpt: .*does not exist/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
  }
});

test('rnnlab summarize --save, --predictions, then --checkpoint: JSON fields, baselines, the same summary', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-summarize-'));
  try {
    const file = path.join(dir, 's.ckpt'),
      preds = path.join(dir, 'p.jsonl');
    const r = rnnlab(
      'summarize',
      '--steps',
      '2',
      '--max-train',
      '200',
      '--test-pairs',
      '12',
      '--beam',
      '2',
      '--save',
      file,
      '--predictions',
      preds,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const out = JSON.parse(r.stdout) as {
      rouge1: number;
      rouge2: number;
      rougeL: number;
      steps: number;
      threads: number;
      copy: boolean;
      trainLoss: number;
      valLoss: number;
      baselines: {
        lead: { k: number; rougeL: number };
        firstSentence: { rougeL: number };
        oracle: { rougeL: number };
      };
      rougeLVsLead: { low: number; high: number; difference: number };
      examples: { source: string; prediction: string }[];
    };
    assert.equal(out.steps, 2);
    assert.equal(out.threads, 1);
    assert.equal(out.copy, true, 'copy is the default');
    for (const v of [
      out.rouge1,
      out.rouge2,
      out.rougeL,
      out.baselines.lead.rougeL,
      out.baselines.oracle.rougeL,
    ])
      assert.ok(v >= 0 && v <= 100, `${v}`);
    assert.ok(
      out.baselines.oracle.rougeL >= out.baselines.lead.rougeL,
      'the oracle span is a ceiling for lead-k',
    );
    assert.ok(
      out.rougeLVsLead.low <= out.rougeLVsLead.difference &&
        out.rougeLVsLead.difference <= out.rougeLVsLead.high,
    );
    assert.ok(Number.isFinite(out.trainLoss) && Number.isFinite(out.valLoss));
    const lines = fs
      .readFileSync(preds, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { source: string; reference: string; prediction: string });
    assert.equal(lines.length, 12);
    // --compare with the run's own predictions: the difference is exactly 0
    const again = rnnlab(
      'summarize',
      '--steps',
      '2',
      '--max-train',
      '200',
      '--test-pairs',
      '12',
      '--beam',
      '2',
      '--compare',
      preds,
      '--json',
    );
    assert.equal(again.status, 0, again.stderr);
    const cmp = (
      JSON.parse(again.stdout) as { rougeLVsCompare: { difference: number; low: number; high: number } }
    ).rougeLVsCompare;
    assert.deepEqual([cmp.difference, cmp.low, cmp.high], [0, 0, 0]);
    // the checkpoint summarises a test source as the run did
    const t = rnnlab('summarize', '--checkpoint', file, lines[0]!.source, '--beam', '2', '--json');
    assert.equal(t.status, 0, t.stderr);
    const s = JSON.parse(t.stdout) as { summaries: { summary: string }[] };
    assert.equal(s.summaries[0]!.summary, lines[0]!.prediction);
    fs.writeFileSync(path.join(dir, 'junk.ckpt'), 'not a checkpoint');
    const junk = rnnlab('summarize', '--checkpoint', path.join(dir, 'junk.ckpt'), 'foo is a tool');
    assert.equal(junk.status, 2);
    assert.match(junk.stderr, /junk\.ckpt/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
