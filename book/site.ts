/**
 * The pages of the book: an index (the series, what each chapter shows, its headline figure taken from
 * the executed outputs), one page per chapter with previous/next links, one page per `docs/` file,
 * and the shared assets (plotly.js once, KaTeX's CSS and fonts, the book's CSS). Every internal URL is
 * relative by default, so the folder opens from the file system and from any static host; `base`
 * makes them absolute under a sub-path instead (`/rnnlab/`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HEADLINES } from './chapters';
import { LinkRewriter, MathError, escapeHtml, renderMarkdown } from './markdown';
import { Notebook, joined, renderNotebook } from './notebook';
import { BOOK_CSS } from './style';
import { LIVE_CHAPTER, LIVE_PAGE, LIVE_SCRIPT, LIVE_TITLE, LiveAssets, liveBody, liveLink } from './live';

/** One chapter as the site needs it. */
export interface Chapter {
  name: string;
  notebook: Notebook;
  executed?: Notebook;
  failed: boolean;
  /** When and how long the outputs' execution ran (the cache record), for the page's provenance line. */
  run?: { executedAt: string; seconds: number };
}

/** Options of {@link buildSite}. */
export interface SiteOptions {
  root: string;
  out: string;
  /** `''` for relative URLs, or an absolute sub-path such as `/rnnlab/`. @default '' */
  base: string;
  profile: string;
  /** The plotly.js source to ship as `assets/plotly.min.js`. */
  plotly: () => string;
  /** `docs/*.md` to render (repository-relative names). */
  docs: string[];
  /** The page that trains a language model in the browser (book/live.ts); none when absent. */
  live?: LiveAssets;
}

/** What was built: each page with the number of equations and figures it holds (also `book.json`). */
export interface SiteReport {
  pages: { page: string; equations: number; figures: number }[];
  mathErrors: { page: string; error: MathError }[];
}

/** The first `# ` heading of the notebook, without the leading `#`. */
export function chapterTitle(nb: Notebook, fallback: string): string {
  for (const c of nb.cells) {
    if (c.cell_type !== 'markdown') continue;
    const m = /^#\s+(.+)$/m.exec(joined(c.source));
    if (m) return m[1]!.trim();
  }
  return fallback;
}

/** The first paragraph after the title in the first markdown cell: what the chapter teaches. */
export function chapterSummary(nb: Notebook): string {
  const first = nb.cells.find((c) => c.cell_type === 'markdown');
  if (!first) return '';
  const paragraphs = joined(first.source)
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('#'));
  return paragraphs[0] ?? '';
}

/**
 * The lines of the chapter's closing summary: the bullets of the last markdown output that is a list,
 * or else the rows (`what: value`) of the last two-column table output (a "what | value" summary).
 */
export function closingBullets(executed: Notebook | undefined): string[] {
  if (!executed) return [];
  const md = executed.cells.flatMap((c) => c.outputs ?? []).map((o) => joined(o.data?.['text/markdown']));
  const list = md.filter((t) => /^\s*- /.test(t)).pop();
  if (list !== undefined) {
    return list
      .split(/\n(?=- )/)
      .map((b) => b.replace(/^\s*- /, '').trim())
      .filter(Boolean);
  }
  const cells = (row: string): string[] =>
    row
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
  const table = md
    .map((t) =>
      t
        .trim()
        .split('\n')
        .filter((l) => l.trim().startsWith('|')),
    )
    .filter((rows) => rows.length > 2 && cells(rows[0]!).length === 2)
    .pop();
  if (table === undefined) return [];
  return table
    .slice(2)
    .map(cells)
    .filter(([what, value]) => what && value)
    .map(([what, value]) => `${what}: ${value}`);
}

/** The chapter's headline: the summary bullet {@link HEADLINES} selects, else the first with a number. */
export function headline(name: string, executed: Notebook | undefined): string | undefined {
  const bullets = closingBullets(executed);
  const pick = HEADLINES[name];
  return (pick && bullets.find((b) => pick.test(b))) ?? bullets.find((b) => /\d/.test(b));
}

function writeIfChanged(file: string, content: string | Buffer): void {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  if (fs.existsSync(file) && fs.readFileSync(file).equals(bytes)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
}

function copyDir(from: string, to: string): void {
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    if (e.isDirectory()) copyDir(path.join(from, e.name), path.join(to, e.name));
    else writeIfChanged(path.join(to, e.name), fs.readFileSync(path.join(from, e.name)));
  }
}

