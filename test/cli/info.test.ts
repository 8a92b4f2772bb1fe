import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

const root = path.join(__dirname, '..', '..');

test('rnnlab info --json prints versions, the backend and the kernel state as the last thing on stdout', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), 'info', '--json'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const info = JSON.parse(r.stdout) as Record<string, unknown>;
  assert.equal(info.tfjs, '4.22.0');
  assert.equal(info.node, process.version);
  assert.ok(['cpu', 'tensorflow', 'wasm'].includes(String(info.backend)));
  assert.equal(typeof info.kernelRegistered, 'boolean');
});

test('rnnlab with a bad option exits 2 and names it', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), 'info', '--colour'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Unknown option '--colour'/);
});
