// The import graph of src/ against docs/architecture.md: floors only import downward, another folder is
// entered through its index.ts, and no two folders import each other (directly or around a loop).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const src = path.join(__dirname, '..', 'src');

/**
 * The floors of docs/architecture.md, lowest first: a folder may import folders on its own floor or
 * below (never in a loop), never above.
 */
const FLOORS: Record<string, number> = {
  tensor: 0,
  engine: 1,
  nn: 2,
  checks: 3,
  data: 4,
  metrics: 4,
  plot: 4,
  train: 5,
  tfjs: 6,
  lm: 7,
  classify: 7,
  seq2seq: 7,
  summarize: 7,
  forecast: 7,
  speech: 7,
  catalog: 8,
  cli: 9,
};

/** Every .ts file under `dir`, the AssemblyScript kernels excepted (they compile to WebAssembly alone). */
function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'assembly') out.push(...sources(p));
    } else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

/** The relative specifiers a file imports: import/export … from '…', import('…'), require('…'). */
function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const re = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.[^'"]*)['"]/gm;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) found.push(m[1] ?? '');
  return found;
}

/** The file a relative specifier names (`x` → x.ts, x/index.ts, or x itself for .js/.json). */
function resolve(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base + '.ts', path.join(base, 'index.ts'), base]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(src, from)}: cannot resolve import '${spec}'`);
}

/** The top folder of src/ a file belongs to ('' for src/index.ts and src/profile.ts). */
function folderOf(file: string): string {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length > 1 ? (rel[0] ?? '') : '';
}

interface Edge {
  from: string;
  to: string;
  spec: string;
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sources(src)) {
    for (const spec of relativeImports(file)) {
      const target = resolve(file, spec);
      if (!target.startsWith(src + path.sep)) continue; // package.json, scripts: checked elsewhere
      out.push({ from: file, to: target, spec });
    }
  }
  return out;
}

test('every folder of src/ has a floor in docs/architecture.md', () => {
  const folders = fs
    .readdirSync(src, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  const missing = folders.filter((f) => !(f in FLOORS));
  assert.deepEqual(missing, [], `folders without a floor: ${missing.join(', ')}`);
  const doc = fs.readFileSync(path.join(__dirname, '..', 'docs', 'architecture.md'), 'utf8');
  const undocumented = folders.filter((f) => !doc.includes(`\`${f}/\``));
  assert.deepEqual(
    undocumented,
    [],
    `folders docs/architecture.md does not describe: ${undocumented.join(', ')}`,
  );
});

test('a lower floor never imports a higher one', () => {
  const bad = edges()
    .filter((e) => {
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      return a !== '' && b !== '' && a !== b && (FLOORS[b] ?? 0) > (FLOORS[a] ?? 0);
    })
    .map((e) => `${path.relative(src, e.from)} → ${e.spec} (${folderOf(e.from)} is below ${folderOf(e.to)})`);
  assert.deepEqual(bad, []);
});

test('another folder is entered through its index.ts', () => {
  const bad = edges()
    .filter((e) => {
      const a = folderOf(e.from);
      const b = folderOf(e.to);
      return a !== b && b !== '' && path.relative(src, e.to) !== path.join(b, 'index.ts');
    })
    .map((e) => `${path.relative(src, e.from)} → ${e.spec}`);
  assert.deepEqual(bad, []);
});

test('folders import each other without loops', () => {
  const graph = new Map<string, Set<string>>();
  for (const e of edges()) {
    const a = folderOf(e.from);
    const b = folderOf(e.to);
    if (a === '' || b === '' || a === b) continue;
    if (!graph.has(a)) graph.set(a, new Set());
    graph.get(a)?.add(b);
  }
  const loops: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (n: string, trail: string[]): void => {
    if (state.get(n) === 'done') return;
    if (state.get(n) === 'open') {
      loops.push([...trail.slice(trail.indexOf(n)), n].join(' → '));
      return;
    }
    state.set(n, 'open');
    for (const m of graph.get(n) ?? []) visit(m, [...trail, n]);
    state.set(n, 'done');
  };
  for (const n of graph.keys()) visit(n, []);
  assert.deepEqual(loops, []);
});

test('the graph test sees imports (it cannot pass on an empty graph)', () => {
  const all = edges();
  assert.ok(all.length > 200, `only ${all.length} imports found`);
  assert.ok(all.some((e) => folderOf(e.from) === 'cli' && folderOf(e.to) === 'lm'));
});
