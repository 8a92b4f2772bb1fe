/**
 * A recurrent forecaster on the engine: one RNN/GRU/LSTM layer over the look-back and the horizon,
 * the regression head Ŷ = H W_y + b_y on the horizon's steps (`head.ts` is its float64 reference).
 *
 * Input at step i of origin t's sequence (L look-back steps, then H horizon steps), batch-major in
 * meaning, time-major in engine memory ([T·B, F], row s·B + b is step s of origin b):
 *
 *   x_i = [v_i, 0, calendar(i)]    look-back steps i = t−L+1 … t    (v_i: `problem.ts`)
 *   x_i = [0,   1, calendar(i)]    horizon steps   i = t+1 … t+H    (value unknown, flag set)
 *
 * The output at horizon step t+k is ẑ_{t+k}: H outputs from one pass, no prediction fed back — the
 * direct strategy. With H = 1 and {@link recursiveForecast} feeding predictions back, the recursive one.
 */
import {
  Dense,
  Engine,
  type CellType,
  RecurrentLayer,
  type Optimizer,
  clipGlobalNorm,
  type Parameter,
} from '../engine';
import { regressionLoss, type RegressionLoss } from '../nn';
import {
  calendarSize,
  type ForecastProblem,
  type Getter,
  inputValue,
  type ProblemScaling,
  targetValue,
} from './problem';

/** Options of {@link RecurrentForecaster}. */
export interface RecurrentForecasterOptions {
  cell: CellType;
  /** @default 32 */
  numHiddens?: number;
  /** Seed of the initial weights. @default 0 */
  seed?: number;
}

/** One training step's inputs. */
export interface ForecastStepOptions {
  loss: RegressionLoss;
  optimizer: Optimizer;
  lr: number;
  /** Global gradient-norm clip; 0 = none. */
  clip: number;
}

export class RecurrentForecaster {
  readonly layer: RecurrentLayer;
  readonly head: Dense;
  /** Features per step: value, horizon flag, calendar. */
  readonly numInputs: number;

  constructor(
    private readonly engine: Engine,
    readonly problem: ForecastProblem,
    readonly scaling: ProblemScaling,
    options: RecurrentForecasterOptions,
  ) {
    this.numInputs = 2 + calendarSize(problem);
    const numHiddens = options.numHiddens ?? 32,
      seed = options.seed ?? 0;
    this.layer = new RecurrentLayer(engine, {
      cell: options.cell,
      inputSize: this.numInputs,
      numHiddens,
      seed,
      name: options.cell,
    });
    this.head = new Dense(engine, { inputSize: numHiddens, units: 1, seed: seed + 1, name: 'head' });
  }

  /** The engine the model lives on (its optimizer must use the same). */
  get engineRef(): Engine {
    return this.engine;
  }

  get params(): Parameter[] {
    return [...this.layer.params, ...this.head.params];
  }

  /** X [T·B, F] time-major for origins `at` with getters `gets`, T = L + H. */
  private inputs(
    gets: readonly Getter[],
    at: readonly number[],
    lookback: number,
    horizon: number,
  ): Float32Array {
    const p = this.problem,
      F = this.numInputs,
      C = calendarSize(p),
      B = at.length,
      T = lookback + horizon;
    const X = new Float32Array(T * B * F);
    at.forEach((t, b) => {
      for (let s = 0; s < T; s++) {
        const i = t - lookback + 1 + s,
          o = (s * B + b) * F;
        if (s < lookback)
          X[o] = inputValue(p, this.scaling, gets[b]!, i); // [v_i, 0, …]
        else X[o + 1] = 1; // [0, 1, …]
        if (C > 0) X.set(p.calendar!.subarray(i * C, (i + 1) * C), o + 2);
      }
    });
    return X;
  }

  /**
   * Runs the layer and the head; returns Ŷ's address ([H·B] time-major, row k·B + b = ẑ of origin b at
   * step k+1) and the head's input address, with the tensors to free.
   */
  private forward(X: Float32Array, B: number, lookback: number, horizon: number) {
    const e = this.engine,
      T = lookback + horizon,
      d = this.layer.numHiddens;
    const Xt = e.tensor([T * B, this.numInputs], X);
    this.layer.forward({ X: Xt.ptr }, T, B);
    const Hf = this.layer.outputs() + 4 * lookback * B * d; // [H·B, numHiddens], the horizon steps
    const Yhat = e.tensor([horizon * B, 1]);
    this.head.forward(Hf, horizon * B, Yhat.ptr); // Ŷ = H W_y + b_y
    return { Xt, Hf, Yhat };
  }

  /** ẑ [B, H] (batch-major) for origins `at`, read through `gets`. */
  predictZ(
    gets: readonly Getter[],
    at: readonly number[],
    lookback: number,
    horizon: number,
    chunk = 512,
  ): Float64Array {
    const out = new Float64Array(at.length * horizon);
    for (let c0 = 0; c0 < at.length; c0 += chunk) {
      const idx = at.slice(c0, c0 + chunk),
        B = idx.length;
      const { Xt, Yhat } = this.forward(
        this.inputs(gets.slice(c0, c0 + chunk), idx, lookback, horizon),
        B,
        lookback,
        horizon,
      );
      const y = Yhat.toArray();
      for (let k = 0; k < horizon; k++)
        for (let b = 0; b < B; b++) out[(c0 + b) * horizon + k] = y[k * B + b]!;
      Xt.dispose();
      Yhat.dispose();
    }
    return out;
  }

  /** One update on the windows of `origins` (observed values); returns the loss J before the update. */
  trainStep(origins: readonly number[], lookback: number, horizon: number, o: ForecastStepOptions): number {
    const e = this.engine,
      B = origins.length,
      d = this.layer.numHiddens,
      T = lookback + horizon;
    const p = this.problem,
      get: Getter = (i) => p.y[i]!;
    for (const q of this.params) q.zeroGrad();
    const { Xt, Hf, Yhat } = this.forward(
      this.inputs(
        origins.map(() => get),
        origins,
        lookback,
        horizon,
      ),
      B,
      lookback,
      horizon,
    );
    const Z = new Float64Array(horizon * B); // [H·B] time-major, like Ŷ
    origins.forEach((t, b) => {
      for (let k = 0; k < horizon; k++) Z[k * B + b] = targetValue(p, this.scaling, t, k + 1);
    });
    const dY = new Float32Array(horizon * B);
    const J = regressionLoss(o.loss, Yhat.toArray(), Z, dY); // ∂J/∂Ŷ
    const dYt = e.tensor([horizon * B, 1], dY);
    const dOut = e.tensor([T * B, d]); // ∂J/∂H: zero on the look-back steps
    this.head.backward(Hf, dYt.ptr, horizon * B, dOut.ptr + 4 * lookback * B * d);
    this.layer.backward(dOut.ptr);
    if (o.clip > 0) clipGlobalNorm(e, this.params, o.clip);
    o.optimizer.step(this.params, o.lr);
    for (const t of [Xt, Yhat, dYt, dOut]) t.dispose();
    return J;
  }

  /** Copies of the parameter values (to keep the best on validation). */
  snapshot(): Float32Array[] {
    return this.params.map((q) => q.get());
  }

  /** Restores a {@link snapshot}. */
  restore(values: readonly Float32Array[]): void {
    this.params.forEach((q, i) => q.set(values[i]!));
  }

  dispose(): void {
    this.layer.dispose();
    this.head.dispose();
  }
}
