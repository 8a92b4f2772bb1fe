// `npm run book` from the ci-profile executions (the notebooks phase's build/executed/ when it matches,
// else the chapters are executed), then every page opened in headless Chromium over the DevTools pipe:
// no console error, no request outside the book, every equation typeset, every plot drawn as SVG with
// data, every internal link resolving — from the file system and from a static server under a
// sub-path (`--base`). A second build with nothing changed executes nothing. Screenshots of the index
// and one chapter stay in build/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { root } from './env';

const outDir = path.join(root, 'build', 'e2e');
const bookDir = path.join(outDir, 'book');
const baseBookDir = path.join(outDir, 'book-base');
const BASE = '/rnnlab/';

function chromiumPath(): string {
  const candidates = [
    process.env.RNNLAB_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error('Chromium is not installed: apt-get install chromium (or set RNNLAB_CHROMIUM)');
}

/** Runs `npm run book` with `args`; returns its exit status and stderr. */
function book(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'book', 'main.ts'), '--profile', 'ci', ...args],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: process.env },
  );
  return { status: r.status, stderr: r.stderr };
}

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** A headless Chromium driven over `--remote-debugging-pipe` (fd 3 in, fd 4 out, NUL-separated JSON). */
class Chromium {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly listeners: ((m: Message) => void)[] = [];
  private readonly child: ChildProcess;
  private readonly profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-book-chrome-'));

  constructor() {
    this.child = spawn(
      chromiumPath(),
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        '--window-size=1200,900',
        `--user-data-dir=${this.profile}`,
        '--remote-debugging-pipe',
        'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] },
    );
    (this.child.stdio[4] as Readable).on('data', (b: Buffer) => {
      this.buffer += b.toString('utf8');
      let end: number;
      while ((end = this.buffer.indexOf('\0')) >= 0) {
        const m = JSON.parse(this.buffer.slice(0, end)) as Message;
        this.buffer = this.buffer.slice(end + 1);
        if (m.id !== undefined) this.pending.get(m.id)?.(m);
        else for (const l of this.listeners) l(m);
      }
    });
  }

  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no reply from Chromium in 60 s`));
      }, 60000);
      this.pending.set(id, (m) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (m.error) reject(new Error(`${method}: ${m.error.message}`));
        else resolve(m.result ?? {});
      });
      (this.child.stdio[3] as Writable).write(
        JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0',
      );
    });
  }

  on(listener: (m: Message) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      this.child.kill('SIGTERM');
      await new Promise((r) => this.child.once('exit', r));
    }
    // Chromium's helper processes may still be writing the profile as it exits: retry, then leave it.
    try {
      fs.rmSync(this.profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch {
      /* a temporary folder */
    }
  }
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
  const { targetId } = (await browser.send('Target.createTarget', { url: 'about:blank' })) as {
    targetId: string;
  };
  const { sessionId } = (await browser.send('Target.attachToTarget', { targetId, flatten: true })) as {
    sessionId: string;
  };
  const errors: string[] = [];
  const requests: string[] = [];
  let loaded = false;
  const off = browser.on((m) => {
    if (m.sessionId !== sessionId) return;
    const p = m.params ?? {};
    if (m.method === 'Runtime.consoleAPICalled' && p.type === 'error')
      errors.push(`console.error: ${JSON.stringify(p.args)}`);
    if (m.method === 'Runtime.exceptionThrown')
      errors.push(`exception: ${JSON.stringify(p.exceptionDetails).slice(0, 500)}`);
    if (m.method === 'Log.entryAdded') {
      const e = p.entry as { level: string; text: string; url?: string };
      if (e.level === 'error') errors.push(`log: ${e.text} ${e.url ?? ''}`);
    }
    if (m.method === 'Network.requestWillBeSent') requests.push((p.request as { url: string }).url);
    if (m.method === 'Page.loadEventFired') loaded = true;
  });
  try {
    for (const domain of ['Runtime', 'Log', 'Network', 'Page'])
      await browser.send(`${domain}.enable`, {}, sessionId);
    await browser.send('Page.navigate', { url }, sessionId);
    const evaluate = async <T>(expression: string): Promise<T> => {
      const r = (await browser.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as {
        result: { value: T };
        exceptionDetails?: unknown;
      };
      if (r.exceptionDetails) throw new Error(`${url}: ${JSON.stringify(r.exceptionDetails).slice(0, 400)}`);
      return r.result.value;
    };
    const until = Date.now() + 30000;
    let facts: PageFacts;
    for (;;) {
      facts = await evaluate<PageFacts>(FACTS);
      if ((loaded && facts.undrawn.length === 0) || Date.now() > until) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const links = await evaluate<string[]>(`[...document.querySelectorAll('a[href]')].map((a) => a.href)`);
    if (screenshot) {
      const height = await evaluate<number>('Math.min(document.documentElement.scrollHeight, 4000)');
      await browser.send(
        'Emulation.setDeviceMetricsOverride',
        { width: 1200, height, deviceScaleFactor: 1, mobile: false },
        sessionId,
      );
      await new Promise((r) => setTimeout(r, 500));
      const { data } = (await browser.send('Page.captureScreenshot', { format: 'png' }, sessionId)) as {
        data: string;
      };
      fs.writeFileSync(screenshot, Buffer.from(data, 'base64'));
    }
    return { errors, requests, facts, links };
  } finally {
    off();
    await browser.send('Target.closeTarget', { targetId });
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
  const outside = v.requests.filter((u) => !inside(u) && !u.startsWith('data:') && u !== 'about:blank');
  assert.deepEqual(outside, [], `${page}: requests outside the book`);
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
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const rel = url.pathname.startsWith(BASE)
      ? decodeURIComponent(url.pathname.slice(BASE.length))
      : undefined;
    const file = rel === undefined ? undefined : path.join(baseBookDir, rel === '' ? 'index.html' : rel);
    if (!file || !file.startsWith(baseBookDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const types: Record<string, string> = {
      '.html': 'text/html; charset=utf-8',
      '.css': 'text/css',
      '.js': 'text/javascript',
      '.woff2': 'font/woff2',
      '.woff': 'font/woff',
      '.ttf': 'font/ttf',
    };
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
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
