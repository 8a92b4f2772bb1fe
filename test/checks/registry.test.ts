import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { listChecks, registerCheck, runChecks } from '../../src/checks/registry';
import { registerBuiltinChecks } from '../../src/catalog/index';
import { checksTable } from '../../src/cli/checks';

const root = path.join(__dirname, '..', '..');

test('every built-in math-formula check passes, and they cover every model and mechanism', async () => {
  const n = registerBuiltinChecks();
  assert.ok(n >= 30, `only ${n} checks`);
  assert.equal(registerBuiltinChecks(), n, 'registering twice must not duplicate');
  const rows = await runChecks();
  for (const r of rows)
    assert.ok(r.pass, `${r.name}: error ${r.maxError} > ${r.tolerance}${r.error ? ` (${r.error})` : ''}`);
  for (const area of [
    'mlp/',
    'rnn/',
    'lstm/',
    'gru/',
    'optimizer/',
    'clip/',
    'truncated-bptt',
    'forward-vs-tfjs',
    'variableGrads',
    'closed-form',
    'finite-differences',
  ]) {
    assert.ok(
      rows.some((r) => r.name.includes(area)),
      `no check about ${area}`,
    );
  }
});

test('a failing or throwing check is reported as failed, and names must be unique', async () => {
  registerCheck(
    { name: 'test/always-off', equation: '1 = 2', section: '-', tolerance: 0.5, run: () => 1 },
    {
      name: 'test/throws',
      equation: '-',
      section: '-',
      tolerance: 1,
      run: () => {
        throw new Error('boom');
      },
    },
  );
  const rows = await runChecks('test/');
  assert.deepEqual(
    rows.map((r) => [r.name, r.pass]),
    [
      ['test/always-off', false],
      ['test/throws', false],
    ],
  );
  assert.equal(rows[1]!.error, 'boom');
  assert.match(checksTable(rows), /test\/always-off .* FAIL/);
  assert.throws(
    () => registerCheck({ name: 'test/throws', equation: '', section: '', tolerance: 1, run: () => 0 }),
    /already registered/,
  );
  assert.throws(
    () => registerCheck({ name: 'test/zero', equation: '', section: '', tolerance: 0, run: () => 0 }),
    /positive tolerance/,
  );
  assert.equal(listChecks('test/').length, 2);
});

test('rnnlab checks --json lists ≥ 30 passing checks; a filter that matches nothing exits 2', () => {
  const r = spawnSync(
    process.execPath,
    [path.join(root, 'bin', 'rnnlab.js'), 'checks', '--json', '--filter', 'lstm'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    checks: { name: string; pass: boolean; section: string; tolerance: number; maxError: number }[];
    passed: number;
    failed: number;
  };
  assert.equal(out.failed, 0);
  assert.ok(
    out.checks.length >= 15 &&
      out.checks.every((c) => c.name.includes('lstm') && c.pass && c.maxError <= c.tolerance),
  );
  const none = spawnSync(
    process.execPath,
    [path.join(root, 'bin', 'rnnlab.js'), 'checks', '--filter', 'no-such-check'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(none.status, 2);
  assert.match(none.stderr, /no check matches 'no-such-check'/);
});
