/**
 * The one budgeted training loop every task uses (lm, seq2seq, classify, the nn classifier): a step
 * budget, a time budget or both; a stop with an error when the loss is not finite (divergence); the
 * mean loss of the last steps (smoothed); a progress bar, a live-plot hook and a step callback; and
 * periodic checkpoints (written atomically by the caller through src/train/checkpoint.ts).
 *
 * Only the steps' own time counts toward the time budget: what the callbacks do (validation, plots,
 * checkpoints) is not training time. A task keeps its batches, its model and its RNG; the loop only
 * decides when to stop and reports, so the steps and the random draws are the task's own.
 *
 *     const loop = new TrainingLoop({ maxSteps: 100, onStep: (i) => console.log(i.smoothLoss) });
 *     while (loop.running) loop.step(() => model.trainStep(nextBatch()).loss);
 *     const { steps, trainLoss } = loop.result();
 */
import type { Progress } from './progress';

/** Progress after one step. */
export interface LoopStepInfo {
  /** Steps done, this one included (1 after the first). */
  step: number;
  /** Training seconds so far (the steps' own time). */
  elapsed: number;
  /** This step's loss (before its update). */
  loss: number;
  /** Mean loss of the last `smoothWindow` steps. */
  smoothLoss: number;
}

/** Options of {@link TrainingLoop}. */
export interface TrainingLoopOptions {
  /** Stop after this many training seconds. @default no time budget */
  seconds?: number;
  /** Stop after this many steps. @default no step budget */
  maxSteps?: number;
  /**
   * The caller's name for error messages; when given, a budget is required (seconds, maxSteps or
   * both). @default none: a loop without a budget runs until the caller stops calling `step`
   */
  what?: string;
  /** Steps in the smoothed loss. @default 50 */
  smoothWindow?: number;
  /** Called after every step. */
  onStep?(info: LoopStepInfo): void;
  /** A progress bar: advanced by seconds with a time budget, else by steps. */
  progress?: Progress;
  /** A live-plot hook (e.g. `(i) => figure.add('loss', i.step, i.smoothLoss)`), called after `onStep`. */
  plot?(info: LoopStepInfo): void;
  /** Call `onCheckpoint` every this many training seconds (0: never). @default 0 */
  checkpointEvery?: number;
  /** Saves the model mid-training (atomically, through src/train/checkpoint.ts); not training time. */
  onCheckpoint?(info: LoopStepInfo): void;
  /** The clock, in milliseconds (tests pass a fake one). @default Date.now */
  now?(): number;
}

/** What {@link TrainingLoop.result} returns. */
export interface LoopResult {
  steps: number;
  /** Training seconds (the steps' own time). */
  seconds: number;
  /** CPU seconds (user + system, whole process) spent in those seconds; NaN where the runtime cannot tell (a browser). */
  cpuSeconds: number;
  /** Mean loss of the last `smoothWindow` steps (NaN before the first step). */
  trainLoss: number;
  /** Every step's loss. */
  losses: number[];
}

/** The process's CPU time (since `since`), or undefined where there is no `process` (a browser's worker). */
function cpuUsage(since?: NodeJS.CpuUsage): NodeJS.CpuUsage | undefined {
  return typeof process === 'undefined' ? undefined : process.cpuUsage(since);
}

/** The budget, divergence stop, smoothing and callbacks of a training run (see the file comment). */
export class TrainingLoop {
  private trainedMs = 0;
  private cpuMicros = 0;
  private lastCheckpoint = 0;
  private smooth = Number.NaN;
  readonly losses: number[] = [];
  private readonly window: number;

  constructor(private readonly o: TrainingLoopOptions = {}) {
    if (o.what !== undefined && o.seconds === undefined && o.maxSteps === undefined) {
      throw new Error(`${o.what}: give seconds or maxSteps (or both)`);
    }
    if (o.seconds !== undefined && !(o.seconds > 0)) throw new Error(`seconds must be > 0, got ${o.seconds}`);
    if (o.maxSteps !== undefined && !(Number.isInteger(o.maxSteps) && o.maxSteps >= 0)) {
      throw new Error(`maxSteps must be an integer ≥ 0, got ${o.maxSteps}`);
    }
    const every = o.checkpointEvery ?? 0;
    if (!(every >= 0 && Number.isFinite(every))) {
      throw new Error(
        `checkpointEvery must be a finite number of seconds ≥ 0 (0: never), got ${o.checkpointEvery}`,
      );
    }
    this.window = o.smoothWindow ?? 50;
    if (!(Number.isInteger(this.window) && this.window >= 1)) {
      throw new Error(`smoothWindow must be an integer ≥ 1, got ${o.smoothWindow}`);
    }
  }

  private now(): number {
    return this.o.now ? this.o.now() : Date.now();
  }

  /** Steps done so far. */
  get steps(): number {
    return this.losses.length;
  }

  /** Training seconds so far. */
  get elapsed(): number {
    return this.trainedMs / 1000;
  }

  /** Whether the budget allows another step. */
  get running(): boolean {
    const { maxSteps, seconds } = this.o;
    return (
      (maxSteps === undefined || this.steps < maxSteps) && (seconds === undefined || this.elapsed < seconds)
    );
  }

  /** Runs one step (`run` returns its loss), timed; then the callbacks. Throws when the loss is not finite. */
  step(run: () => number): LoopStepInfo {
    const t0 = this.now(),
      c0 = cpuUsage();
    const loss = run();
    return this.record(loss, t0, c0);
  }

  /** {@link step} for a step that returns a promise (tfjs's `trainOnBatch`). */
  async stepAsync(run: () => Promise<number>): Promise<LoopStepInfo> {
    const t0 = this.now(),
      c0 = cpuUsage();
    const loss = await run();
    return this.record(loss, t0, c0);
  }

  private record(loss: number, t0: number, c0: NodeJS.CpuUsage | undefined): LoopStepInfo {
    if (!Number.isFinite(loss)) throw new Error(`training diverged at step ${this.steps + 1}: loss ${loss}`);
    this.trainedMs += this.now() - t0;
    const c = c0 && cpuUsage(c0);
    this.cpuMicros += c ? c.user + c.system : NaN;
    this.losses.push(loss);
    const tail = this.losses.slice(-this.window);
    this.smooth = tail.reduce((a, b) => a + b, 0) / tail.length;
    const info: LoopStepInfo = { step: this.steps, elapsed: this.elapsed, loss, smoothLoss: this.smooth };
    this.o.onStep?.(info);
    this.o.progress?.update(this.o.seconds !== undefined ? info.elapsed : info.step, {
      step: info.step,
      loss: info.smoothLoss,
    });
    this.o.plot?.(info);
    const every = this.o.checkpointEvery ?? 0;
    if (every > 0 && info.elapsed - this.lastCheckpoint >= every) {
      this.lastCheckpoint = info.elapsed;
      this.o.onCheckpoint?.(info);
    }
    return info;
  }

  /** The figures of the run so far. */
  result(): LoopResult {
    return {
      steps: this.steps,
      seconds: this.elapsed,
      cpuSeconds: this.cpuMicros / 1e6,
      trainLoss: this.smooth,
      losses: this.losses,
    };
  }
}
