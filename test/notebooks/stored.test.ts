import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const dir = path.join(root, 'notebooks');
const notebooks = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();
// scripts/strip-notebooks.js is plain JavaScript shared with `npm run strip`.
const { strip } = require(path.join(root, 'scripts', 'strip-notebooks.js')) as { strip(nb: Notebook): boolean };

interface Cell { cell_type: string; source: string[] | string; outputs?: unknown[]; execution_count?: number | null }
interface Notebook { cells: Cell[]; metadata: { kernelspec?: { name?: string } } }

const read = (f: string): Notebook => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Notebook;
const source = (c: Cell): string => (Array.isArray(c.source) ? c.source.join('') : c.source);

test('there are notebooks, numbered in reading order', () => {
  assert.ok(notebooks.includes('00_getting_started.ipynb'), `notebooks/: ${notebooks.join(', ')}`);
  for (const f of notebooks) assert.match(f, /^\d\d_[a-z0-9_]+\.ipynb$/, `${f} is not named NN_topic.ipynb`);
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
