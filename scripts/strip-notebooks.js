#!/usr/bin/env node
// `npm run strip [-- --check] [FILES]`: removes outputs and execution counts from notebooks/*.ipynb
// (notebooks are stored without outputs) and writes them in Jupyter's own layout (sorted keys, one
// space of indent), so a notebook Jupyter saved and a stripped one differ only in their outputs.
// --check changes nothing and exits 1 listing the notebooks that carry outputs.
// --filter reads one notebook on stdin and writes it stripped to stdout: git's clean filter
// (`.gitattributes`: notebooks/*.ipynb filter=rnnlab-notebook; scripts/setup.js configures git), so
// running and saving a notebook in Jupyter leaves `git status` clean. Input that is not a notebook
// (a file with conflict markers during a merge) passes through unchanged.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** Cell metadata the front end writes while a learner works (scroll state, timings): never stored. */
const VOLATILE_CELL_METADATA = ['collapsed', 'scrolled', 'execution', 'ExecuteTime'];

/**
 * The notebook without outputs, execution counts, front-end cell metadata and the kernel's
 * `language_info` (which the front end rewrites on every save from whatever kernel version runs), and
 * whether anything was removed.
 */
function strip(nb) {
  let changed = false;
  if (nb.metadata && 'language_info' in nb.metadata) {
    delete nb.metadata.language_info;
    changed = true;
  }
  for (const cell of nb.cells || []) {
    for (const key of VOLATILE_CELL_METADATA) {
      if (cell.metadata && key in cell.metadata) {
        delete cell.metadata[key];
        changed = true;
      }
    }
    if (cell.cell_type !== 'code') continue;
    if ((cell.outputs && cell.outputs.length) || cell.execution_count != null) changed = true;
    cell.outputs = [];
    cell.execution_count = null;
  }
  return changed;
}

/** A copy of `value` with every object's keys in sorted order (as Python's json.dumps(sort_keys=True)). */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const k of Object.keys(value).sort()) out[k] = sortKeys(value[k]);
  return out;
}

/** Multi-line text as nbformat stores it: a list of lines, each keeping its `\n` ('' → []). */
function splitLines(text) {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/** The notebook as Jupyter writes it: sorted keys, indent 1, sources as lists of lines, non-ASCII as
 * is, a final newline. */
function serialize(nb) {
  for (const cell of nb.cells || []) {
    if (typeof cell.source === 'string') cell.source = splitLines(cell.source);
  }
  return JSON.stringify(sortKeys(nb), null, 1) + '\n';
}

/** The stored form of a notebook's text (stripped, Jupyter's layout); text that is not JSON as is. */
function storedText(text) {
  let nb;
  try {
    nb = JSON.parse(text);
  } catch {
    return text;
  }
  if (!nb || !Array.isArray(nb.cells)) return text;
  strip(nb);
  return serialize(nb);
}

function filter() {
  const chunks = [];
  process.stdin.on('data', (c) => chunks.push(c));
  process.stdin.on('end', () => process.stdout.write(storedText(Buffer.concat(chunks).toString('utf8'))));
}

function main() {
  const argv = process.argv.slice(2);
  if (argv.includes('--filter')) return filter();
  const check = argv.includes('--check');
  let files = argv.filter((a) => !a.startsWith('--'));
  if (!files.length) {
    const dir = path.join(root, 'notebooks');
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort().map((f) => path.join(dir, f));
  }
  const dirty = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const stored = storedText(text);
    if (stored === text) continue;
    dirty.push(path.relative(root, file));
    if (!check) fs.writeFileSync(file, stored);
  }
  if (check) {
    if (dirty.length) { console.error(`notebooks not in their stored form (run \`npm run strip\`): ${dirty.join(', ')}`); process.exit(1); }
    console.log(`${files.length} notebooks, none with outputs`);
  } else {
    console.log(dirty.length ? `stripped: ${dirty.join(', ')}` : `${files.length} notebooks already clean`);
  }
}

module.exports = { strip, serialize, storedText };
if (require.main === module) main();
