/**
 * A line chart that updates while a model trains: `push` points, the figure redraws at most every
 * `intervalMs` in one display entry (tslab's `newDisplay`), and `done()` draws the final state.
 * Outside a notebook it only collects the points; `figure()` returns them as a figure.
 *
 * A training loop runs synchronously, and Jupyter can take only so many messages before the event loop
 * turns (show.ts, SYNC_MESSAGE_BUDGET): within one synchronous stretch the interval doubles after every
 * {@link REDRAWS_PER_DOUBLING} messages, so a run of any length redraws about
 * 25·log₂(1 + duration / 12.5 s) times — about 320 in a day at the default 500 ms — and a redraw is
 * skipped when the budget is spent. `done()` always draws.
 */
import { Figure, FigureOptions, lineFigure } from './figure';
import { Display, ensureBundle, figureHtml, messagesThisTurn, newDisplay, SYNC_MESSAGE_BUDGET } from './show';

/** Messages of one synchronous stretch after which a live figure's redraw interval doubles. */
export const REDRAWS_PER_DOUBLING = 25;

/**
 * The redraw interval after `sent` messages in this synchronous stretch: `baseMs`·2^⌊sent / 25⌋, or
 * Infinity once the budget is spent.
 */
export function redrawInterval(baseMs: number, sent: number): number {
  if (sent >= SYNC_MESSAGE_BUDGET) return Infinity;
  return baseMs * 2 ** Math.floor(sent / REDRAWS_PER_DOUBLING);
}

/** Options of {@link live}. */
export interface LiveOptions extends FigureOptions {
  /** Minimum time between redraws. @default 500 */
  intervalMs?: number;
  logY?: boolean;
}

/** A live training-curve figure. */
export class LiveFigure {
  private readonly series = new Map<string, { x: number[]; y: number[] }>();
  private readonly display: Display | undefined;
  private last = 0;

  /** `display`: where it draws (tslab's newDisplay in a notebook; given by tests). */
  constructor(
    private readonly options: LiveOptions,
    display: Display | undefined = newDisplay(),
  ) {
    // The bundle goes into an output of its own: this figure's output is overwritten at every redraw,
    // and a saved or exported notebook keeps only its last state.
    ensureBundle();
    this.display = display;
    if (this.display) this.display.html('<div><i>waiting for the first point…</i></div>');
  }

  /** Adds the point (x, y) to the series `name` (created on first use). */
  push(name: string, x: number, y: number): void {
    if (!Number.isFinite(x) || Number.isNaN(y))
      throw new Error(`live.push('${name}'): x=${x}, y=${y} must be numbers`);
    let s = this.series.get(name);
    if (!s) this.series.set(name, (s = { x: [], y: [] }));
    s.x.push(x);
    s.y.push(y);
    const now = Date.now();
    if (now - this.last >= redrawInterval(this.options.intervalMs ?? 500, messagesThisTurn())) this.redraw();
  }

  /** The figure with every point so far. */
  figure(): Figure {
    return lineFigure({
      ...this.options,
      series: [...this.series].map(([name, s]) => ({
        name,
        x: s.x,
        y: s.y,
        mode: s.x.length === 1 ? 'markers' : 'lines',
      })),
    });
  }

  /** Draws the final state (use {@link figure} for the figure itself). */
  done(): void {
    this.redraw();
  }

  private redraw(): void {
    this.last = Date.now();
    if (this.display && this.series.size > 0) this.display.html(figureHtml(this.figure()));
  }
}

/** Starts a live figure: `const l = plot.live({ title: 'loss' }); l.push('train', step, loss); l.done();` */
export function live(options: LiveOptions = {}): LiveFigure {
  return new LiveFigure(options);
}
