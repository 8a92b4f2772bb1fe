import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.join(__dirname, '..', '..');

test('rnnlab info --json prints versions, the backend and the kernel state as the last thing on stdout', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), 'info', '--json'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const info = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(info.tfjs, '4.22.0');
  assert.equal(info.node, process.version);
  assert.ok(['cpu', 'tensorflow', 'wasm'].includes(String(info.backend)));
  assert.equal(typeof info.kernelRegistered, 'boolean');
});

test('rnnlab with a bad option exits 2 and names it', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), 'info', '--colour'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown option '--colour'/);
  const stray = spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), 'info', 'x'], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(stray.status, 2);
  assert.match(stray.stderr, /unexpected argument 'x'/);
});

test('the engine runs the relaxed-SIMD (FMA) build where the runtime takes it; RNNLAB_RELAXED_SIMD=0 gives the plain build, which passes the engine checks too', () => {
  const run = (env: Record<string, string>, ...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), ...args], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
  const relaxed = JSON.parse(run({}, 'info', '--json').stdout) as { engine: string };
  // Node 20's V8 accepts relaxed SIMD once its flag is set at run time
  assert.match(relaxed.engine, /^WebAssembly SIMD \+ FMA, \d+ threads?/);
  const plain = run({ RNNLAB_RELAXED_SIMD: '0' }, 'info', '--json');
  assert.match((JSON.parse(plain.stdout) as { engine: string }).engine, /^WebAssembly SIMD, \d+ threads?/);
  const checks = run({ RNNLAB_RELAXED_SIMD: '0' }, 'checks', '--filter', 'engine', '--json');
  assert.equal(checks.status, 0, checks.stdout.slice(-2000));
  const report = JSON.parse(checks.stdout) as { passed: number; failed: number };
  assert.ok(report.passed >= 3 && report.failed === 0, JSON.stringify(report));
});
