/**
 * A headless Chromium driven through the DevTools protocol over a pipe (`--remote-debugging-pipe`:
 * commands on fd 3, replies and events on fd 4, each message ended by a NUL byte), so the end-to-end
 * checks need no WebSocket and no browser-automation package.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';
import { Readable, Writable } from 'node:stream';
import { chromium, chromiumFlags } from './env';

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
  private readonly profileDir: string;
  private readonly child: ChildProcess;
  private readonly input: Writable;

  constructor() {
    this.profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-chrome-'));
    this.child = spawn(
      chromium(),
      [...chromiumFlags(this.profileDir), '--remote-debugging-pipe', 'about:blank'],
      // Its own process group, so that close() ends the helper processes too.
      { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true },
    );
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
  async close(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((r) => this.child.once('exit', r));
      try {
        process.kill(-this.child.pid!, 'SIGTERM'); // the whole group: the browser and its helpers
      } catch {
        this.child.kill('SIGTERM');
      }
      await exited;
    }
    // A helper can still be writing the profile just after the browser exits: retry, then leave the
    // temporary folder (a failed clean-up is not a failed test), saying so.
    try {
      fs.rmSync(this.profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (err) {
      console.error(`cdp: left ${this.profileDir} behind: ${(err as Error).message}`);
    }
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
