#!/usr/bin/env node
// `npm run strip [-- --check] [FILES]`: removes outputs and execution counts from notebooks/*.ipynb
// (notebooks are stored without outputs). --check changes nothing and exits 1 listing the notebooks
// that carry outputs.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** The notebook without outputs and execution counts, and whether anything was removed. */
function strip(nb) {
  let changed = false;
  for (const cell of nb.cells || []) {
    if (cell.cell_type !== 'code') continue;
    if ((cell.outputs && cell.outputs.length) || cell.execution_count != null) changed = true;
    cell.outputs = [];
    cell.execution_count = null;
  }
  return changed;
}

function main() {
  const argv = process.argv.slice(2);
  const check = argv.includes('--check');
  let files = argv.filter((a) => !a.startsWith('--'));
  if (!files.length) {
    const dir = path.join(root, 'notebooks');
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => path.join(dir, f));
  }
  const dirty = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const nb = JSON.parse(text);
    if (!strip(nb)) continue;
    dirty.push(path.relative(root, file));
    if (!check) fs.writeFileSync(file, JSON.stringify(nb, null, 1) + '\n');
  }
  if (check) {
    if (dirty.length) { console.error(`notebooks with outputs (run \`npm run strip\`): ${dirty.join(', ')}`); process.exit(1); }
    console.log(`${files.length} notebooks, none with outputs`);
  } else {
    console.log(dirty.length ? `stripped: ${dirty.join(', ')}` : `${files.length} notebooks already clean`);
  }
}

module.exports = { strip };
if (require.main === module) main();
