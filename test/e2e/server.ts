/** `npm start` as the end-to-end checks run it: a free port, no token, and a wait until it answers. */
import * as net from 'node:net';
import * as path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';
import { root } from './env';

/** A TCP port nobody listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Calls `fn` every 300 ms until it returns a value (errors count as no value). */
export async function poll<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** A running `npm start` (scripts/start.js): its URL, what it printed, and how to stop it. */
export interface Server {
  base: string;
  log(): string;
  stop(): Promise<void>;
}

/** Starts `npm start -- --no-browser --port P …` with `extra` Jupyter arguments. */
export async function startJupyter(
  extra: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(root, 'scripts', 'start.js'),
      '--no-browser',
      '--port',
      String(port),
      '--NotebookApp.token=',
      '--NotebookApp.password=',
      '--ip=127.0.0.1',
      ...extra,
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env },
  );
  let log = '';
  child.stderr!.on('data', (b: Buffer) => {
    log += b.toString();
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  };
  try {
    await poll('the server', async () => ((await fetch(`${base}/api`)).ok ? true : undefined), 60000);
  } catch (err) {
    await stop();
    throw new Error(`${(err as Error).message}\n--- npm start said:\n${log.slice(-3000)}`);
  }
  return { base, log: () => log, stop };
}
