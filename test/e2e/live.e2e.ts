// A learner's session against a live kernel: `npm start`, notebook 00 in headless Chromium → Run All →
// save → close the tab (Jupyter keeps the kernel) → reopen (the saved figures draw again) → Run All →
// every plot drawn, every equation typeset, no error output → save → `git status` unchanged and the
// .ipynb byte for byte as it was (outputs never reach the tracked file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { root } from './env';
import { Browser, Tab } from './cdp';
import { startJupyter } from './server';

const NAME = '00_getting_started.ipynb';
const file = path.join(root, 'notebooks', NAME);

function gitStatus(): string | undefined {
  if (!fs.existsSync(path.join(root, '.git'))) return undefined;
  const r = spawnSync('git', ['status', '--porcelain', '--', path.join('notebooks', NAME)], {
    cwd: root,
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout : undefined;
}

/** What the page shows: figures (and how many plotly drew), typeset and raw equations, errors. */
interface PageState {
  plots: number;
  drawn: number;
  math: number;
  rawDollars: string[];
  errors: string[];
}

const STATE = `(() => {
  const plots = [...document.querySelectorAll('.rnnlab-plot')];
  const math = document.querySelectorAll('.text_cell_render .MathJax, .text_cell_render .MathJax_Display,'
    + ' .text_cell_render mjx-container').length;
  const rawDollars = [...document.querySelectorAll('.text_cell_render')].map((el) => {
    const c = el.cloneNode(true);
    c.querySelectorAll('script, code, pre, .MathJax_Preview').forEach((x) => x.remove());
    return c.textContent;
  }).filter((t) => t.includes('$')).map((t) => t.slice(t.indexOf('$') - 40, t.indexOf('$') + 40));
  const errors = [...document.querySelectorAll('.output_error, .output_stderr')].map((e) => e.textContent);
  return { plots: plots.length, drawn: plots.filter((p) => p.querySelector('svg.main-svg')).length,
    math, rawDollars, errors };
})()`;

const READY = `!!(window.Jupyter && Jupyter.notebook && Jupyter.notebook._fully_loaded && Jupyter.notebook.kernel
  && Jupyter.notebook.kernel.is_connected())`;
const PROMPTS = `Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code')
  .map((c) => c.input_prompt_number)`;

/** Run All (every code cell queued, prompt `*`), then wait until every cell has run and the kernel is idle. */
async function runAll(tab: Tab): Promise<void> {
  await tab.eval('Jupyter.notebook.execute_all_cells(), true');
  await tab.waitFor(
    'Run All to finish',
    `(() => { const p = ${PROMPTS};
    return p.every((n) => typeof n === 'number')
      && !!document.querySelector('#kernel_indicator_icon.kernel_idle_icon'); })()`,
    240000,
  );
}

/** Waits until every figure is drawn and MathJax has typeset every equation; returns the page's state. */
async function settled(tab: Tab, what: string): Promise<PageState> {
  await tab
    .waitFor(
      `${what}: plots drawn and equations typeset`,
      `(() => { const s = ${STATE};
    return s.plots > 0 && s.drawn === s.plots && s.math > 0 && s.rawDollars.length === 0; })()`,
      60000,
    )
    .catch(async (err: Error) => {
      throw new Error(`${err.message}\n${JSON.stringify(await tab.eval(STATE))}`);
    });
  return tab.eval<PageState>(STATE);
}

async function save(tab: Tab): Promise<void> {
  await tab.eval('Jupyter.notebook.save_notebook().then(() => true)');
  await tab.waitFor('the save', '!Jupyter.notebook.dirty', 10000);
}

test('a live kernel: Run All, close the tab, reopen, Run All: plots and equations render; saving keeps git clean', async () => {
  const statusBefore = gitStatus();
  const bytesBefore = fs.readFileSync(file);
  const env = { ...process.env };
  delete env.RNNLAB_PLOTLY; // what a learner's `npm start` has: figures load plotly.js from the server
  const server = await startJupyter([], env);
  const browser = new Browser();
  try {
    const url = `${server.base}/notebooks/${NAME}`;
    let tab = await browser.open(url);
    await tab.waitFor('the notebook and its kernel', READY, 90000);
    await runAll(tab);
    const first = await settled(tab, 'first Run All');
    assert.deepEqual(first.errors, [], 'error output after the first Run All');
    await save(tab);
    await tab.close();

    tab = await browser.open(url);
    await tab.waitFor('the reopened notebook and its kernel', READY, 90000);
    // The saved figures come back with the notebook and draw without a kernel round trip.
    const reopened = await settled(tab, 'the reopened notebook (saved outputs)');
    assert.equal(reopened.plots, first.plots, 'the reopened notebook shows the figures it was saved with');
    await runAll(tab);
    const second = await settled(tab, 'Run All after reopening');
    assert.deepEqual(second.errors, [], 'error output after reopening and Run All');
    assert.equal(second.plots, first.plots, 'each Run All draws the same figures');
    await save(tab);
    await tab.close();

    assert.ok(
      fs.readFileSync(file).equals(bytesBefore),
      `saving changed ${NAME} (outputs or layout reached the tracked file)`,
    );
    assert.equal(gitStatus(), statusBefore, `git status of ${NAME} changed by running and saving it`);
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- npm start said:\n${server.log().slice(-3000)}`);
  } finally {
    // The server is stopped even when closing the browser fails (else the test process never ends).
    try {
      await browser.close();
    } finally {
      await server.stop();
    }
    if (!fs.readFileSync(file).equals(bytesBefore)) fs.writeFileSync(file, bytesBefore);
  }
});
