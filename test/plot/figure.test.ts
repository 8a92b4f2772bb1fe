import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barFigure, heatmapFigure, lineFigure } from '../../src/plot/figure';
import { bundleMode, bundleScript, figureHtml, inNotebook, resetBundle } from '../../src/plot/show';
import {
  STATIC_BUNDLE_URL_PATH,
  plotlyBundle,
  plotlyVersion,
  writeStaticBundle,
} from '../../src/plot/bundle';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markdownTable, markdownToHtml } from '../../src/plot/markdown';
import { live } from '../../src/plot/live';

test('lineFigure makes one scatter trace per series, x defaulting to 0..n-1', () => {
  const fig = lineFigure({
    title: 'loss',
    series: [
      { name: 'train', y: [3, 2, 1] },
      { name: 'val', x: [0, 2], y: [3.5, 2.5], dash: 'dash' },
    ],
  });
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0]!.x, [0, 1, 2]);
  assert.deepEqual(fig.data[1]!.x, [0, 2]);
  assert.deepEqual(fig.data[1]!.line, { dash: 'dash' });
  assert.deepEqual(fig.layout.title, { text: 'loss' });
});

test('lineFigure names the bad series and value', () => {
  assert.throws(() => lineFigure({ series: [{ name: 'v', y: [1, NaN] }] }), /series 'v'.y\[1\] is NaN/);
  assert.throws(
    () => lineFigure({ series: [{ name: 'v', x: [0], y: [1, 2] }] }),
    /'v' has 1 x values and 2 y values/,
  );
  assert.throws(() => lineFigure({ series: [] }), /at least one series/);
});

test('heatmapFigure checks label counts and keeps repeated labels distinct', () => {
  const fig = heatmapFigure({
    z: [
      [1, 2],
      [3, 4],
    ],
    x: ['the', 'the'],
    y: ['a', 'b'],
    annotate: true,
  });
  const t = fig.data[0]!;
  assert.equal(new Set(t.x).size, 2);
  assert.deepEqual(t.text, [
    ['1', '2'],
    ['3', '4'],
  ]);
  assert.throws(() => heatmapFigure({ z: [[1, 2], [3]] }), /row 1 has 1 values, row 0 has 2/);
  assert.throws(() => heatmapFigure({ z: [[1, 2]], x: ['a'] }), /1 column labels for 2 columns/);
});

test('heatmapFigure uses category axes only for labelled axes (plotly.js cannot draw unlabelled ones)', () => {
  const plain = heatmapFigure({
    z: [
      [1, 2],
      [3, 4],
    ],
  });
  assert.equal((plain.layout.xaxis as { type?: string }).type, undefined);
  assert.equal((plain.layout.yaxis as { type?: string }).type, undefined);
  const labelled = heatmapFigure({
    z: [
      [1, 2],
      [3, 4],
    ],
    x: ['a', 'b'],
    y: ['c', 'd'],
  });
  assert.equal((labelled.layout.xaxis as { type?: string }).type, 'category');
  assert.equal((labelled.layout.yaxis as { type?: string }).type, 'category');
});

test('barFigure checks one value per category', () => {
  assert.equal(barFigure({ x: ['a', 'b'], series: [{ name: 's', y: [1, 2] }] }).data[0]!.type, 'bar');
  assert.throws(
    () => barFigure({ x: ['a', 'b'], series: [{ name: 's', y: [1] }] }),
    /'s' has 1 values for 2 categories/,
  );
});

test('figureHtml embeds the figure JSON safely and never a CDN', () => {
  const html = figureHtml(lineFigure({ title: '</script><b>', series: [{ name: 'a', y: [1] }] }), 'fig-1');
  assert.match(html, /id="fig-1"/);
  assert.doesNotMatch(html, /<\/script><b>/);
  assert.doesNotMatch(html, /cdn|https?:/);
});

test('markdown helpers render tables', () => {
  const table = markdownTable(
    ['model', 'loss'],
    [
      ['lstm', 1.23456],
      ['gru', 2],
    ],
  );
  assert.equal(table.split('\n')[2], '| lstm | 1.235 |');
  assert.match(markdownToHtml(table), /<table>[\s\S]*<td>lstm<\/td>/);
  assert.throws(() => markdownTable(['a'], [[1, 2]]), /row 0 has 2 cells, the header has 1/);
});

test('outside a notebook, live figures collect points', () => {
  assert.equal(inNotebook(), false);
  const l = live({ title: 't' });
  l.push('train', 0, 2);
  l.push('train', 1, 1);
  l.push('val', 1, 1.5);
  l.done();
  const fig = l.figure();
  assert.deepEqual(
    fig.data.map((d) => [d.name, d.y]),
    [
      ['train', [2, 1]],
      ['val', [1.5]],
    ],
  );
  assert.throws(() => l.push('train', 2, Number.NaN), /must be numbers/);
});

test('a log axis labels its ticks with powers of ten, not SI prefixes', () => {
  const fig = lineFigure({ logY: true, series: [{ name: 'loss', y: [1e-9, 1e-3, 1] }] });
  assert.deepEqual(fig.layout.yaxis, { title: { text: '' }, type: 'log', exponentformat: 'power' });
  assert.equal(
    (lineFigure({ series: [{ name: 'a', y: [1] }] }).layout.yaxis as { type?: string }).type,
    undefined,
  );
});

test("a figure's output carries its data and a loader for the served bundle, not the bundle", () => {
  const html = figureHtml(lineFigure({ series: [{ name: 'a', y: [1, 2] }] }), 'fig-2');
  assert.ok(html.length < 5000, `a figure's HTML is ${html.length} characters`);
  assert.ok(
    html.includes(`'static/' + url`) && html.includes(`${STATIC_BUNDLE_URL_PATH}?v=${plotlyVersion()}`),
    'the loader requests static/rnnlab/plotly.min.js?v=<version>',
  );
  assert.match(
    html,
    /if \(window\.Plotly\) \{ draw\(\); return; \}/,
    'a page that has plotly.js draws at once',
  );
  assert.doesNotMatch(html, /data-rnnlab="plotly\.js"/);
});

test('RNNLAB_PLOTLY: embed puts the bundle into the first output only; serve never', () => {
  const saved = process.env.RNNLAB_PLOTLY;
  try {
    delete process.env.RNNLAB_PLOTLY;
    assert.equal(bundleMode(), 'serve');
    process.env.RNNLAB_PLOTLY = 'embed';
    assert.equal(bundleMode(), 'embed');
    process.env.RNNLAB_PLOTLY = 'cdn';
    assert.throws(() => bundleMode(), /RNNLAB_PLOTLY must be 'embed' or 'serve', got 'cdn'/);
  } finally {
    if (saved === undefined) delete process.env.RNNLAB_PLOTLY;
    else process.env.RNNLAB_PLOTLY = saved;
  }
  assert.equal(bundleScript('serve'), '');
  resetBundle();
  const first = bundleScript('embed');
  assert.equal(first.split('data-rnnlab="plotly.js"').length - 1, 1);
  assert.ok(first.length > plotlyBundle().length, 'the first output carries the whole bundle');
  assert.doesNotMatch(
    first.slice(8, -9),
    /<\/script/i,
    'no </script inside the bundle may end the tag early',
  );
  assert.equal(bundleScript('embed'), '', 'the second output does not');
  resetBundle();
});

test('the served bundle file is the bundle', () => {
  const file = writeStaticBundle();
  assert.ok(file.endsWith(STATIC_BUNDLE_URL_PATH.split('/').join(path.sep)));
  assert.equal(fs.readFileSync(file, 'utf8'), plotlyBundle());
});
