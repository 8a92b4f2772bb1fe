/** What the end-to-end checks share: the project root, and the Python with Jupyter found by scripts/setup.js. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ChildProcess, spawn } from 'node:child_process';

export const root = path.join(__dirname, '..', '..');

/** The Python with Jupyter (`npm test` sets RNNLAB_JUPYTER_PYTHON and JUPYTER_PATH for this phase). */
export function jupyterPython(): string {
  const py = process.env.RNNLAB_JUPYTER_PYTHON;
  if (!py || !process.env.JUPYTER_PATH)
    throw new Error(
      'run the end-to-end checks through `npm test` (scripts/test.js sets RNNLAB_JUPYTER_PYTHON and JUPYTER_PATH)',
    );
  return py;
}

/** Chromium for the browser checks (`npm test` finds or installs it and sets RNNLAB_CHROMIUM). */
export function chromium(): string {
  const c = process.env.RNNLAB_CHROMIUM;
  if (!c)
    throw new Error(
      'run the end-to-end checks through `npm test` (scripts/test.js finds Chromium and sets RNNLAB_CHROMIUM)',
    );
  return c;
}

/** The flags of a throw-away headless Chromium (no network services, no first-run UI). */
export function chromiumFlags(profileDir: string): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    `--user-data-dir=${profileDir}`,
  ];
}

/** A headless Chromium with a DevTools pipe (fd 3 in, fd 4 out) and a throw-away profile. */
export interface PipedChromium {
  child: ChildProcess;
  /** Ends the browser and its helper processes, then removes the profile (or says it could not). */
  close(): Promise<void>;
}

/** Starts `executable` with {@link chromiumFlags}, `extra` flags, `--remote-debugging-pipe` and about:blank. */
export function launchChromium(executable: string, extra: string[] = []): PipedChromium {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-chrome-'));
  const child = spawn(
    executable,
    [...chromiumFlags(profile), ...extra, '--remote-debugging-pipe', 'about:blank'],
    // Its own process group, so that close() ends the helper processes too.
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true },
  );
  const close = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid!, 'SIGTERM'); // the whole group: the browser and its helpers
      } catch {
        child.kill('SIGTERM');
      }
      await exited;
    }
    // A helper can still be writing the profile just after the browser exits: retry, then leave the
    // temporary folder (a failed clean-up is not a failed test), saying so.
    try {
      fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (err) {
      console.error(`chromium: left ${profile} behind: ${(err as Error).message}`);
    }
  };
  return { child, close };
}
