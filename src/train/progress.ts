/**
 * Progress of a long computation: a bar that redraws in place on a terminal (stderr, so `--json`
 * output on stdout stays clean), a line every `logEveryMs` when stderr is not a terminal (CI logs),
 * and an HTML progress bar that updates in place inside a notebook.
 */
import { inNotebook, newDisplay, Display } from '../plot';

/** Options of {@link progress}. */
export interface ProgressOptions {
  /** What is progressing, e.g. 'epoch 3' or 'training'. */
  label: string;
  /** The amount that means done (steps, seconds, …). */
  total: number;
  /** Unit shown after the counts. @default '' */
  unit?: string;
  /** Minimum time between redraws on a terminal or in a notebook. @default 200 */
  intervalMs?: number;
  /** Minimum time between lines when stderr is not a terminal. @default 10000 */
  logEveryMs?: number;
  /** Print nothing at all. @default false */
  silent?: boolean;
}

type Info = Record<string, number | string>;

function formatInfo(info: Info | undefined): string {
  if (!info) return '';
  return Object.entries(info)
    .map(([k, v]) => `${k} ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toPrecision(4)) : v}`)
    .join(' · ');
}

function formatTime(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const m = Math.floor(s / 60);
  return m > 0
    ? `${m}m${Math.round(s % 60)
        .toString()
        .padStart(2, '0')}s`
    : `${s.toFixed(1)}s`;
}

/** A progress display; see {@link progress}. */
export class Progress {
  private readonly start = Date.now();
  private last = 0;
  private current = 0;
  private readonly display: Display | undefined;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(private readonly o: ProgressOptions) {
    if (!(o.total > 0)) throw new Error(`progress '${o.label}': total must be > 0, got ${o.total}`);
    this.display = o.silent ? undefined : inNotebook() ? newDisplay() : undefined;
  }

  /** Advances by `n` and redraws if due. */
  tick(n = 1, info?: Info): void {
    this.update(this.current + n, info);
  }

  /** Sets the amount done and redraws if due. */
  update(done: number, info?: Info): void {
    this.current = Math.min(done, this.o.total);
    const now = Date.now();
    const every = this.display || this.tty ? (this.o.intervalMs ?? 200) : (this.o.logEveryMs ?? 10000);
    if (now - this.last >= every) this.draw(info, false);
  }

  /** Draws the final state (and ends the terminal line). */
  done(info?: Info): void {
    this.draw(info, true);
  }

  /** The line that would be shown now. */
  text(info?: Info): string {
    const frac = this.current / this.o.total;
    const elapsed = (Date.now() - this.start) / 1000;
    const eta = frac > 0 ? (elapsed * (1 - frac)) / frac : Infinity;
    const width = 24;
    const filled = Math.round(frac * width);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const unit = this.o.unit ? ` ${this.o.unit}` : '';
    const counts = `${+this.current.toFixed(2)}/${this.o.total}${unit}`;
    const extra = formatInfo(info);
    return `${this.o.label} ${bar} ${(frac * 100).toFixed(0).padStart(3)}% ${counts} · ${formatTime(elapsed)} elapsed, ${formatTime(eta)} left${extra ? ' · ' + extra : ''}`;
  }

  private draw(info: Info | undefined, final: boolean): void {
    this.last = Date.now();
    if (this.o.silent) return;
    const line = this.text(info);
    if (this.display) {
      const pct = ((100 * this.current) / this.o.total).toFixed(1);
      const esc = line.replace(/&/g, '&amp;').replace(/</g, '&lt;');
      this.display.html(
        `<div style="font-family:monospace"><progress value="${pct}" max="100" style="width:14em"></progress> ${esc}</div>`,
      );
    } else if (this.tty) {
      process.stderr.write(`\r${line}\x1b[K${final ? '\n' : ''}`);
    } else {
      process.stderr.write(line + '\n');
    }
  }
}

/** Starts a progress display: `const p = progress({ label: 'training', total: 100, unit: 'steps' }); p.tick(); p.done();` */
export function progress(options: ProgressOptions): Progress {
  return new Progress(options);
}
