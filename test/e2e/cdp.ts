/**
 * A headless Chromium driven through the DevTools protocol over a pipe (`--remote-debugging-pipe`:
 * commands on fd 3, replies and events on fd 4, each message ended by a NUL byte), so the end-to-end
 * checks need no WebSocket and no browser-automation package.
 */
import { ChildProcess } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { chromium, launchChromium, PipedChromium } from './env';

interface Reply {
  id?: number;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/** One browser; `open(url)` gives a tab. */
export class Browser {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve(r: Record<string, unknown>): void; reject(e: Error): void }
  >();
  private buffer = '';
  private readonly browser: PipedChromium;
  private readonly child: ChildProcess;
  private readonly input: Writable;

  constructor() {
    this.browser = launchChromium(chromium());
    this.child = this.browser.child;
    this.input = this.child.stdio[3] as Writable;
    (this.child.stdio[4] as Readable).on('data', (b: Buffer) => this.receive(b.toString('utf8')));
    this.child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('Chromium exited'));
      this.pending.clear();
    });
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const msg = JSON.parse(this.buffer.slice(0, end)) as Reply;
      this.buffer = this.buffer.slice(end + 1);
      const p = msg.id === undefined ? undefined : this.pending.get(msg.id);
      if (!p) continue; // an event
      this.pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result ?? {});
    }
  }

  /** Sends one DevTools command (to a tab's session when `sessionId` is given). */
  send(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.input.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  /** Opens `url` in a new tab. */
  async open(url: string): Promise<Tab> {
    const { targetId } = (await this.send('Target.createTarget', { url })) as { targetId: string };
    const { sessionId } = (await this.send('Target.attachToTarget', { targetId, flatten: true })) as {
      sessionId: string;
    };
    return new Tab(this, targetId, sessionId);
  }

  /** Ends Chromium and removes its profile. */
  close(): Promise<void> {
    return this.browser.close();
  }
}

/** One tab. */
export class Tab {
  constructor(
    private readonly browser: Browser,
    private readonly targetId: string,
    private readonly sessionId: string,
  ) {}

  /** The value of a JavaScript expression in the page (awaited when it is a promise). */
  async eval<T>(expression: string): Promise<T> {
    const r = (await this.browser.send(
      'Runtime.evaluate',
      { expression, returnByValue: true, awaitPromise: true },
      this.sessionId,
    )) as {
      result: { value?: T };
      exceptionDetails?: { exception?: { description?: string }; text: string };
    };
    if (r.exceptionDetails) {
      throw new Error(
        `${expression.slice(0, 80)}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`,
      );
    }
    return r.result.value as T;
  }

  /** Polls `expression` until it is truthy; returns that value. */
  async waitFor<T>(what: string, expression: string, ms: number): Promise<T> {
    const until = Date.now() + ms;
    let last: unknown;
    for (;;) {
      try {
        const v = await this.eval<T>(expression);
        if (v) return v;
        last = v;
      } catch (err) {
        last = (err as Error).message;
      }
      if (Date.now() > until)
        throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${String(last)})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** Closes the tab (as a learner closes it; Jupyter keeps the kernel). */
  async close(): Promise<void> {
    await this.browser.send('Target.closeTarget', { targetId: this.targetId });
  }
}
