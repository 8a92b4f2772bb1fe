// The book's in-browser language model (book/live.ts, book/browser/): the page built as the book builds
// it, opened in headless Chromium from the file system (one thread) and from a local server that sends
// the cross-origin isolation headers (worker threads). Training runs for a few seconds; the checks:
// the first batch's loss is ln |V| (an untrained model spreads its bets evenly), the loss falls, a
// sample comes back in the corpus's characters, no console error, no request outside the book. A
// screenshot of the trained page stays in build/e2e/train-in-browser.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { root } from './env';
import { Chromium, openWatched, outsideRequests } from './chromium';
import { ISOLATION_HEADERS, serveFolder } from './static-server';
import { buildSite } from '../../book/site';
import { LIVE_PAGE, liveAssets } from '../../book/live';
import { BROWSER_LM } from '../../book/browser/settings';
import { plotlyBundle } from '../../src/plot/bundle';
import { corpusFromText, splitTrainValidation } from '../../src/data/index';
import { ngramBaselines } from '../../src/lm/index';

const outDir = path.join(root, 'build', 'e2e', 'train-in-browser');
/** Train until this many steps, or for at most TRAIN_MS (a loaded machine makes fewer). */
const STEPS = 120;
const TRAIN_MS = 20000;
/** Fewest steps for the loss comparison: the first and the last WINDOW steps must not overlap. */
const WINDOW = 10;

interface PageState {
  ready?: {
    threads: number;
    vocabSize: number;
    numParams: number;
    engine: string;
    baselines: { uniform: number; unigram: number; bigram: number };
  };
  losses: number[];
  seconds: number;
  slices: number[];
  validation: { steps: number; loss: number }[];
  samples: { text: string; temperature: number; steps: number }[];
  errors: string[];
  running: boolean;
  isolated: boolean;
  cores: number;
  threads: number;
}

const mean = (a: number[]): number => a.reduce((s, x) => s + x, 0) / a.length;

async function until<T>(what: string, ms: number, get: () => Promise<T | undefined>): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Opens the page, trains, stops, and checks what it showed. Returns the page's state. */
async function trainInPage(
  url: string,
  inside: (u: string) => boolean,
  screenshot?: string,
): Promise<PageState> {
  const browser = new Chromium();
  try {
    const tab = await openWatched(browser, url);
    try {
      const state = (): Promise<PageState> => tab.evaluate<PageState>('window.rnnlabLm');
      await until('the page', 30000, async () => (tab.loaded() ? true : undefined));
      await tab.evaluate(`document.getElementById('lm-start').click()`);
      const t0 = Date.now();
      await until('training steps', TRAIN_MS + 30000, async () => {
        const s = await state();
        if (s.errors.length > 0) return true;
        return s.losses.length >= STEPS || (s.losses.length > 0 && Date.now() - t0 > TRAIN_MS)
          ? true
          : undefined;
      });
      await tab.evaluate(`document.getElementById('lm-stop').click()`);
      const s = await until('the sample drawn when training stops', 30000, async () => {
        const s = await state();
        return s.errors.length > 0 || (!s.running && s.samples.some((x) => x.steps === s.losses.length))
          ? s
          : undefined;
      });
      // The slider: a sample at its lowest temperature.
      const low = BROWSER_LM.temperatureRange[0];
      await tab.evaluate(
        `(() => { const el = document.getElementById('lm-temperature'); el.value = '${low}'; ` +
          `el.dispatchEvent(new Event('input')); el.dispatchEvent(new Event('change')); })()`,
      );
      await until('a sample at the slider’s temperature', 30000, async () => {
        const t = await state();
        return t.errors.length > 0 || t.samples.some((x) => x.temperature === low) ? true : undefined;
      });
      assert.equal(
        await tab.evaluate<string>(`document.getElementById('lm-temperature-value').textContent`),
        low.toFixed(2),
      );
      Object.assign(s, await state());
      assert.deepEqual(s.errors, [], 'errors the worker reported');
      assert.deepEqual(tab.errors, [], 'console errors');
      assert.deepEqual(outsideRequests(tab.requests, inside), [], 'requests outside the book');
      const status = await tab.evaluate<string>(`document.getElementById('lm-status').textContent`);
      assert.match(status, /steps\/s/, 'the page shows steps per second');
      const sample = await tab.evaluate<string>(`document.getElementById('lm-sample').textContent`);
      assert.equal(sample, s.samples[s.samples.length - 1]!.text, 'the page shows the last sample');
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
      return s;
    } finally {
      await tab.close();
    }
  } finally {
    await browser.close();
  }
}

