/**
 * The book's in-browser language model (book/browser/), Node against headless Chromium, interleaved:
 * the same model, batches and step budget, trained by the same library code — in Node through
 * `createEngine`, in Chromium through the page (from the file system: one thread; from a local server
 * that sends the cross-origin isolation headers: the worker threads). Steps per second are over the
 * steps' own time (sampling and messages excluded), as the page shows them.
 *
 *   npx tsx bench/browser_lm.ts [--rounds 2] [--steps 150]
 *
 * Node's threaded run takes the threads the isolated page ran (min(4, the browser's cores)).
 */
import * as path from 'node:path';
import { createEngine } from '../src/engine/index';
import { loadCorpus } from '../src/data/index';
import { EngineLanguageModel, trainLanguageModel } from '../src/lm/index';
import { buildSite } from '../book/site';
import { LIVE_PAGE, liveAssets } from '../book/live';
import { BROWSER_LM } from '../book/browser/settings';
import { plotlyBundle } from '../src/plot/bundle';
import { Chromium, openWatched } from '../test/e2e/chromium';
import { ISOLATION_HEADERS, serveFolder } from '../test/e2e/static-server';

const root = path.join(__dirname, '..');
const out = path.join(root, 'build', 'bench-browser');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`${name} must be a whole number ≥ 1, got '${process.argv[i + 1]}'`);
  return v;
}

async function node(steps: number, threads: number): Promise<number> {
  const corpus = loadCorpus(BROWSER_LM.corpus);
  const engine = await createEngine({ threads });
  const model = new EngineLanguageModel(engine, {
    cell: BROWSER_LM.cell,
    vocabSize: corpus.vocab.size,
    embedDim: BROWSER_LM.embedDim,
    numHiddens: BROWSER_LM.numHiddens,
    numLayers: BROWSER_LM.numLayers,
    seed: BROWSER_LM.seed,
  });
  const r = trainLanguageModel(model, corpus.ids, {
    batchSize: BROWSER_LM.batchSize,
    numSteps: BROWSER_LM.numSteps,
    maxSteps: steps,
    seed: BROWSER_LM.seed + 1,
  });
  model.dispose();
  await engine.dispose();
  return r.steps / r.seconds;
}

async function chromium(url: string, steps: number): Promise<{ rate: number; threads: number }> {
  const browser = new Chromium();
  try {
    const tab = await openWatched(browser, url);
    try {
      while (!tab.loaded()) await new Promise((r) => setTimeout(r, 100));
      await tab.evaluate(`document.getElementById('lm-start').click()`);
      type State = { losses: number[]; seconds: number; errors: string[]; ready?: { threads: number } };
      for (;;) {
        const s = await tab.evaluate<State>('window.rnnlabLm');
        if (s.errors.length > 0) throw new Error(s.errors.join('; '));
        if (s.losses.length >= steps) {
          await tab.evaluate(`document.getElementById('lm-stop').click()`);
          return { rate: s.losses.length / s.seconds, threads: s.ready!.threads };
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await tab.close();
    }
  } finally {
    await browser.close();
  }
}

async function main(): Promise<void> {
  const rounds = option('--rounds', 2),
    steps = option('--steps', 150);
  buildSite([], {
    root,
    out,
    base: '',
    profile: 'bench',
    plotly: plotlyBundle,
    docs: [],
    live: await liveAssets(root),
  });
  const server = await serveFolder(out, { headers: ISOLATION_HEADERS });
  const isolated = server.url + LIVE_PAGE;
  const rates: Record<string, number[]> = {};
  const add = (what: string, rate: number): void => {
    (rates[what] ??= []).push(rate);
    process.stderr.write(`${what}: ${rate.toFixed(1)} steps/s\n`);
  };
  try {
    for (let r = 0; r < rounds; r++) {
      add('node, 1 thread', await node(steps, 1));
      add('chromium file://, 1 thread', (await chromium(`file://${out}/${LIVE_PAGE}`, steps)).rate);
      const c = await chromium(isolated, steps);
      add(`chromium isolated, ${c.threads} threads`, c.rate);
      add(`node, ${c.threads} threads`, await node(steps, c.threads));
    }
  } finally {
    server.close();
  }
  console.log(JSON.stringify({ steps, rounds, rates }, null, 2));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
