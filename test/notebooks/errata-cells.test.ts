// docs/errata.md's table: every row names the notebook cells that show its erratum, as links
// `[NN_name › Heading](../notebooks/NN_name.ipynb)`; each must be a heading of that notebook whose
// section (up to the next heading of the same or a higher level) names the row's document and section.
// And every erratum of the library's list (checks.documentErrata) has a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { documentErrata } from '../../src/checks/errata';

const root = path.join(__dirname, '..', '..');
const table = fs.readFileSync(path.join(root, 'docs', 'errata.md'), 'utf8');

interface Cell { cell_type: string; source: string[] | string }
/** A notebook's headings with the text of their sections (markdown and code cells alike). */
function sections(notebook: string): Map<string, string> {
  const file = path.join(root, 'notebooks', `${notebook}.ipynb`);
  const cells = (JSON.parse(fs.readFileSync(file, 'utf8')) as { cells: Cell[] }).cells;
  const lines: string[] = [];
  for (const c of cells) {
    const text = Array.isArray(c.source) ? c.source.join('') : c.source;
    for (const line of text.split('\n')) lines.push(c.cell_type === 'markdown' ? line : ` ${line}`);
  }
  const out = new Map<string, string>();
  lines.forEach((line, i) => {
    const m = /^(#+) (.+)$/.exec(line);
    if (!m) return;
    const level = m[1]!.length;
    let end = i + 1;
    while (end < lines.length && !(/^(#+) /.exec(lines[end]!) && /^#+/.exec(lines[end]!)![0].length <= level)) end++;
    out.set(m[2]!.trim(), lines.slice(i, end).join('\n'));
  });
  return out;
}

/** The table's rows: the first cell (document and section) and the links of the row. */
function rows(): { section: string; line: string; links: { notebook: string; heading: string; target: string }[] }[] {
  return table
    .split('\n')
    .filter((l) => /^\| 00[0-4] §/.test(l))
    .map((line) => ({
      section: line.split('|')[1]!.trim(),
      line,
      links: [...line.matchAll(/\[(\d\d[a-z]?_[a-z0-9_]+) › ([^\]]+)\]\(([^)]+)\)/g)].map((m) => ({
        notebook: m[1]!,
        heading: m[2]!,
        target: m[3]!,
      })),
    }));
}

test('docs/errata.md has a table of errata rows, each starting with its document and section', () => {
  assert.ok(rows().length >= 20, `${rows().length} rows`);
  const body = table.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Document |'));
  assert.deepEqual(body.filter((l) => !/^\| 00[0-4] §/.test(l)), [], 'rows whose first cell is no "00N §…"');
});

test('every row of the errata table names a notebook cell that shows it', () => {
  for (const r of rows()) assert.ok(r.links.length > 0, `row '${r.section}' names no notebook cell: ${r.line.slice(0, 120)}`);
});

test("each named cell exists and its section names the row's document and section", () => {
  const cache = new Map<string, Map<string, string>>();
  const problems: string[] = [];
  for (const r of rows()) {
    const [doc, sec] = [r.section.slice(0, 3), /§([\d.]*\d)/.exec(r.section)![1]!];
    const names = new RegExp(`§${sec.replace(/\./g, '\\.')}(?!\\d|\\.\\d)`);
    for (const l of r.links) {
      const where = `${r.section}: ${l.notebook} › ${l.heading}`;
      if (l.target !== `../notebooks/${l.notebook}.ipynb`) problems.push(`${where}: links to ${l.target}`);
      if (!fs.existsSync(path.join(root, 'notebooks', `${l.notebook}.ipynb`))) {
        problems.push(`${where}: no such notebook`);
        continue;
      }
      if (!cache.has(l.notebook)) cache.set(l.notebook, sections(l.notebook));
      const text = cache.get(l.notebook)!.get(l.heading);
      if (text === undefined) problems.push(`${where}: no such heading`);
      else if (!text.includes(doc) || !names.test(text)) problems.push(`${where}: never names ${doc} §${sec}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every erratum of checks.documentErrata has a row in docs/errata.md', () => {
  const sectionsInTable = new Set(rows().map((r) => r.section));
  for (const e of documentErrata) assert.ok(sectionsInTable.has(e.section), `${e.section} (${e.says.slice(0, 60)}…) has no row`);
});

test("every notebook an erratum's shownIn names is linked from a row of its section", () => {
  const problems: string[] = [];
  for (const e of documentErrata) {
    if (e.shownIn === undefined) problems.push(`${e.section} (${e.says.slice(0, 40)}…): no shownIn`);
    const linked = new Set(rows().filter((r) => r.section === e.section).flatMap((r) => r.links.map((l) => l.notebook)));
    for (const [nb] of (e.shownIn ?? '').matchAll(/\b\d\d[a-z]?_[a-z0-9_]+/g))
      if (!linked.has(nb)) problems.push(`${e.section}: shownIn names ${nb}, which no row of ${e.section} links`);
  }
  assert.deepEqual(problems, []);
});

test('the section finder: a heading runs to the next heading of the same or a higher level', () => {
  const s = sections('02_rnn_bptt');
  const bptt = s.get('Backpropagation through time');
  assert.ok(bptt?.includes('004 §3.2'));
  assert.ok(!bptt?.includes('## The recurrence, one step at a time'));
});
