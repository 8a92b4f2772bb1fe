// `npm start -- --no-browser --port P --NotebookApp.token=''` serves the notebooks and lists the
// TypeScript kernel under /api/kernelspecs; a kernel started through the REST API stays alive.
// (Executing cells through that kernelspec is what the notebooks phase and runner.e2e.ts prove.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { root } from './env';
import { freePort, poll } from './server';

test('npm start serves the notebooks with the TypeScript kernel', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.js'), '--no-browser', '--port', String(port), '--NotebookApp.token=', '--ip=127.0.0.1',
    // Lets this test POST to the REST API without a browser's XSRF cookie.
    '--NotebookApp.disable_check_xsrf=True'],
    { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let log = '';
  child.stderr!.on('data', (b: Buffer) => { log += b.toString(); });
  const base = `http://127.0.0.1:${port}`;
  try {
    const specs = await poll('/api/kernelspecs', async () => {
      const r = await fetch(`${base}/api/kernelspecs`);
      return r.ok ? (await r.json()) as { kernelspecs: Record<string, { spec: { display_name: string; argv: string[] } }> } : undefined;
    }, 60000);
    const ts = specs.kernelspecs.tslab;
    assert.ok(ts, `kernelspecs: ${Object.keys(specs.kernelspecs).join(', ')}`);
    assert.equal(ts.spec.display_name, 'TypeScript (rnnlab)');
    assert.ok(path.isAbsolute(ts.spec.argv[0]!) && ts.spec.argv[1]!.startsWith(root), `kernel argv must use absolute project paths: ${ts.spec.argv.join(' ')}`);

    const tree = await (await fetch(`${base}/api/contents`)).json() as { content: { name: string }[] };
    assert.ok(tree.content.some((f) => f.name === '00_getting_started.ipynb'), 'the server does not list notebooks/');

    const started = await fetch(`${base}/api/kernels`, { method: 'POST', body: JSON.stringify({ name: 'tslab' }) });
    assert.ok(started.ok, `POST /api/kernels: HTTP ${started.status}`);
    const kernel = await started.json() as { id: string };
    // The server does not report 'idle' before a front end connects; check the kernel process lives.
    await new Promise((r) => setTimeout(r, 3000));
    const k = await (await fetch(`${base}/api/kernels/${kernel.id}`)).json() as { name: string; execution_state: string };
    assert.equal(k.name, 'tslab');
    assert.notEqual(k.execution_state, 'dead', 'the TypeScript kernel died after starting');
    await fetch(`${base}/api/kernels/${kernel.id}`, { method: 'DELETE' });
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- npm start said:\n${log.slice(-3000)}`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});
