#!/usr/bin/env node
// Builds src/ → dist/ (JavaScript + .d.ts, what notebooks and the CLI load) when src/ changed since
// the last build, plus the WebAssembly kernels when scripts/build-wasm.js exists. Idempotent and
// quiet when nothing changed. `node scripts/build.js [--force] [--quiet]`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');

/** Newest modification time under `dir` (files only), 0 when it does not exist. */
function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    t = Math.max(t, entry.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function inputsTime() {
  const files = [
    'tsconfig.json',
    'tsconfig.build.json',
    'package.json',
    'scripts/build.js',
    'scripts/build-wasm.js',
  ]
    .map((f) => path.join(root, f))
    .filter((f) => fs.existsSync(f));
  return Math.max(newest(path.join(root, 'src')), ...files.map((f) => fs.statSync(f).mtimeMs));
}

function run(cmd, args, quiet) {
  const r = spawnSync(cmd, args, {
    cwd: root,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    if (quiet) process.stderr.write((r.stdout || '') + (r.stderr || ''));
    throw new Error(`build step failed: ${cmd} ${args.join(' ')}`);
  }
}

/** True when dist/ is missing or older than src/ (or the build's own inputs). `builtAt` overrides the build's time. */
function needsBuild(builtAt) {
  if (builtAt === undefined && !fs.existsSync(stamp)) return true;
  return (builtAt ?? fs.statSync(stamp).mtimeMs) < inputsTime();
}

/** Rebuilds when stale; returns whether it built. Throws when a step fails. */
function ensureBuilt({ force = false, quiet = false } = {}) {
  if (!force && !needsBuild()) return false;
  if (!quiet) console.error('rnnlab: building src/ → dist/');
  const wasm = path.join(root, 'scripts', 'build-wasm.js');
  if (fs.existsSync(wasm)) run(process.execPath, [wasm], quiet);
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  run(
    process.execPath,
    [require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', 'tsconfig.build.json'],
    quiet,
  );
  fs.mkdirSync(path.dirname(stamp), { recursive: true });
  fs.writeFileSync(stamp, new Date().toISOString() + '\n');
  return true;
}

module.exports = { ensureBuilt, needsBuild };

if (require.main === module) {
  const argv = process.argv.slice(2);
  try {
    ensureBuilt({ force: argv.includes('--force'), quiet: argv.includes('--quiet') });
  } catch (err) {
    console.error(String(err.message || err));
    process.exit(1);
  }
}
