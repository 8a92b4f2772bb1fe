/**
 * The book's page that trains a character language model in the reader's browser: its HTML (the
 * controls, the curve's place, the corpus as JSON), its script (book/live-bundle.ts bundles
 * book/browser/), and the link to it that the index and chapter 6 show.
 */
import { readCorpus } from '../src/data/index';
import { escapeHtml } from './markdown';
import { BROWSER_LM } from './browser/settings';
import { bundleTrainLm } from './live-bundle';

/** The page's file in the book. */
export const LIVE_PAGE = 'train-in-browser.html';
/** The chapter whose library code the page runs (it links to the page, and the page back to it). */
export const LIVE_CHAPTER = '06_language_model';
export const LIVE_TITLE = 'Train a language model in this browser';
/** The page's script in the book. */
export const LIVE_SCRIPT = 'assets/train-lm.js';

/** What the page needs besides the book's shared assets. */
export interface LiveAssets {
  /** The page's script (the worker and the engine's kernels inside). */
  script: string;
  /** The corpus, read hash-checked from data/. */
  corpus: string;
}

/** Bundles the script and reads the corpus (needs build/wasm/, which `npm run build` writes). */
export async function liveAssets(root: string): Promise<LiveAssets> {
  const { page } = await bundleTrainLm(root);
  return { script: page, corpus: readCorpus(BROWSER_LM.corpus) };
}

/** The link to the page, as the index and chapter 6 show it. */
export function liveLink(url: (p: string) => string): string {
  return (
    `<p class="live-link"><a href="${url(LIVE_PAGE)}">${escapeHtml(LIVE_TITLE)} →</a> ` +
    'A character-level LSTM trained live on rnnlab’s WebAssembly engine, with the library code of ' +
    'chapter 6: a loss curve as it learns, samples at the temperature you choose.</p>'
  );
}

/** The page's body (without the navigation), for a page at the book's root. */
export function liveBody(url: (p: string) => string, assets: LiveAssets): string {
  const [lo, hi] = BROWSER_LM.temperatureRange;
  // JSON in a script element: `<` escaped so that no `</script>` can end it early.
  const corpusJson = JSON.stringify(assets.corpus).replace(/</g, '\\u003c');
  return `<main class="chapter live">
<h1>${escapeHtml(LIVE_TITLE)}</h1>
<p>This page trains a character-level language model on H. G. Wells’s <em>The Time Machine</em>, here in your
browser, with the code of <a href="${url(`${LIVE_CHAPTER}.html`)}">chapter 6</a>: rnnlab’s WebAssembly engine,
its <code>EngineLanguageModel</code>, <code>trainLanguageModel</code> with the chapter’s protocol (Adam at 2e-3,
gradients clipped at norm 5, every batch row a random window of the text) and <code>generate</code> for the samples
— the library itself, bundled for the browser, running in a Web Worker. The text and the engine are in this page;
nothing is downloaded or sent.</p>
<div class="lm-controls">
<button id="lm-start" type="button">Start training</button>
<button id="lm-stop" type="button" disabled>Stop</button>
<label for="lm-temperature">temperature</label>
<input id="lm-temperature" type="range" min="${lo}" max="${hi}" step="${BROWSER_LM.temperatureStep}" value="${BROWSER_LM.temperature}">
<output id="lm-temperature-value" for="lm-temperature"></output>
</div>
<p><span id="lm-status">not started</span></p>
<p id="lm-note" class="provenance">The model: a one-layer LSTM (embedding ${BROWSER_LM.embedDim},
${BROWSER_LM.numHiddens} units), batch ${BROWSER_LM.batchSize} × ${BROWSER_LM.numSteps} characters. The engine
splits its kernels over worker threads where the page is cross-origin isolated (served with the COOP and COEP
headers), and runs on one thread elsewhere — from the file system, for one.</p>
<div id="lm-curve" class="lm-curve"></div>
<p id="lm-sample-caption">A sample is drawn every ${BROWSER_LM.sampleEvery} s of training, when training stops,
and when you move the slider; it starts from “${escapeHtml(BROWSER_LM.prime.trim())}”.</p>
<pre id="lm-sample" class="lm-sample"></pre>
<p>The loss starts near ln |V| (every character equally likely) and falls as the model learns which characters
follow which. The model trains on the first ${Math.round(BROWSER_LM.trainFraction * 100)}% of the book; every
${BROWSER_LM.evalEvery} steps its loss is measured on the rest, which it never trains on (the validation loss
chapter 6 reports), and the dashed line is what counting pairs of characters achieves there. A low temperature picks the most probable characters (repetitive), a high one spreads the choice
(inventive, then garbled).</p>
</main>
<script type="application/json" id="lm-corpus">${corpusJson}</script>
<script src="${url(LIVE_SCRIPT)}"></script>`;
}