/** Copies the shared assets: plotly.js, KaTeX's CSS and fonts, the book's CSS. */
function writeAssets(o: SiteOptions): void {
  const assets = path.join(o.out, 'assets');
  const plotlyFile = path.join(assets, 'plotly.min.js');
  const code = o.plotly();
  if (!fs.existsSync(plotlyFile) || fs.statSync(plotlyFile).size !== Buffer.byteLength(code)) {
    writeIfChanged(plotlyFile, code);
  }
  const katexDist = path.join(
    path.dirname(require.resolve('katex/package.json', { paths: [o.root] })),
    'dist',
  );
  writeIfChanged(
    path.join(assets, 'katex', 'katex.min.css'),
    fs.readFileSync(path.join(katexDist, 'katex.min.css')),
  );
  copyDir(path.join(katexDist, 'fonts'), path.join(assets, 'katex', 'fonts'));
  writeIfChanged(path.join(assets, 'book.css'), BOOK_CSS);
}

/** A page's URL helper: `url('assets/book.css')` from a page at `depth` folders below the book's root. */
function urlFrom(base: string, depth: number): (p: string) => string {
  return (p) => (base ? base.replace(/\/?$/, '/') + p : '../'.repeat(depth) + p);
}

/**
 * Rewrites a link written in a repository file at `fromDir` (repository-relative): notebooks in the
 * book become chapter pages, `docs/*.md` docs pages, README.md the index; other repository files
 * are not in the book and lose their link (their path stays visible as a tooltip).
 */
function linkRewriter(
  o: SiteOptions,
  fromDir: string,
  url: (p: string) => string,
  chapters: Set<string>,
): LinkRewriter {
  return (href) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('#')) return href;
    const [target = '', fragment] = href.split('#', 2);
    const rel = path.posix.normalize(path.posix.join(fromDir, target));
    const frag = fragment ? `#${fragment}` : '';
    const nb = /^notebooks\/([^/]+)\.ipynb$/.exec(rel);
    if (nb && chapters.has(nb[1]!)) return url(`${nb[1]}.html`) + frag;
    const doc = /^docs\/([^/]+)\.md$/.exec(rel);
    if (doc && o.docs.includes(rel)) return url(`docs/${doc[1]}.html`) + frag;
    if (rel === 'README.md') return url('index.html') + frag;
    return undefined;
  };
}