/** The checks on a run: the loss starts at ln |V| and falls; the sample is the corpus's characters. */
function checkRun(s: PageState, corpus: string): void {
  const vocab = new Set(corpus);
  assert.ok(s.ready, 'the worker built the model');
  assert.equal(s.ready.vocabSize, vocab.size, 'the vocabulary is the corpus’s distinct characters');
  assert.ok(s.losses.length >= 2 * WINDOW, `only ${s.losses.length} steps in ${TRAIN_MS} ms`);
  // Untrained, the model's logits are small: its first loss is close to the uniform guess's, ln |V|.
  assert.ok(
    Math.abs(s.losses[0]! - Math.log(vocab.size)) < 0.1,
    `first loss ${s.losses[0]} vs ln |V| = ${Math.log(vocab.size)}`,
  );
  const first = mean(s.losses.slice(0, WINDOW));
  const last = mean(s.losses.slice(-WINDOW));
  assert.ok(last < first - 0.3, `the loss fell: mean of the first ${WINDOW} ${first}, of the last ${last}`);
  // The counting baselines the worker computed are Node's on the same split.
  const ids = corpusFromText('timemachine', corpus).ids;
  const { train, validation } = splitTrainValidation(ids, BROWSER_LM.trainFraction);
  assert.deepEqual(s.ready.baselines, ngramBaselines(train, validation, vocab.size));
  // A validation loss after every BROWSER_LM.evalEvery-th step, below the uniform guess's.
  const evals = Math.floor(s.losses.length / BROWSER_LM.evalEvery);
  assert.equal(s.validation.length, evals, `validation losses after ${s.losses.length} steps`);
  for (const v of s.validation)
    assert.ok(v.loss < Math.log(vocab.size), `validation loss ${v.loss} at ${v.steps}`);
  const sample = s.samples[s.samples.length - 1]!.text;
  assert.ok(sample.startsWith(BROWSER_LM.prime), 'the sample starts with the prime');
  assert.equal(sample.length, BROWSER_LM.prime.length + BROWSER_LM.sampleLength);
  const foreign = [...sample].filter((c) => !vocab.has(c));
  assert.deepEqual(foreign, [], 'characters of the sample that are not in the corpus');
}

/** Prints the run's speed (reported, never asserted: it depends on the machine and its load). */
function report(where: string, s: PageState): void {
  const rate = (s.losses.length / s.seconds).toFixed(1);
  console.log(
    `${where}: ${s.ready!.engine}: ${s.losses.length} steps in ${s.seconds.toFixed(1)} s, ${rate} steps/s`,
  );
}

let corpus = '';
/** The one-thread run, to compare the threaded one with. */
let oneThread: PageState | undefined;

test('the in-browser training page is built with the book', async () => {
  const live = await liveAssets(root);
  corpus = live.corpus;
  fs.rmSync(outDir, { recursive: true, force: true });
  buildSite([], { root, out: outDir, base: '', profile: 'ci', plotly: plotlyBundle, docs: [], live });
  const html = fs.readFileSync(path.join(outDir, LIVE_PAGE), 'utf8');
  assert.match(html, /id="lm-start"/);
  assert.match(fs.readFileSync(path.join(outDir, 'index.html'), 'utf8'), new RegExp(`href="${LIVE_PAGE}"`));
});

test('trains from the file system, on one thread', async () => {
  const prefix = `file://${outDir}/`;
  const shot = path.join(outDir, '..', 'train-in-browser.png');
  const s = await trainInPage(prefix + LIVE_PAGE, (u) => u.startsWith(prefix), shot);
  assert.ok(fs.statSync(shot).size > 10000, `${shot} looks empty`);
  checkRun(s, corpus);
  assert.equal(s.isolated, false, 'a page from the file system is not cross-origin isolated');
  assert.equal(s.ready!.threads, 1);
  oneThread = s;
  report('file://', s);
});

test('trains on worker threads where the page is cross-origin isolated', async () => {
  const server = await serveFolder(outDir, { headers: ISOLATION_HEADERS });
  const origin = server.url;
  try {
    const s = await trainInPage(origin + LIVE_PAGE, (u) => u.startsWith(origin));
    checkRun(s, corpus);
    assert.equal(s.isolated, true, 'the headers make the page cross-origin isolated');
    assert.equal(s.ready!.threads, s.threads, 'the engine runs the threads the page asked for');
    if (s.cores > 1) assert.ok(s.threads > 1, `${s.threads} thread(s) on an isolated page, ${s.cores} cores`);
    // The first slice of training draws the same batches in both runs (seed + 1), and the engine's
    // results are bit-identical whatever its threads (docs/engine.md): the same losses, exactly.
    assert.ok(oneThread, 'the one-thread run (the test before) ran');
    const n = Math.min(s.slices[0]!, oneThread.slices[0]!);
    assert.deepEqual(s.losses.slice(0, n), oneThread.losses.slice(0, n), `the first ${n} steps' losses`);
    report('cross-origin isolated', s);
  } finally {
    server.close();
  }
});
