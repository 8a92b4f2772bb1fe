#!/usr/bin/env node
// Compiles the engine's AssemblyScript kernels (src/engine/assembly/*.ts) with the `assemblyscript`
// devDependency's compiler into two modules: build/wasm/engine.wasm (WebAssembly SIMD) and
// build/wasm/engine-relaxed.wasm (SIMD + relaxed SIMD: the GEMM's multiply-adds become fused
// multiply-adds, ~1.4× the GEMM speed where the CPU has FMA). The loader takes the relaxed one where the
// runtime accepts it. Incremental: does nothing when both are newer than every source file and this script. Called by scripts/build.js (before
// tsc: `npm run build`, `prepare`, `npm test`); the engine's loader (src/engine/wasm.ts) only reads the
// result and asks for `npm run build` when it is missing or older than the sources. `node scripts/build-wasm.js [--force] [--quiet]`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const srcDir = path.join(root, 'src', 'engine', 'assembly');
const outDir = path.join(root, 'build', 'wasm');
const out = path.join(outDir, 'engine.wasm');
const outRelaxed = path.join(outDir, 'engine-relaxed.wasm');

/** asc flags: SIMD + shared memory (threads), imported memory, no GC runtime, no assertions. */
const FLAGS = [
  '-O3',
  '--noAssert',
  '--runtime',
  'stub',
  '--use',
  'abort=',
  '--importMemory',
  '--sharedMemory',
  '--initialMemory',
  '1',
  '--maximumMemory',
  '65536',
  '--enable',
  'simd',
  '--enable',
  'threads',
];

function sources() {
  return fs
    .readdirSync(srcDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(srcDir, f));
}

function isStale() {
  if (!fs.existsSync(out) || !fs.existsSync(outRelaxed)) return true;
  const t = Math.min(fs.statSync(out).mtimeMs, fs.statSync(outRelaxed).mtimeMs);
  return [...sources(), __filename].some((f) => fs.statSync(f).mtimeMs > t);
}

/** Builds when stale; returns true when it compiled. Throws with the compiler's output on failure. */
function buildWasm({ force = false, quiet = false } = {}) {
  if (!force && !isStale()) return false;
  let asc;
  try {
    asc = require.resolve('assemblyscript/bin/asc.js', { paths: [root] });
  } catch {
    throw new Error('build-wasm: the assemblyscript devDependency is not installed (run `npm install`)');
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [file, extra] of [
    [out, []],
    [outRelaxed, ['--enable', 'relaxed-simd']],
  ]) {
    const tmp = `${file}.${process.pid}.tmp`;
    const r = spawnSync(
      process.execPath,
      [asc, path.join(srcDir, 'index.ts'), '-o', tmp, ...FLAGS, ...extra],
      { cwd: root, encoding: 'utf8' },
    );
    if (r.status !== 0) {
      fs.rmSync(tmp, { force: true });
      throw new Error(`build-wasm: asc failed\n${r.stdout || ''}${r.stderr || ''}`);
    }
    fs.renameSync(tmp, file);
    if (!quiet) console.error(`build-wasm: ${path.relative(root, file)} (${fs.statSync(file).size} bytes)`);
  }
  return true;
}

module.exports = { buildWasm, wasmPath: out, relaxedWasmPath: outRelaxed };

if (require.main === module) {
  const argv = process.argv.slice(2);
  try {
    buildWasm({ force: argv.includes('--force'), quiet: argv.includes('--quiet') });
  } catch (err) {
    console.error(String(err.message || err));
    process.exit(1);
  }
}