function page(o: SiteOptions, depth: number, title: string, body: string, plots: boolean): string {
  const url = urlFrom(o.base, depth);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${url('assets/katex/katex.min.css')}">
<link rel="stylesheet" href="${url('assets/book.css')}">
${plots ? `<script src="${url('assets/plotly.min.js')}"></script>\n` : ''}</head>
<body>
${body}
</body>
</html>
`;
}

function nav(
  url: (p: string) => string,
  prev?: { href: string; title: string },
  next?: { href: string; title: string },
): string {
  return (
    `<nav class="pager">` +
    (prev ? `<a class="prev" href="${url(prev.href)}">← ${escapeHtml(prev.title)}</a>` : '<span></span>') +
    `<a class="home" href="${url('index.html')}">rnnlab · contents</a>` +
    (next ? `<a class="next" href="${url(next.href)}">${escapeHtml(next.title)} →</a>` : '<span></span>') +
    `</nav>`
  );
}

/** Writes the book into `o.out`. */
export function buildSite(chapters: Chapter[], o: SiteOptions): SiteReport {
  const report: SiteReport = { pages: [], mathErrors: [] };
  for (const f of fs.existsSync(o.out) ? fs.readdirSync(o.out) : []) {
    if (f.endsWith('.html') || f === 'docs') fs.rmSync(path.join(o.out, f), { recursive: true, force: true });
  }
  fs.mkdirSync(o.out, { recursive: true });
  writeAssets(o);
  const names = new Set(chapters.map((c) => c.name));
  const titles = chapters.map((c) => chapterTitle(c.notebook, c.name));
  const write = (rel: string, html: string, equations: number, figures: number): void => {
    writeIfChanged(path.join(o.out, rel), html);
    report.pages.push({ page: rel, equations, figures });
  };

  // Chapters.
  chapters.forEach((c, i) => {
    const url = urlFrom(o.base, 0);
    const link = linkRewriter(o, 'notebooks', url, names);
    const { html, report: r } = renderNotebook(c.notebook, c.executed, link);
    report.mathErrors.push(...r.mathErrors.map((error) => ({ page: `${c.name}.html`, error })));
    const prev = i > 0 ? { href: `${chapters[i - 1]!.name}.html`, title: titles[i - 1]! } : undefined;
    const next =
      i < chapters.length - 1 ? { href: `${chapters[i + 1]!.name}.html`, title: titles[i + 1]! } : undefined;
    const warning = c.failed
      ? `<p class="warning">This chapter failed to execute in profile <code>${escapeHtml(o.profile)}</code>; ` +
        `the outputs below stop where it failed.</p>`
      : '';
    const provenance = c.run
      ? `<p class="provenance">Outputs of profile <code>${escapeHtml(o.profile)}</code>, executed ` +
        `${escapeHtml(c.run.executedAt.replace('T', ' ').slice(0, 16))} UTC` +
        (c.run.seconds > 0 ? ` in ${c.run.seconds.toFixed(0)} s` : '') +
        '.</p>'
      : '';
    const live = o.live && c.name === LIVE_CHAPTER ? liveLink(url) : '';
    const body =
      `${nav(url, prev, next)}\n<main class="chapter">${warning}${live}\n${html}\n${provenance}</main>\n` +
      nav(url, prev, next);
    write(`${c.name}.html`, page(o, 0, `${titles[i]} — rnnlab`, body, r.figures > 0), r.equations, r.figures);
  });

  // The language model that trains in the reader's browser.
  if (o.live) {
    const url = urlFrom(o.base, 0);
    writeIfChanged(path.join(o.out, LIVE_SCRIPT), o.live.script);
    const i = chapters.findIndex((c) => c.name === LIVE_CHAPTER);
    const back = i >= 0 ? { href: `${LIVE_CHAPTER}.html`, title: titles[i]! } : undefined;
    const body = `${nav(url, back)}\n${liveBody(url, o.live)}\n${nav(url, back)}`;
    write(LIVE_PAGE, page(o, 0, `${LIVE_TITLE} — rnnlab`, body, true), 0, 0);
  }

  // Docs: measurements and methods.
  const docLinks: string[] = [];
  for (const rel of o.docs) {
    const name = path.posix.basename(rel, '.md');
    const url = urlFrom(o.base, 1);
    const md = fs.readFileSync(path.join(o.root, rel), 'utf8');
    const r = renderMarkdown(md, linkRewriter(o, 'docs', url, names));
    report.mathErrors.push(...r.mathErrors.map((error) => ({ page: `docs/${name}.html`, error })));
    const title = /^#\s+(.+)$/m.exec(md)?.[1]?.trim() ?? name;
    docLinks.push(`<li><a href="${urlFrom(o.base, 0)(`docs/${name}.html`)}">${escapeHtml(title)}</a></li>`);
    const body = `${nav(url)}\n<main class="doc">${r.html}</main>\n${nav(url)}`;
    write(`docs/${name}.html`, page(o, 1, `${title} — rnnlab`, body, false), r.equations, 0);
  }

  // The index.
  const url = urlFrom(o.base, 0);
  const link = linkRewriter(o, 'notebooks', url, names);
  let indexEquations = 0;
  const items = chapters.map((c, i) => {
    const summary = renderMarkdown(chapterSummary(c.notebook), link);
    const head = headline(c.name, c.executed);
    const headHtml = head === undefined ? undefined : renderMarkdown(head, link);
    for (const r of [summary, ...(headHtml ? [headHtml] : [])]) {
      indexEquations += r.equations;
      report.mathErrors.push(...r.mathErrors.map((error) => ({ page: 'index.html', error })));
    }
    return (
      `<li class="chapter-entry"><h2><a href="${url(`${c.name}.html`)}">${escapeHtml(titles[i]!)}</a></h2>` +
      `<div class="summary">${summary.html}</div>` +
      (headHtml ? `<div class="headline"><span class="label">measured</span>${headHtml.html}</div>` : '') +
      (c.failed ? `<p class="warning">failed to execute</p>` : '') +
      `</li>`
    );
  });
  const body = `<main class="index">
<h1>rnnlab — recurrent neural networks, from their equations to translation</h1>
<p>A tutorial series in TypeScript: every equation becomes a few lines of code, and every line is checked against
an independent computation. Each chapter below is a Jupyter notebook, executed in profile
<code>${escapeHtml(o.profile)}</code>; the figures quoted under each title are that run's own outputs.</p>
${o.live ? liveLink(url) : ''}
<ol class="chapters">
${items.join('\n')}
</ol>
${docLinks.length ? `<h2>Measurements and methods</h2>\n<ul class="docs">\n${docLinks.join('\n')}\n</ul>` : ''}
</main>`;
  write('index.html', page(o, 0, 'rnnlab — the book', body, false), indexEquations, 0);
  writeIfChanged(
    path.join(o.out, 'book.json'),
    JSON.stringify({ profile: o.profile, pages: report.pages }, null, 2) + '\n',
  );
  return report;
}
