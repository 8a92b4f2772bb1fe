/**
 * Showing figures inline in tslab. Each figure's output is its data and a small script that draws it,
 * first loading plotly.js when the page lacks it: from the Jupyter server (`npm start` serves the
 * project's bundle as `static/rnnlab/plotly.min.js`), so a figure renders after a reopened tab or a
 * reload without the 5 MB bundle in the saved notebook. Under `RNNLAB_PLOTLY=embed` (set by the
 * notebook runner, whose executed copies are exported to HTML) the first figure carries the bundle
 * itself, once per kernel session, so exported pages work offline. Outside a tslab kernel (CLI,
 * tests) showing does nothing and the figure is simply returned.
 */
import { randomBytes } from 'node:crypto';
import { writeSync } from 'node:fs';
import { Figure } from './figure';
import { STATIC_BUNDLE_URL_PATH, plotlyBundle, plotlyVersion, writeStaticBundle } from './bundle';

/** The part of tslab's display API that rnnlab uses. */
export interface Display {
  html(s: string): void;
  markdown(s: string): void;
  text(s: string): void;
}

interface TslabModule {
  display: Display;
  newDisplay(): Display;
}

/** True inside a tslab kernel (`tslab kernel …` is the process). */
export function inNotebook(): boolean {
  return /tslab/.test(process.argv[1] ?? '') && process.argv[2] === 'kernel';
}

/**
 * Messages to Jupyter within one synchronous stretch (a training loop in a cell). tslab sends every
 * output over a ZeroMQ socket, and zeromq.js sends at most 512 messages before the event loop runs
 * again; the 513th throws EBUSY ("Socket is busy writing"), which ends the cell with an error that
 * cannot itself be shown. Redraws that can be skipped (a live figure's) stay within
 * {@link SYNC_MESSAGE_BUDGET}; the count restarts when the event loop next turns.
 */
export const SYNC_MESSAGE_BUDGET = 384;
let sentThisTurn = 0,
  resetScheduled = false;

/** Counts one message to Jupyter (see {@link SYNC_MESSAGE_BUDGET}). */
export function noteMessageSent(): void {
  sentThisTurn++;
  if (!resetScheduled) {
    resetScheduled = true;
    setImmediate(() => {
      sentThisTurn = 0;
      resetScheduled = false;
    });
  }
}

/** Messages sent since the event loop last turned. */
export function messagesThisTurn(): number {
  return sentThisTurn;
}

/** A display whose every message is counted (see {@link SYNC_MESSAGE_BUDGET}). */
function counted(d: Display): Display {
  return {
    html: (s) => (noteMessageSent(), d.html(s)),
    markdown: (s) => (noteMessageSent(), d.markdown(s)),
    text: (s) => (noteMessageSent(), d.text(s)),
  };
}

function tslab(): TslabModule | undefined {
  if (!inNotebook()) return undefined;
  const t = require('tslab') as TslabModule;
  return { display: counted(t.display), newDisplay: () => counted(t.newDisplay()) };
}

/** How figures get plotly.js: `embed` (the bundle in the first output) or `serve` (loaded from Jupyter). */
export type BundleMode = 'embed' | 'serve';

/** `RNNLAB_PLOTLY=embed|serve`; `serve` when unset. */
export function bundleMode(): BundleMode {
  const raw = (process.env.RNNLAB_PLOTLY ?? '').trim();
  if (raw === '' || raw === 'serve') return 'serve';
  if (raw === 'embed') return 'embed';
  throw new Error(`RNNLAB_PLOTLY must be 'embed' or 'serve', got '${raw}'`);
}

let bundleSent = false;
let staticWritten = false;

/**
 * `<script>` that puts plotly.js into the page: under `embed`, the bundle itself on the first call of a
 * kernel session; otherwise empty (figures load it from the server themselves).
 */
