// The notebook runner itself: a notebook that imports the library by name runs; a deliberate error
// in a cell makes the run fail, naming the notebook and the cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { jupyterPython, root } from './env';

function notebook(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((src, i) => ({
      cell_type: 'code',
      id: `c${i}`,
      metadata: {},
      execution_count: null,
      outputs: [],
      source: src,
    })),
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript (rnnlab)', language: 'typescript' } },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

function run(name: string, cells: string[], ...options: string[]): { status: number | null; out: string } {
  // Inside the project, so that `rnnlab` resolves through node_modules/rnnlab as in notebooks/.
  const dir = path.join(root, 'build', 'e2e');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.ipynb`);
  fs.writeFileSync(file, notebook(cells));
  const r = spawnSync(jupyterPython(), [path.join(root, 'scripts', 'run_notebooks.py'), ...options, file], {
    cwd: root,
    encoding: 'utf8',
    env: process.env,
  });
  return { status: r.status, out: (r.stdout ?? '') + (r.stderr ?? '') };
}

test("a notebook imports { profile, nn } from 'rnnlab' (tslab compiles with rootDir = its folder)", () => {
  const r = run('imports', [
    "import { profile, pick } from 'rnnlab';\nconst p: string = profile();\nif (pick({ full: 1, ci: 2 }) !== (p === 'ci' ? 2 : 1)) throw new Error('pick');",
  ]);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /ok +build\/e2e\/imports\.ipynb/);
});

test('a live figure redrawn thousands of times in one synchronous cell does not overflow Jupyter (zeromq.js allows 512 messages per turn)', () => {
  // Before the budget in src/plot/show.ts, this cell ended on the 513th message with an error that
  // could not be shown (chapter 9b's long run failed so, twice).
  const r = run('live-flood', [
    [
      "import { plot } from 'rnnlab';",
      "const live = plot.live({ title: 'flood', intervalMs: 0 });",
      "for (let i = 0; i < 3000; i++) live.push('loss', i, 1 / (i + 1));",
      'live.done();',
      "console.log('points', live.figure().data[0]!.x!.length);",
    ].join('\n'),
  ]);
  assert.equal(r.status, 0, r.out);
  assert.match(r.out, /ok +build\/e2e\/live-flood\.ipynb/);
});

test('a failing cell of many lines: the report shows its error after its first lines, not only its source', () => {
  const lines = Array.from({ length: 20 }, (_, i) => `const v${i} = ${i};`);
  // The message is built at run time, so it appears in the report only if the error itself is printed.
  const r = run('long-broken', [
    [...lines, "throw new Error(['built', 'at', 'run', 'time'].join('-'));"].join('\n'),
  ]);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /error in code cell 1 \(cell 1 of 1\)/);
  assert.match(r.out, /built-at-run-time/);
});

test('an error in a cell fails the run and names the notebook and the cell', () => {
  const r = run('broken', [
    'const a = 1;',
    "throw new Error('deliberate failure in cell two');",
    'const c = 3;',
  ]);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /FAIL +build\/e2e\/broken\.ipynb/);
  assert.match(r.out, /error in code cell 2 \(cell 2 of 3\)/);
  assert.match(r.out, /deliberate failure in cell two/);
  assert.match(r.out, /0 passed, 1 failed/);
});

test('a promise rejected with no handler fails the notebook and names the cell that made it', () => {
  // An empty cell (which nbclient does not send to the kernel) before it must not shift the count.
  const r = run('rejection', [
    'const a = 1;',
    '',
    "Promise.reject(new Error('nobody awaits this'));",
    'const c = 3;',
  ]);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /FAIL +build\/e2e\/rejection\.ipynb/);
  assert.match(r.out, /error in code cell 3 \(cell 3 of 4\)/);
  assert.match(
    r.out,
    /unhandled promise rejection, raised when this cell was the last to start:\s+Error: nobody awaits this/,
  );
});

test('an exception thrown after a cell returned (in a timer) fails the notebook and names that cell', () => {
  const r = run('late-throw', [
    'const a = 1;',
    "setTimeout(() => { throw new Error('thrown later'); }, 10);",
    'const c = 3;',
    'const d = 4;',
  ]);
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /error in code cell 2 \(cell 2 of 4\)/);
  assert.match(r.out, /uncaught exception in a timer this cell set:\s+Error: thrown later/);
  // After the last cell too: the runner waits a moment for late timers before it reports.
  const last = run('late-throw-last', [
    'const a = 1;',
    "setTimeout(() => { throw new Error('after the end'); }, 100);",
  ]);
  assert.equal(last.status, 1, last.out);
  assert.match(last.out, /error in code cell 2 \(cell 2 of 2\)/);
  assert.match(last.out, /Error: after the end/);
});

test('a cell that runs past --timeout fails with "timed out after N s", not an interruption message', () => {
  const r = run(
    'slow',
    ['const a = 1;', 'await new Promise((resolve) => setTimeout(resolve, 60_000));'],
    '--timeout',
    '2',
  );
  assert.equal(r.status, 1, r.out);
  assert.match(r.out, /error in code cell 2 \(cell 2 of 2\):[^]*timed out after 2 s/);
  assert.doesNotMatch(r.out.split('timed out after')[0]!, /SIGINT|Interrupted/);
});

test('timers behave as usual under the runner (it wraps them to know which cell set them)', () => {
  const r = run('timers', [
    "import { promisify } from 'node:util';\nawait promisify(setTimeout)(5);",
    'let ticks = 0;\nconst id = setInterval(() => { ticks++; }, 1);\nawait new Promise((resolve) => setTimeout(resolve, 50));\nclearInterval(id);',
    "if (!(ticks > 0)) throw new Error('setInterval never fired');\nawait new Promise((resolve) => setImmediate(resolve));",
  ]);
  assert.equal(r.status, 0, r.out);
});
