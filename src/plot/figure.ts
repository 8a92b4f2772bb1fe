/**
 * Figures as plain plotly.js JSON (`{ data, layout }`), built by small typed functions. Building is
 * separate from showing (src/plot/show.ts), so a figure can be tested, saved or shown.
 */

/** One plotly trace; only the fields rnnlab uses are typed. */
export interface Trace {
  type: 'scatter' | 'heatmap' | 'bar';
  name?: string;
  x?: (number | string)[];
  y?: (number | string)[];
  z?: number[][];
  mode?: 'lines' | 'markers' | 'lines+markers' | 'text';
  text?: string[] | string[][];
  colorscale?: string;
  zmin?: number;
  zmax?: number;
  hovertemplate?: string;
  texttemplate?: string;
  line?: { dash?: 'solid' | 'dash' | 'dot'; width?: number };
}

/** A plotly figure. */
export interface Figure {
  data: Trace[];
  layout: Record<string, unknown>;
}

/** Options common to every figure. */
export interface FigureOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Pixel height. @default 380 */
  height?: number;
}

/** One line of a {@link line} chart: `y` against `x` (default 0, 1, 2, …). */
export interface Series {
  name: string;
  y: ArrayLike<number>;
  x?: ArrayLike<number>;
  /** @default 'lines' */
  mode?: 'lines' | 'markers' | 'lines+markers';
  dash?: 'solid' | 'dash' | 'dot';
}

/** Options of {@link line}. */
export interface LineOptions extends FigureOptions {
  series: Series[];
  /** Logarithmic y axis. @default false */
  logY?: boolean;
}

/** Options of {@link heatmap}: `z[row][column]`, labelled by `y` (rows) and `x` (columns). */
export interface HeatmapOptions extends FigureOptions {
  z: ArrayLike<number>[];
  x?: string[];
  y?: string[];
  /** @default 'Viridis' */
  colorscale?: string;
  /** Print each value in its cell (for small matrices such as confusion matrices). @default false */
  annotate?: boolean;
  zmin?: number;
  zmax?: number;
}

/** Options of {@link bar}: one group of bars per series over the categories `x`. */
export interface BarOptions extends FigureOptions {
  x: string[];
  series: { name: string; y: ArrayLike<number> }[];
}

function layout(o: FigureOptions, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: o.title ? { text: o.title } : undefined,
    xaxis: { title: { text: o.xLabel ?? '' }, ...((extra.xaxis as object | undefined) ?? {}) },
    yaxis: { title: { text: o.yLabel ?? '' }, ...((extra.yaxis as object | undefined) ?? {}) },
    height: o.height ?? 380,
    margin: { t: o.title ? 48 : 16, r: 16, b: 48, l: 64 },
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'xaxis' && k !== 'yaxis')),
  };
}

function finite(values: ArrayLike<number>, what: string): number[] {
  const out = Array.from(values);
  const bad = out.findIndex((v) => typeof v !== 'number' || Number.isNaN(v));
  if (bad >= 0) throw new Error(`${what}[${bad}] is ${String(out[bad])}, not a number`);
  return out;
}

/** A line chart with several series. */
export function lineFigure(o: LineOptions): Figure {
  if (o.series.length === 0) throw new Error('line: needs at least one series');
  const data: Trace[] = o.series.map((s) => {
    const y = finite(s.y, `series '${s.name}'.y`);
    const x = s.x ? finite(s.x, `series '${s.name}'.x`) : y.map((_, i) => i);
    if (x.length !== y.length)
      throw new Error(`line: series '${s.name}' has ${x.length} x values and ${y.length} y values`);
    const t: Trace = { type: 'scatter', mode: s.mode ?? 'lines', name: s.name, x, y };
    if (s.dash) t.line = { dash: s.dash };
    return t;
  });
  // Log axes label ticks as powers of ten (10⁻⁶), not SI prefixes (1μ), which read as units.
  return { data, layout: layout(o, o.logY ? { yaxis: { type: 'log', exponentformat: 'power' } } : {}) };
}

/** A heatmap with labelled axes; row 0 is drawn at the top, as a matrix is read. */
export function heatmapFigure(o: HeatmapOptions): Figure {
  const z = o.z.map((row, i) => finite(row, `z[${i}]`));
  const cols = z[0]?.length ?? 0;
  z.forEach((row, i) => {
    if (row.length !== cols) throw new Error(`heatmap: row ${i} has ${row.length} values, row 0 has ${cols}`);
  });
  if (o.x && o.x.length !== cols) throw new Error(`heatmap: ${o.x.length} column labels for ${cols} columns`);
  if (o.y && o.y.length !== z.length)
    throw new Error(`heatmap: ${o.y.length} row labels for ${z.length} rows`);
  // Plotly merges equal category labels; make repeated words (e.g. two "the") distinct by invisible suffixes.
  const uniq = (labels: string[]): string[] =>
    labels.map((l, i) => l + '\u200b'.repeat(labels.slice(0, i).filter((m) => m === l).length));
  const t: Trace = { type: 'heatmap', z, colorscale: o.colorscale ?? 'Viridis' };
  if (o.x) t.x = uniq(o.x);
  if (o.y) t.y = uniq(o.y);
  if (o.zmin !== undefined) t.zmin = o.zmin;
  if (o.zmax !== undefined) t.zmax = o.zmax;
  if (o.annotate) {
    t.text = z.map((row) => row.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(2))));
    t.texttemplate = '%{text}';
  }
  // Category axes only where labels are given: plotly.js 3 cannot draw a heatmap on a category axis
  // without them (createImageData of width 0 throws in the browser).
  const yaxis = { autorange: 'reversed', ...(o.y ? { type: 'category' } : {}) };
  return { data: [t], layout: layout(o, { yaxis, xaxis: o.x ? { type: 'category' } : {} }) };
}

/** A grouped bar chart. */
export function barFigure(o: BarOptions): Figure {
  const data: Trace[] = o.series.map((s) => {
    const y = finite(s.y, `series '${s.name}'.y`);
    if (y.length !== o.x.length)
      throw new Error(`bar: series '${s.name}' has ${y.length} values for ${o.x.length} categories`);
    return { type: 'bar', name: s.name, x: o.x, y };
  });
  return { data, layout: layout(o, { barmode: 'group' }) };
}
