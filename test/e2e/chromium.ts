/**
 * A headless Chromium for the book's checks, driven over `--remote-debugging-pipe` (no WebSocket, no
 * browser-automation package), and a tab that records what the page did: console errors, uncaught
 * exceptions, every request. Used by book.e2e.ts (every page of the book) and train-in-browser.e2e.ts.
 */
import * as fs from 'node:fs';
import { ChildProcess } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { launchChromium, PipedChromium } from './env';

export function chromiumPath(): string {
  const candidates = [
    process.env.RNNLAB_CHROMIUM,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
  ];
  for (const c of candidates) if (c && fs.existsSync(c)) return c;
  throw new Error('Chromium is not installed: apt-get install chromium (or set RNNLAB_CHROMIUM)');
}

export interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** A headless Chromium driven over `--remote-debugging-pipe` (fd 3 in, fd 4 out, NUL-separated JSON). */
export class Chromium {
  private nextId = 1;
  private buffer = '';
  private readonly pending = new Map<number, (m: Message) => void>();
  private readonly listeners: ((m: Message) => void)[] = [];
  private readonly child: ChildProcess;
  private readonly browser: PipedChromium;

  constructor() {
    this.browser = launchChromium(chromiumPath(), ['--hide-scrollbars', '--window-size=1200,900']);
    this.child = this.browser.child;
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

  close(): Promise<void> {
    return this.browser.close();
  }
}

/** A tab opened by {@link openWatched}: what it logged, an evaluator, and its close. */
export interface WatchedTab {
  sessionId: string;
  /** Console errors, uncaught exceptions and error log entries, as text. */
  errors: string[];
  /** The URL of every request the page (and its workers) made. */
  requests: string[];
  /** Whether the load event fired. */
  loaded(): boolean;
  /** The value of a JavaScript expression in the page. */
  evaluate<T>(expression: string): Promise<T>;
  close(): Promise<void>;
}

/** Opens `url` in a new tab that records its errors and requests from the start. */
export async function openWatched(browser: Chromium, url: string): Promise<WatchedTab> {
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
  const close = async (): Promise<void> => {
    off();
    await browser.send('Target.closeTarget', { targetId });
  };
  try {
    for (const domain of ['Runtime', 'Log', 'Network', 'Page'])
      await browser.send(`${domain}.enable`, {}, sessionId);
    await browser.send('Page.navigate', { url }, sessionId);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    sessionId,
    errors,
    requests,
    loaded: () => loaded,
    evaluate: async <T>(expression: string): Promise<T> => {
      const r = (await browser.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as {
        result: { value: T };
        exceptionDetails?: unknown;
      };
      if (r.exceptionDetails) throw new Error(`${url}: ${JSON.stringify(r.exceptionDetails).slice(0, 400)}`);
      return r.result.value;
    },
    close,
  };
}

/**
 * The requests that left the book: not `inside(url)`, and not the page's own in-memory content
 * (`data:` URLs, `blob:` URLs it made — the in-browser training page starts its worker from one).
 */
export function outsideRequests(requests: string[], inside: (url: string) => boolean): string[] {
  return requests.filter(
    (u) => !inside(u) && !u.startsWith('data:') && !u.startsWith('blob:') && u !== 'about:blank',
  );
}
