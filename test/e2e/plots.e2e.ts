// The first notebook, executed by the notebooks phase, exported to HTML by nbconvert and opened in
// headless Chromium: its plots must render as SVG with data in them, from a bundle embedded once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { chromium, chromiumFlags, jupyterPython, root } from './env';

const executed = path.join(root, 'build', 'executed', '00_getting_started.ipynb');

test('00_getting_started renders its plots in headless Chromium', () => {
  assert.ok(fs.existsSync(executed), `${executed} is missing: the notebooks phase writes it`);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-html-'));
  execFileSync(jupyterPython(), ['-m', 'nbconvert', '--to', 'html', '--output-dir', outDir, executed], { stdio: 'pipe' });
  const html = path.join(outDir, '00_getting_started.html');
  const page = fs.readFileSync(html, 'utf8');
  assert.equal(page.split('data-rnnlab="plotly.js"').length - 1, 1, 'the plotly.js bundle must be in the page exactly once');
  assert.doesNotMatch(page, /<script[^>]+src="[^"]*plotly/i, 'plotly.js must be embedded, not loaded from a URL');

  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-chrome-'));
  const dom = execFileSync(chromium(), [...chromiumFlags(profileDir), '--virtual-time-budget=20000', '--dump-dom', `file://${html}`,
  ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });

  const svgs = dom.match(/<svg class="main-svg"/g) ?? [];
  assert.ok(svgs.length >= 2, `expected plotly SVGs in the rendered page, found ${svgs.length}`);
  // The line chart: three traces whose paths have real coordinates.
  // (Legend swatches are paths too, `M5,0h30`; plotted data are polylines `M…L…`.)
  const lines = [...dom.matchAll(/<path class="js-line" d="(M[^"]+)"/g)].map((m) => m[1]!).filter((d) => d.includes('L'));
  assert.ok(lines.length >= 3, `expected ≥ 3 drawn data lines (sigmoid, tanh, relu), found ${lines.length}`);
  assert.ok(lines.some((d) => d.split('L').length > 10), 'no drawn line has more than 10 points (sigmoid and tanh should)');
  // The heatmap: an image of its cells, and the annotated values.
  assert.match(dom, /class="hm"/, 'the heatmap was not drawn');
  assert.match(dom, /data-unformatted="4\.50"/, 'the heatmap cell annotations (e.g. 3 × 1.5 = 4.50) were not drawn');
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.rmSync(profileDir, { recursive: true, force: true });
});

test('04_lstm, whose first figure is a live training curve, renders every plot after export', () => {
  const nb = path.join(root, 'build', 'executed', '04_lstm.ipynb');
  assert.ok(fs.existsSync(nb), `${nb} is missing: the notebooks phase writes it`);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-html-'));
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-chrome-'));
  try {
    execFileSync(jupyterPython(), ['-m', 'nbconvert', '--to', 'html', '--output-dir', outDir, nb], { stdio: 'pipe' });
    const dom = execFileSync(chromium(), [...chromiumFlags(profileDir), '--virtual-time-budget=20000', '--dump-dom', `file://${path.join(outDir, '04_lstm.html')}`,
    ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
    // (The message also appears inside each figure's script; what must not appear is a div showing it.)
    assert.doesNotMatch(dom, /class="rnnlab-plot[^"]*"[^>]*>plotly\.js is not loaded/, 'a figure was exported without the bundle');
    const plots = (dom.match(/class="rnnlab-plot[ "]/g) ?? []).length;
    const drawn = (dom.match(/class="rnnlab-plot js-plotly-plot"/g) ?? []).length;
    assert.ok(plots >= 4 && drawn === plots, `${plots} figures, ${drawn} drawn by plotly.js`);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(profileDir, { recursive: true, force: true });
  }
});
