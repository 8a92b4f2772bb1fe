#!/usr/bin/env node
// `npm test`: set-up if missing, then in order
//   1. typecheck  — tsc --noEmit over src/, test/ and book/ (book/browser/ with the DOM's types)
//      format     — prettier --check (src, test, bench, scripts, bin)
//      lint       — eslint (typescript-eslint's recommended rules, folder boundaries through index.ts)
//   2. unit       — node's test runner over test/**/*.test.ts (TypeScript through tsx)
//   3. notebooks  — every notebooks/*.ipynb executed headless with the TypeScript kernel
//   4. e2e        — test/e2e/*.e2e.ts: checks on the executed notebooks (plots render in Chromium, …)
// RNNLAB_PROFILE defaults to `ci` here (small data, few epochs). `--only unit,notebooks` runs some
// phases; `--notebooks 01_mlp,02_rnn_bptt` restricts the notebooks; other arguments are unit-test
// file filters (substrings of the path).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const setup = require('./setup.js');

const root = path.join(__dirname, '..');
process.env.RNNLAB_PROFILE = process.env.RNNLAB_PROFILE || 'ci';

function listFiles(dir, suffix) {
  if (!fs.existsSync(dir)) return [];
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p, suffix));
    else if (e.name.endsWith(suffix)) out.push(p);
  }
  return out.sort();
}

const counts = { passed: 0, failed: 0 };
const buildDir = path.join(root, 'build');

/** Adds the pass/fail counts of a TAP file written by node's test runner. */
function countTap(file) {
  if (!fs.existsSync(file)) return;
  const tap = fs.readFileSync(file, 'utf8');
  const num = (k) => Number((new RegExp(`^# ${k} (\\d+)$`, 'm').exec(tap) || [])[1] || 0);
  counts.passed += num('pass');
  counts.failed += num('fail') + num('cancelled');
}

function nodeTests(files, tapName) {
  const tap = path.join(buildDir, tapName);
  fs.rmSync(tap, { force: true });
  return [
    '--import',
    'tsx',
    '--test',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...files,
  ];
}

function step(title, cmd, args, env = {}) {
  const t0 = Date.now();
  console.log(`\n== ${title}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.log(`== ${title}: FAILED (${secs} s)`);
    return false;
  }
  console.log(`== ${title}: ok (${secs} s)`);
  return true;
}

function main() {
  const argv = process.argv.slice(2);
  const opt = (name) => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const v = argv[i + 1];
    argv.splice(i, 2);
    return v;
  };
  const only = (opt('--only') || 'typecheck,format,lint,unit,notebooks,e2e').split(',');
  const notebooks = opt('--notebooks');
  const filters = argv;

  fs.mkdirSync(buildDir, { recursive: true });
  let env;
  try {
    env = setup.ensureSetup({
      quiet: true,
      needJupyter: only.includes('notebooks') || only.includes('e2e'),
      needChromium: only.includes('e2e'),
    });
  } catch (err) {
    console.error(String(err.message || err));
    process.exit(1);
  }
  let ok = true;
  // book/browser/ runs in a browser: its own tsconfig adds the DOM's types.
  for (const project of ['tsconfig.json', 'book/browser/tsconfig.json']) {
    if (ok && only.includes('typecheck')) {
      ok = step(`typecheck (tsc --noEmit -p ${project})`, process.execPath, [
        require.resolve('typescript/bin/tsc', { paths: [root] }),
        '--noEmit',
        '-p',
        project,
      ]);
    }
  }
  const bin = (pkg, file) => path.join(root, 'node_modules', pkg, file);
  const tracked = ['src', 'test', 'bench', 'scripts', 'bin', 'book'];
  if (ok && only.includes('format')) {
    ok = step('format (prettier --check; `npx prettier --write .` fixes)', process.execPath, [
      bin('prettier', 'bin/prettier.cjs'),
      '--check',
      '--log-level',
      'warn',
      ...tracked,
    ]);
  }
  if (ok && only.includes('lint')) {
    ok = step('lint (eslint)', process.execPath, [
      bin('eslint', 'bin/eslint.js'),
      '--max-warnings',
      '0',
      ...tracked.filter((d) => d !== 'bench'), // bench/ holds Python and shell scripts
    ]);
  }
  if (ok && only.includes('unit')) {
    let files = listFiles(path.join(root, 'test'), '.test.ts');
    if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));
    ok = step(`unit tests (${files.length} files)`, process.execPath, nodeTests(files, 'unit.tap'));
    countTap(path.join(buildDir, 'unit.tap'));
  }
  if (ok && only.includes('notebooks')) {
    const summary = path.join(buildDir, 'notebooks.json');
    fs.rmSync(summary, { force: true });
    const args = [
      path.join(__dirname, 'run_notebooks.py'),
      '--out',
      path.join(buildDir, 'executed'),
      '--summary',
      summary,
    ];
    if (notebooks) args.push('--only', notebooks);
    ok = step(
      'notebooks (TypeScript kernel, profile ' + process.env.RNNLAB_PROFILE + ')',
      env.python,
      args,
      env.vars,
    );
    if (fs.existsSync(summary)) {
      const s = JSON.parse(fs.readFileSync(summary, 'utf8'));
      counts.passed += s.passed;
      counts.failed += s.failed;
    } else if (!ok) counts.failed += 1;
  }
  if (ok && only.includes('e2e')) {
    const files = listFiles(path.join(root, 'test', 'e2e'), '.e2e.ts');
    ok = step(
      `end-to-end checks (${files.length} files)`,
      process.execPath,
      nodeTests(files, 'e2e.tap'),
      env.vars,
    );
    countTap(path.join(buildDir, 'e2e.tap'));
  }
  if (!ok && counts.failed === 0) counts.failed = 1; // a phase without test counts (typecheck) failed
  console.log(ok ? '\nnpm test: all phases passed' : '\nnpm test: FAILED');
  // The closing line CI reads: unit tests + notebooks + end-to-end checks.
  console.log(`${counts.passed} passed, ${counts.failed} failed`);
  process.exit(ok ? 0 : 1);
}

main();
