// `npm run book` from the ci-profile executions (the notebooks phase's build/executed/ when it matches,
// else the chapters are executed), then every page opened in headless Chromium over the DevTools pipe:
// no console error, no request outside the book, every equation typeset, every plot drawn as SVG with
// data, every internal link resolving — from the file system and from a static server under a
// sub-path (`--base`). A second build with nothing changed executes nothing. Screenshots of the index
// and one chapter stay in build/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './env';
import { Chromium, openWatched, outsideRequests } from './chromium';
import { serveFolder } from './static-server';

const outDir = path.join(root, 'build', 'e2e');
const bookDir = path.join(outDir, 'book');
const baseBookDir = path.join(outDir, 'book-base');
const BASE = '/rnnlab/';

/** Runs `npm run book` with `args`; returns its exit status and stderr. */
function book(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'book', 'main.ts'), '--profile', 'ci', ...args],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: process.env },
  );
  return { status: r.status, stderr: r.stderr };
}

/** What a page showed and did. */
interface Visit {
  errors: string[];
  requests: string[];
  facts: PageFacts;
  links: string[];
}

interface PageFacts {
  rawDollars: string[];
  mathErrors: number;
  equations: number;
  plots: number;
  undrawn: string[];
}

// Runs in the page: every figure drawn (an SVG with traces that carry data), text nodes without `$`.
const FACTS = `(() => {
  if (!document.body) return { rawDollars: [], mathErrors: 0, equations: 0, plots: 0, undrawn: ['(no body yet)'] };
  const skip = (n) => n.parentElement && n.parentElement.closest('pre, code, script, style, .katex, .math-error');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const rawDollars = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.nodeValue.includes('$') && !skip(n)) rawDollars.push(n.nodeValue.slice(0, 120));
  const plots = [...document.querySelectorAll('.rnnlab-plot')];
  const undrawn = plots.filter((el) => {
    const svg = el.querySelector('svg.main-svg');
    const traces = (el._fullData || []).filter((t) => ['x', 'y', 'z'].some((k) => Array.isArray(t[k]) && t[k].length > 0));
    const marks = el.querySelectorAll('path.js-line[d*="L"], .hm image, .heatmaplayer image, .bars path, .points path');
    return !svg || traces.length === 0 || marks.length === 0;
  }).map((el) => el.id + ': ' + (el.textContent || '').slice(0, 100));
  return { rawDollars, mathErrors: document.querySelectorAll('.math-error').length,
    equations: document.querySelectorAll('.katex').length, plots: plots.length, undrawn };
})()`;

