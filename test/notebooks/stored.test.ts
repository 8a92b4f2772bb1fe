import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const dir = path.join(root, 'notebooks');
const notebooks = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();
// scripts/strip-notebooks.js is plain JavaScript shared with `npm run strip`.
const { strip, storedText } = require(path.join(root, 'scripts', 'strip-notebooks.js')) as {
  strip(nb: Notebook): boolean;
  storedText(text: string): string;
};

interface Cell { cell_type: string; source: string[] | string; outputs?: unknown[]; execution_count?: number | null }
interface Notebook { cells: Cell[]; metadata: { kernelspec?: { name?: string } } }

const read = (f: string): Notebook => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Notebook;
const source = (c: Cell): string => (Array.isArray(c.source) ? c.source.join('') : c.source);

test('there are notebooks, numbered in reading order', () => {
  assert.ok(notebooks.includes('00_getting_started.ipynb'), `notebooks/: ${notebooks.join(', ')}`);
  for (const f of notebooks) assert.match(f, /^\d\d[a-z]?_[a-z0-9_]+\.ipynb$/, `${f} is not named NN_topic.ipynb (or NNb_topic)`);
});

for (const f of notebooks) {
  test(`${f} is stored without outputs, uses the tslab kernel, imports the library by name`, () => {
    const nb = read(f);
    assert.equal(nb.metadata.kernelspec?.name, 'tslab', `${f}: kernelspec is not tslab`);
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    code.forEach((c, i) => {
      assert.deepEqual(c.outputs ?? [], [], `${f}: code cell ${i + 1} carries outputs (run npm run strip)`);
      assert.equal(c.execution_count ?? null, null, `${f}: code cell ${i + 1} has an execution count (run npm run strip)`);
      assert.doesNotMatch(source(c), /from ['"]\.\.?\/(src|dist)\//, `${f}: code cell ${i + 1} imports ../src or ../dist; import from 'rnnlab'`);
    });
    assert.ok(code.some((c) => /from ['"]rnnlab['"]/.test(source(c))), `${f} never imports 'rnnlab'`);
    assert.equal(nb.cells[0]?.cell_type, 'markdown', `${f} does not open with a markdown cell saying what it teaches`);
  });
}

test('strip removes outputs and execution counts, and reports whether it changed anything', () => {
  const nb: Notebook = { metadata: {}, cells: [
    { cell_type: 'markdown', source: ['# t'] },
    { cell_type: 'code', source: ['1'], outputs: [{ output_type: 'stream', text: '1' }], execution_count: 3 },
  ] };
  assert.equal(strip(nb), true);
  assert.deepEqual(nb.cells[1]!.outputs, []);
  assert.equal(nb.cells[1]!.execution_count, null);
  assert.equal(strip(nb), false);
});

for (const f of notebooks) {
  test(`${f} reads well: code lines ≤ 100 characters, no shared/ path`, () => {
    read(f).cells.forEach((c, i) => {
      const text = source(c);
      if (c.cell_type === 'code') {
        text.split('\n').forEach((line, k) => {
          assert.ok(line.length <= 100, `${f}: cell ${i + 1}, line ${k + 1} has ${line.length} characters`);
        });
      }
      assert.doesNotMatch(text, /shared\//, `${f}: cell ${i + 1} mentions shared/, a folder readers do not have`);
    });
  });
}

for (const f of notebooks) {
  test(`${f}: checks through checks.expect, no inline throws`, () => {
    read(f).cells.forEach((c, i) => {
      if (c.cell_type !== 'code') return;
      assert.doesNotMatch(source(c), /throw new Error\(/, `${f}: cell ${i + 1} throws inline; use checks.expect`);
    });
  });
}

// The chapters follow the documents: each quotes a passage in Chinese (a markdown quote), names the
// document and section, and typesets its equations in LaTeX.
for (const f of notebooks.filter((n) => !n.startsWith('00_'))) {
  test(`${f} quotes its document passage and typesets equations`, () => {
    const md = read(f).cells.filter((c) => c.cell_type === 'markdown').map(source).join('\n');
    assert.match(md, /^> .*[\u4e00-\u9fff]/m, `${f} quotes no Chinese passage (a "> " line)`);
    assert.match(md, /[Dd]ocument 00[0-4] §\d/, `${f} names no document section ("document 00N §…")`);
    assert.match(md, /\$[^$\n]+\$/, `${f} has no LaTeX equation`);
  });
}

test('notebooks are in their stored form: what git would store equals the file', () => {
  for (const f of notebooks) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    assert.equal(storedText(text), text, `${f} is not in the stored form (run npm run strip)`);
  }
});

test('the stored form: outputs, counts and front-end metadata removed, keys sorted, sources split', () => {
  const nb = { nbformat: 4, metadata: { language_info: { name: 'typescript', version: '3.7.2' } }, nbformat_minor: 5, cells: [
    { source: 'a\nb', cell_type: 'code', metadata: { scrolled: true, tags: ['x'] }, outputs: [{ output_type: 'stream' }],
      execution_count: 7 },
  ] };
  const stored = JSON.parse(storedText(JSON.stringify(nb))) as Notebook & { cells: (Cell & { metadata: object })[] };
  assert.deepEqual(stored.cells[0], { cell_type: 'code', execution_count: null, metadata: { tags: ['x'] }, outputs: [],
    source: ['a\n', 'b'] });
  assert.deepEqual(Object.keys(stored), ['cells', 'metadata', 'nbformat', 'nbformat_minor']);
  assert.deepEqual(stored.metadata, {}, 'language_info (the kernel version) is not stored');
  // git hands the filter a file with conflict markers during a merge: it must pass through unchanged.
  const conflicted = '<<<<<<< ours\n{}\n=======\n{}\n>>>>>>> theirs\n';
  assert.equal(storedText(conflicted), conflicted);
});

test('.gitattributes sends notebooks through the clean filter that setup configures', () => {
  const attrs = fs.readFileSync(path.join(root, '.gitattributes'), 'utf8');
  const { FILTER } = require(path.join(root, 'scripts', 'setup.js')) as { FILTER: string };
  assert.match(attrs, new RegExp(`^notebooks/\\*\\.ipynb filter=${FILTER}$`, 'm'));
});
