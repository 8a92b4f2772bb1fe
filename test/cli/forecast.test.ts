import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runRnnlab } from './run';
const rnnlab = (...args: string[]) => runRnnlab(['forecast', ...args], { RNNLAB_PROFILE: 'ci' });

interface Score {
  mae: number;
  rmse: number;
  mase: number;
}
interface Out {
  series: string;
  model: string;
  horizon: number;
  mae: number;
  rmse: number;
  mase: number;
  maseScale: number;
  baselines: Record<string, Score>;
  directionalAccuracy?: number;
  dmPValue?: number;
  testStart: string;
  testEnd: string;
  steps?: number;
}

test("rnnlab forecast --series births --json: the issue's fields, progress, predictions CSV", () => {
  const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-forecast-')), 'p.csv');
  const r = rnnlab(
    '--series',
    'births',
    '--model',
    'gru',
    '--horizon',
    '7',
    '--steps',
    '30',
    '--threads',
    '1',
    '--json',
    '--predictions',
    csv,
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Out;
  assert.equal(out.series, 'births');
  assert.equal(out.model, 'gru');
  assert.equal(out.horizon, 7);
  assert.equal(out.steps, 30);
  for (const k of ['naive', 'seasonalNaive', 'drift', 'linear', 'linearCalendar'])
    assert.ok(out.baselines[k]!.mase > 0, k);
  assert.equal(out.directionalAccuracy, undefined);
  assert.match(r.stderr, /training gru/);
  // the CSV rescored by hand gives the JSON's MAE and MASE
  const rows = fs.readFileSync(csv, 'utf8').trim().split('\n');
  assert.deepEqual(rows[0]!.split(','), [
    'origin',
    'date',
    'actual',
    'naive',
    'seasonalNaive',
    'drift',
    'linear',
    'linearCalendar',
    'gru',
  ]);
  const cells = rows.slice(1).map((l) => l.split(','));
  assert.equal(cells[0]![1], out.testStart);
  assert.equal(cells.at(-1)![1], out.testEnd);
  const maeGru = cells.reduce((s, c) => s + Math.abs(Number(c[2]) - Number(c[8])), 0) / cells.length;
  assert.ok(Math.abs(maeGru - out.mae) / out.mae < 1e-4, `${maeGru} vs ${out.mae}`);
  assert.ok(Math.abs(out.mase - out.mae / out.maseScale) / out.mase < 1e-3);
});

test('rnnlab forecast --series sp500 --model linear --json: direction and Diebold–Mariano fields', () => {
  const r = rnnlab('--series', 'sp500', '--model', 'linear', '--json');
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Out;
  assert.ok(out.directionalAccuracy! >= 0 && out.directionalAccuracy! <= 1);
  assert.ok(out.dmPValue! >= 0 && out.dmPValue! <= 1);
  assert.equal(out.steps, undefined);
});

test('rnnlab forecast names bad input and exits 2', () => {
  const cases: [string[], RegExp][] = [
    [[], /--series is required/],
    [['--series', 'nasdaq'], /--series must be one of births, sp500, wti; got 'nasdaq'/],
    [['--series', 'births', '--horizon', '0'], /--horizon must be a number in \[1, /],
    [['--series', 'births', '--horizon', '2.5'], /--horizon must be a whole number; got '2.5'/],
    [
      ['--series', 'sp500', '--lookback', '5000'],
      /--lookback 5000 with --horizon 1 is longer than the series sp500 \(1866 values\)/,
    ],
    [
      ['--series', 'wti', '--model', 'transformer'],
      /--model must be one of lstm, gru, rnn, linear; got 'transformer'/,
    ],
    [['--series', 'wti', '--loss', 'huber'], /--loss must be one of mse, mae; got 'huber'/],
  ];
  for (const [args, message] of cases) {
    const r = rnnlab(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
});
