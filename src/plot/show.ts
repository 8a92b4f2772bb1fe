/**
 * Showing figures inline in tslab. The plotly.js bundle goes into the page once per kernel session
 * (the first figure carries it), every figure after that only carries its data. Outside a tslab
 * kernel (CLI, tests) showing does nothing and the figure is simply returned.
 */
import { randomBytes } from 'node:crypto';
import { Figure } from './figure';
import { plotlyBundle } from './bundle';

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

function tslab(): TslabModule | undefined {
  return inNotebook() ? (require('tslab') as TslabModule) : undefined;
}

let bundleSent = false;

/** `<script>` that loads plotly.js into the page, once; empty after the first call in a session. */
export function bundleScript(): string {
  if (bundleSent) return '';
  bundleSent = true;
  // `</script` inside the bundle would end the tag early.
  return `<script type="text/javascript" data-rnnlab="plotly.js">${plotlyBundle().replace(/<\/script/gi, '<\\/script')}</script>`;
}

/** Puts the plotly.js bundle into the page as an output of its own, unless this session already did. */
export function ensureBundle(): void {
  const t = tslab();
  if (t && !bundleSent) t.display.html(bundleScript());
}

/** Forgets that the bundle was sent (the page was reloaded; the next figure carries it again). */
export function resetBundle(): void {
  bundleSent = false;
}

/** The HTML of a figure: a div and the script that draws it once plotly.js is in the page. */
export function figureHtml(fig: Figure, id = `rnnlab-plot-${randomBytes(6).toString('hex')}`): string {
  const json = JSON.stringify(fig).replace(/</g, '\\u003c');
  const height = typeof fig.layout.height === 'number' ? fig.layout.height : 380;
  return `<div id="${id}" class="rnnlab-plot" style="width:100%;min-height:${height}px"></div>
<script type="text/javascript">(function () {
  var fig = ${json}, tries = 0;
  function draw() {
    var el = document.getElementById(${JSON.stringify(id)});
    if (!el) return;
    if (window.Plotly) { window.Plotly.newPlot(el, fig.data, fig.layout, { responsive: true, displaylogo: false }); return; }
    if (tries++ < 200) { setTimeout(draw, 50); return; }
    el.textContent = 'plotly.js is not loaded in this page: run plot.resetBundle() and show the figure again, or restart the kernel and run all cells.';
  }
  draw();
})();</script>`;
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