export function bundleScript(mode: BundleMode = bundleMode()): string {
  if (mode === 'serve') {
    // The file the figures load; `npm start` writes it too, this covers a bundle upgraded since.
    if (!staticWritten && inNotebook()) writeStaticBundle();
    staticWritten = true;
    return '';
  }
  if (bundleSent) return '';
  bundleSent = true;
  // `</script` inside the bundle would end the tag early.
  const code = plotlyBundle().replace(/<\/script/gi, '<\\/script');
  return `<script type="text/javascript" data-rnnlab="plotly.js">${code}</script>`;
}

/** Puts the plotly.js bundle into the page as an output of its own, when the mode embeds it. */
export function ensureBundle(): void {
  const t = tslab();
  if (!t) return;
  const script = bundleScript();
  if (script) t.display.html(script);
}

/** Forgets that the bundle was embedded (under `embed`, the next figure carries it again). */
export function resetBundle(): void {
  bundleSent = false;
}

/**
 * The script that draws a figure: at once when `window.Plotly` exists, else after loading the bundle
 * from the Jupyter server (one request per page, shared by every figure on it).
 */
function drawScript(id: string, json: string): string {
  const url = `${STATIC_BUNDLE_URL_PATH}?v=${plotlyVersion()}`;
  return `(function () {
  var fig = ${json}, id = ${JSON.stringify(id)}, url = ${JSON.stringify(url)};
  function el() { return document.getElementById(id); }
  function draw() {
    var e = el();
    if (e) window.Plotly.newPlot(e, fig.data, fig.layout, { responsive: true, displaylogo: false });
  }
  if (window.Plotly) { draw(); return; }
  if (!window.rnnlabPlotly) {
    window.rnnlabPlotly = new Promise(function (resolve, reject) {
      var base = document.body.getAttribute('data-base-url');
      var cfg = document.getElementById('jupyter-config-data');
      if (!base && cfg) { try { base = JSON.parse(cfg.textContent).baseUrl; } catch (err) { base = ''; } }
      var s = document.createElement('script');
      s.src = (base || '/') + 'static/' + url;
      s.onload = function () { if (window.Plotly) resolve(); else reject(new Error(s.src)); };
      s.onerror = function () { window.rnnlabPlotly = undefined; reject(new Error(s.src)); };
      document.head.appendChild(s);
    });
  }
  window.rnnlabPlotly.then(draw, function (err) {
    var e = el();
    if (e) e.textContent = 'plotly.js is not loaded in this page and could not be loaded from ' +
      err.message + ': open the notebook through \`npm start\` (it serves the bundle), or run it ' +
      'with RNNLAB_PLOTLY=embed to put the bundle into the notebook.';
  });
})();`;
}

/** The HTML of a figure: a div and the script that draws it (loading plotly.js when the page lacks it). */
export function figureHtml(fig: Figure, id = `rnnlab-plot-${randomBytes(6).toString('hex')}`): string {
  const json = JSON.stringify(fig).replace(/</g, '\\u003c');
  const height = typeof fig.layout.height === 'number' ? fig.layout.height : 380;
  return `<div id="${id}" class="rnnlab-plot" style="width:100%;min-height:${height}px"></div>
<script type="text/javascript">${drawScript(id, json)}</script>`;
}

/** Shows a figure inline (in tslab) and returns it. */
export function show(fig: Figure): Figure {
  const t = tslab();
  if (t) t.display.html(bundleScript() + figureHtml(fig));
  return fig;
}

/** A display entry that can be overwritten (tslab's `newDisplay`), or `undefined` outside tslab. */
export function newDisplay(): Display | undefined {
  return tslab()?.newDisplay();
}

/** Shows markdown (rendered by Jupyter); outside tslab, prints it. */
export function markdown(text: string): void {
  const t = tslab();
  if (t) t.display.markdown(text);
  else console.log(text);
}

/**
 * A notice for the log, not the page: in a notebook it goes to the kernel's own stderr (the terminal
 * running Jupyter; tslab would show `process.stderr` as a red box in the cell), elsewhere to stderr.
 */
export function logNotice(text: string): void {
  if (inNotebook()) writeSync(2, text.endsWith('\n') ? text : text + '\n');
  else console.error(text);
}
