// Every executed notebook that draws a plot carries the plotly.js bundle exactly once in its final
// outputs — including notebooks whose first figure is a live one, whose own output is overwritten.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './env';

const dir = path.join(root, 'build', 'executed');

interface Output {
  data?: Record<string, unknown>;
}
interface Cell {
  cell_type: string;
  outputs?: Output[];
}

test('each executed notebook with plots keeps one plotly.js bundle in its saved outputs', () => {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')) : [];
  assert.ok(files.length > 0, 'no executed notebooks: the notebooks phase writes build/executed/');
  for (const f of files) {
    const nb = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as { cells: Cell[] };
    const html = nb.cells.flatMap((c) => c.outputs ?? []).map((o) => String(o.data?.['text/html'] ?? ''));
    const plots = html.filter((h) => h.includes('class="rnnlab-plot"')).length;
    const bundles = html.filter((h) => h.includes('data-rnnlab="plotly.js"')).length;
    if (plots > 0)
      assert.equal(bundles, 1, `${f}: ${plots} plots but ${bundles} plotly.js bundles in the saved outputs`);
  }
});
