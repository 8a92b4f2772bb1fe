import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barFigure, heatmapFigure, lineFigure } from '../../src/plot/figure';
import { figureHtml, inNotebook } from '../../src/plot/show';
import { markdownTable, markdownToHtml } from '../../src/plot/markdown';
import { live } from '../../src/plot/live';

test('lineFigure makes one scatter trace per series, x defaulting to 0..n-1', () => {
  const fig = lineFigure({ title: 'loss', series: [{ name: 'train', y: [3, 2, 1] }, { name: 'val', x: [0, 2], y: [3.5, 2.5], dash: 'dash' }] });
  assert.equal(fig.data.length, 2);
  assert.deepEqual(fig.data[0]!.x, [0, 1, 2]);
  assert.deepEqual(fig.data[1]!.x, [0, 2]);
  assert.deepEqual(fig.data[1]!.line, { dash: 'dash' });
  assert.deepEqual(fig.layout.title, { text: 'loss' });
});

test('lineFigure names the bad series and value', () => {
  assert.throws(() => lineFigure({ series: [{ name: 'v', y: [1, NaN] }] }), /series 'v'.y\[1\] is NaN/);
  assert.throws(() => lineFigure({ series: [{ name: 'v', x: [0], y: [1, 2] }] }), /'v' has 1 x values and 2 y values/);
  assert.throws(() => lineFigure({ series: [] }), /at least one series/);
});

test('heatmapFigure checks label counts and keeps repeated labels distinct', () => {
  const fig = heatmapFigure({ z: [[1, 2], [3, 4]], x: ['the', 'the'], y: ['a', 'b'], annotate: true });
  const t = fig.data[0]!;
  assert.equal(new Set(t.x).size, 2);
  assert.deepEqual(t.text, [['1', '2'], ['3', '4']]);
  assert.throws(() => heatmapFigure({ z: [[1, 2], [3]] }), /row 1 has 1 values, row 0 has 2/);
  assert.throws(() => heatmapFigure({ z: [[1, 2]], x: ['a'] }), /1 column labels for 2 columns/);
});

test('heatmapFigure uses category axes only for labelled axes (plotly.js cannot draw unlabelled ones)', () => {
  const plain = heatmapFigure({ z: [[1, 2], [3, 4]] });
  assert.equal((plain.layout.xaxis as { type?: string }).type, undefined);
  assert.equal((plain.layout.yaxis as { type?: string }).type, undefined);
  const labelled = heatmapFigure({ z: [[1, 2], [3, 4]], x: ['a', 'b'], y: ['c', 'd'] });
  assert.equal((labelled.layout.xaxis as { type?: string }).type, 'category');
  assert.equal((labelled.layout.yaxis as { type?: string }).type, 'category');
});

test('barFigure checks one value per category', () => {
  assert.equal(barFigure({ x: ['a', 'b'], series: [{ name: 's', y: [1, 2] }] }).data[0]!.type, 'bar');
  assert.throws(() => barFigure({ x: ['a', 'b'], series: [{ name: 's', y: [1] }] }), /'s' has 1 values for 2 categories/);
});

test('figureHtml embeds the figure JSON safely and never a CDN', () => {
  const html = figureHtml(lineFigure({ title: '</script><b>', series: [{ name: 'a', y: [1] }] }), 'fig-1');
  assert.match(html, /id="fig-1"/);
  assert.doesNotMatch(html, /<\/script><b>/);
  assert.doesNotMatch(html, /cdn|https?:/);
});

test('markdown helpers render tables', () => {
  const table = markdownTable(['model', 'loss'], [['lstm', 1.23456], ['gru', 2]]);
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
  assert.deepEqual(fig.data.map((d) => [d.name, d.y]), [['train', [2, 1]], ['val', [1.5]]]);
  assert.throws(() => l.push('train', 2, Number.NaN), /must be numbers/);
});