async function visit(browser: Chromium, url: string, screenshot?: string): Promise<Visit> {
  const tab = await openWatched(browser, url);
  try {
    const until = Date.now() + 30000;
    let facts: PageFacts;
    for (;;) {
      facts = await tab.evaluate<PageFacts>(FACTS);
      if ((tab.loaded() && facts.undrawn.length === 0) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const links = await tab.evaluate<string[]>(
      `[...document.querySelectorAll('a[href]')].map((a) => a.href)`,
    );
    if (screenshot) {
      const height = await tab.evaluate<number>('Math.min(document.documentElement.scrollHeight, 4000)');
      await browser.send(
        'Emulation.setDeviceMetricsOverride',
        { width: 1200, height, deviceScaleFactor: 1, mobile: false },
        tab.sessionId,
      );
      await new Promise((r) => setTimeout(r, 500));
      const { data } = (await browser.send('Page.captureScreenshot', { format: 'png' }, tab.sessionId)) as {
        data: string;
      };
      fs.writeFileSync(screenshot, Buffer.from(data, 'base64'));
    }
    return { errors: tab.errors, requests: tab.requests, facts, links };
  } finally {
    await tab.close();
  }
}

function htmlPages(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .sort();
}

/** Checks one visit; `inside(url)` says whether a URL belongs to the book; `exists(url)` whether it resolves. */
function checkVisit(
  page: string,
  v: Visit,
  inside: (u: string) => boolean,
  exists: (u: string) => boolean,
): void {
  assert.deepEqual(v.errors, [], `${page}: console errors`);
  assert.deepEqual(outsideRequests(v.requests, inside), [], `${page}: requests outside the book`);
  assert.deepEqual(v.facts.rawDollars, [], `${page}: text with a raw $ (an equation not typeset)`);
  assert.equal(v.facts.mathErrors, 0, `${page}: equations KaTeX could not typeset`);
  assert.deepEqual(v.facts.undrawn, [], `${page}: figures not drawn as SVG with data`);
  const broken = v.links.filter((u) => inside(u) && !exists(u));
  assert.deepEqual(broken, [], `${page}: internal links that do not resolve`);
}

/** Whether the page behind a URL path exists in `dir`, and so does the element a `#fragment` names. */
function resolves(dir: string, rel: string, fragment: string): boolean {
  const file = path.join(dir, decodeURIComponent(rel));
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return false;
  return fragment === '' || fs.readFileSync(file, 'utf8').includes(`id="${decodeURIComponent(fragment)}"`);
}

test('npm run book builds from the ci executions, and a second build executes nothing', () => {
  const executed = path.join(root, 'build', 'executed');
  const first = book(['--out', bookDir, ...(fs.existsSync(executed) ? ['--reuse', executed] : [])]);
  assert.equal(first.status, 0, `npm run book failed:\n${first.stderr.slice(-4000)}`);
  const notebooks = fs
    .readdirSync(path.join(root, 'notebooks'))
    .filter((f) => /^\d\d[a-z]?_.*\.ipynb$/.test(f));
  const again = book(['--out', bookDir]);
  assert.equal(again.status, 0, again.stderr.slice(-4000));
  const cached = again.stderr.split('\n').filter((l) => / — cached \(/.test(l));
  assert.equal(
    cached.length,
    notebooks.length,
    `every chapter from the cache the second time:\n${again.stderr}`,
  );
  assert.match(again.stderr, /\(0 executed, 0 adopted, \d+ cached, 0 failed/);
  assert.doesNotMatch(again.stderr, /running \(profile/);
  const pages = htmlPages(bookDir);
  for (const n of notebooks) assert.ok(pages.includes(n.replace(/\.ipynb$/, '.html')), `no page for ${n}`);
  assert.ok(pages.includes('index.html'));
  // Sub-path build (for a static host serving the book at /rnnlab/), from the same cache.
  const sub = book(['--out', baseBookDir, '--base', BASE]);
  assert.equal(sub.status, 0, sub.stderr.slice(-4000));
  assert.match(sub.stderr, /0 executed, 0 adopted/);
});

test('every page of the book, opened from the file system in headless Chromium', async () => {
  const pages = htmlPages(bookDir);
  assert.ok(pages.length > 1, `no pages in ${bookDir}: the first test builds them`);
  const browser = new Chromium();
  const prefix = `file://${bookDir}/`;
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(bookDir, 'book.json'), 'utf8')) as {
      pages: { page: string; equations: number; figures: number }[];
    };
    let plots = 0;
    for (const page of pages) {
      const shot =
        page === 'index.html' ? 'book-index.png' : page === '04_lstm.html' ? 'book-04_lstm.png' : undefined;
      const v = await visit(browser, prefix + page, shot && path.join(outDir, shot));
      checkVisit(
        page,
        v,
        (u) => u.startsWith(prefix),
        (u) => {
          const [rel = '', frag = ''] = u.slice(prefix.length).split('#');
          return resolves(bookDir, rel, frag);
        },
      );
      // Every equation the builder found is typeset on the page, every figure it found is on the page.
      const built = manifest.pages.find((p) => p.page === page);
      assert.ok(built, `${page} is not in book.json`);
      assert.equal(v.facts.equations, built.equations, `${page}: equations typeset by KaTeX`);
      assert.equal(v.facts.plots, built.figures, `${page}: figures on the page`);
      plots += v.facts.plots;
    }
    assert.ok(plots > 0, 'the book drew no figure');
    for (const shot of ['book-index.png', 'book-04_lstm.png']) {
      assert.ok(fs.statSync(path.join(outDir, shot)).size > 10000, `${shot} looks empty`);
    }
  } finally {
    await browser.close();
  }
});

test('every page of the book built with --base, from a static server under that sub-path', async () => {
  const server = await serveFolder(baseBookDir, { base: BASE });
  const origin = server.url.slice(0, -BASE.length);
  const browser = new Chromium();
  try {
    for (const page of htmlPages(baseBookDir)) {
      const v = await visit(browser, `${origin}${BASE}${page}`);
      checkVisit(
        `${BASE}${page}`,
        v,
        (u) => u.startsWith(`${origin}${BASE}`),
        (u) => {
          const [rel = '', frag = ''] = u.slice(`${origin}${BASE}`.length).split('#');
          return resolves(baseBookDir, rel === '' ? 'index.html' : rel, frag);
        },
      );
    }
  } finally {
    await browser.close();
    server.close();
  }
});
