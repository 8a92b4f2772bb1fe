#!/usr/bin/env node
// Compiles the AssemblyScript kernels in src/engine/assembly/ to build/wasm/kernels.wasm with the
// `assemblyscript` devDependency (a pure-JavaScript compiler: nothing native). The .wasm is never
// committed; scripts/build.js runs this before tsc whenever src/ changed. Incremental: skipped when
// the .wasm is newer than every source file.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const srcDir = path.join(root, 'src', 'engine', 'assembly');
const out = path.join(root, 'build', 'wasm', 'kernels.wasm');

function main() {
  if (!fs.existsSync(srcDir)) return;
  const sources = fs.readdirSync(srcDir).filter((f) => f.endsWith('.ts')).map((f) => path.join(srcDir, f));
  const newest = Math.max(...sources.map((f) => fs.statSync(f).mtimeMs), fs.statSync(__filename).mtimeMs);
  if (fs.existsSync(out) && fs.statSync(out).mtimeMs >= newest) return;
  let asc;
  try {
    asc = require.resolve('assemblyscript/bin/asc.js', { paths: [root] });
  } catch {
    console.error('rnnlab: assemblyscript is not installed (a devDependency): run `npm install` to build the WebAssembly kernels');
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const args = [asc, ...sources, '--outFile', tmp, '-O3', '--noAssert', '--runtime', 'stub', '--importMemory',
    '--enable', 'simd', '--initialMemory', '1', '--maximumMemory', '65536'];
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true });
    console.error('rnnlab: compiling the AssemblyScript kernels failed');
    process.exit(1);
  }
  fs.renameSync(tmp, out);
}

main();
