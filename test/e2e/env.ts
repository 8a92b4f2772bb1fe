/** What the end-to-end checks share: the project root, and the Python with Jupyter found by scripts/setup.js. */
import * as path from 'node:path';

export const root = path.join(__dirname, '..', '..');

/** The Python with Jupyter (`npm test` sets RNNLAB_JUPYTER_PYTHON and JUPYTER_PATH for this phase). */
export function jupyterPython(): string {
  const py = process.env.RNNLAB_JUPYTER_PYTHON;
  if (!py || !process.env.JUPYTER_PATH) throw new Error('run the end-to-end checks through `npm test` (scripts/test.js sets RNNLAB_JUPYTER_PYTHON and JUPYTER_PATH)');
  return py;
}

/** Chromium for the browser checks (`npm test` finds or installs it and sets RNNLAB_CHROMIUM). */
export function chromium(): string {
  const c = process.env.RNNLAB_CHROMIUM;
  if (!c) throw new Error('run the end-to-end checks through `npm test` (scripts/test.js finds Chromium and sets RNNLAB_CHROMIUM)');
  return c;
}

/** The flags of a throw-away headless Chromium (no network services, no first-run UI). */
export function chromiumFlags(profileDir: string): string[] {
  return ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profileDir}`];
}
