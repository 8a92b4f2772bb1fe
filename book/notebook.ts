/**
 * A Jupyter notebook (nbformat 4) as the book reads it, and its rendering to HTML: markdown cells
 * through {@link renderMarkdown}, code cells as source plus outputs. Outputs are taken as the kernel
 * wrote them; the one change is that an embedded plotly.js bundle is dropped, because every page
 * loads the book's shared copy in its `<head>` before any figure's script runs.
 */
import * as fs from 'node:fs';
import { LinkRewriter, MathError, escapeHtml, renderMarkdown } from './markdown';

type Text = string | string[];

/** One output of a code cell. */
export interface Output {
  output_type: 'stream' | 'display_data' | 'execute_result' | 'error' | 'update_display_data';
  name?: string;
  text?: Text;
  data?: Record<string, Text>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}

/** One cell. */
export interface Cell {
  cell_type: 'markdown' | 'code' | 'raw';
  source: Text;
  outputs?: Output[];
  execution_count?: number | null;
}

/** A notebook. */
export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
}

/** A string or nbformat's list of lines, joined. */
export function joined(t: Text | undefined): string {
  return t === undefined ? '' : Array.isArray(t) ? t.join('') : t;
}

/** Reads a notebook; the error names the file. */
export function readNotebook(file: string): Notebook {
  let nb: Partial<Notebook>;
  try {
    nb = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Notebook>;
  } catch (err) {
    throw new Error(`${file}: not a readable notebook (${(err as Error).message})`);
  }
  if (!Array.isArray(nb.cells)) throw new Error(`${file}: no "cells" list`);
  return { cells: nb.cells, metadata: nb.metadata ?? {} };
}

/** The code cells' sources, in order: what execution depends on. */
export function codeSources(nb: Notebook): string[] {
  return nb.cells.filter((c) => c.cell_type === 'code').map((c) => joined(c.source));
}

const BUNDLE = /<script\b[^>]*\bdata-rnnlab="plotly\.js"[^>]*>[\s\S]*?<\/script>/g;

/** An output's HTML with any embedded plotly.js bundle removed. */
export function withoutBundle(html: string): string {
  return html.replace(BUNDLE, '');
}

// Terminal colour codes in tracebacks.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** What rendering a notebook found besides its HTML. */
export interface RenderReport {
  mathErrors: MathError[];
  /** Number of figures (`class="rnnlab-plot"` outputs) on the page. */
  figures: number;
  /** Number of equations on the page. */
  equations: number;
}

function renderOutput(o: Output, link: LinkRewriter, report: RenderReport): string {
  if (o.output_type === 'stream') {
    const cls = o.name === 'stderr' ? 'stream stderr' : 'stream';
    return `<pre class="${cls}">${escapeHtml(joined(o.text))}</pre>`;
  }
  if (o.output_type === 'error') {
    const tb = (o.traceback ?? [`${o.ename ?? 'Error'}: ${o.evalue ?? ''}`]).join('\n').replace(ANSI, '');
    return `<pre class="stream stderr error">${escapeHtml(tb)}</pre>`;
  }
  const data = o.data ?? {};
  if (data['text/html'] !== undefined) {
    const html = withoutBundle(joined(data['text/html']));
    if (html.trim() === '') return '';
    report.figures += (html.match(/class="rnnlab-plot"/g) ?? []).length;
    return `<div class="output html">${html}</div>`;
  }
  if (data['text/markdown'] !== undefined) {
    const r = renderMarkdown(joined(data['text/markdown']), link);
    report.mathErrors.push(...r.mathErrors);
    report.equations += r.equations;
    return `<div class="output markdown">${r.html}</div>`;
  }
  if (data['image/svg+xml'] !== undefined)
    return `<div class="output">${joined(data['image/svg+xml'])}</div>`;
  if (data['image/png'] !== undefined) {
    return `<div class="output"><img alt="" src="data:image/png;base64,${joined(data['image/png']).trim()}"></div>`;
  }
  if (data['text/plain'] !== undefined)
    return `<pre class="stream">${escapeHtml(joined(data['text/plain']))}</pre>`;
  return '';
}

/** Consecutive stream outputs of the same stream, merged (the kernel sends one per line). */
function mergeStreams(outputs: Output[]): Output[] {
  const out: Output[] = [];
  for (const o of outputs) {
    const prev = out[out.length - 1];
    if (o.output_type === 'stream' && prev?.output_type === 'stream' && prev.name === o.name) {
      out[out.length - 1] = { ...prev, text: joined(prev.text) + joined(o.text) };
    } else out.push(o);
  }
  return out;
}

/**
 * The body of a chapter page. `executed` gives the code cells' outputs (the i-th code cell of `nb`
 * takes those of the i-th code cell of `executed`); the prose is always `nb`'s own.
 */
export function renderNotebook(
  nb: Notebook,
  executed: Notebook | undefined,
  link: LinkRewriter,
): { html: string; report: RenderReport } {
  const report: RenderReport = { mathErrors: [], figures: 0, equations: 0 };
  const outputs = (executed?.cells ?? []).filter((c) => c.cell_type === 'code').map((c) => c.outputs ?? []);
  let code = 0;
  const parts: string[] = [];
  for (const cell of nb.cells) {
    const source = joined(cell.source);
    if (cell.cell_type === 'markdown') {
      const r = renderMarkdown(source, link);
      report.mathErrors.push(...r.mathErrors);
      report.equations += r.equations;
      parts.push(`<section class="cell markdown">${r.html}</section>`);
    } else if (cell.cell_type === 'code') {
      const outs = mergeStreams(outputs[code++] ?? [])
        .map((o) => renderOutput(o, link, report))
        .join('\n');
      parts.push(
        `<section class="cell code"><details class="source" open><summary>code</summary>` +
          `<pre><code class="language-typescript">${escapeHtml(source)}</code></pre></details>` +
          (outs ? `<div class="outputs">${outs}</div>` : '') +
          `</section>`,
      );
    }
  }
  return { html: parts.join('\n'), report };
}
