/**
 * The one-call charts notebooks use: build the figure and show it inline. They return nothing, so a
 * chart as the last line of a cell prints no value; use `lineFigure` & co. to get the figure itself.
 */
import { BarOptions, HeatmapOptions, LineOptions, barFigure, heatmapFigure, lineFigure } from './figure';
import { show } from './show';

/** Shows a line chart (several series) */
export function line(options: LineOptions): void {
  show(lineFigure(options));
}

/** Shows a heatmap with labelled axes */
export function heatmap(options: HeatmapOptions): void {
  show(heatmapFigure(options));
}

/** Shows a grouped bar chart */
export function bar(options: BarOptions): void {
  show(barFigure(options));
}
