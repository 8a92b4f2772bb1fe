/**
 * What a model is asked and what it sees. A forecasting problem is a series y (births; a log price),
 * its season m, how the look-back enters a model (levels, or first differences — log returns for a
 * log price), and optional calendar features known in advance.
 *
 * Every learned model (the AR fit and the recurrent networks) predicts the same scaled target, the
 * departure from the seasonal naive forecast:
 *
 *   z_{t+k} = (y_{t+k} − r_{t,k}) / σ,    r_{t,k} = y_{t+k−m⌈k/m⌉},    ŷ_{t+k} = r_{t,k} + σ ẑ_{t+k}
 *
 * with σ the standard deviation of y_j − y_{j−m} over the training part. For m = 1 the reference is
 * the last value and z is the (scaled) change: for a log price, the log return — so a model that
 * learns nothing predicts ẑ ≈ 0, which IS the random walk's forecast.
 *
 * Inputs at look-back step i: v_i = (y_i − μ)/s (levels) or (y_i − y_{i−1} − μ)/s (differences),
 * μ and s fitted on the training part only; calendar(i) when the problem has a calendar.
 */
import type { DatedSeries } from '../data';
import { calendarFeatures, CALENDAR_FEATURES } from './calendar';
import { fitScaler, type Scaler } from './scaling';

/** A series framed for forecasting. */
export interface ForecastProblem {
  name: string;
  dates: string[];
  /** The series forecast: births per day, or the logarithm of a price. */
  y: Float64Array;
  /** Season m of the reference and of MASE's scale (7 for daily births; 1 for prices). */
  period: number;
  /** How the look-back enters a model: levels y_i, or differences y_i − y_{i−1}. */
  inputs: 'level' | 'difference';
  /** Calendar features [n, CALENDAR_FEATURES], known for future days too; undefined: none. */
  calendar?: Float64Array;
  /** y is the logarithm of a price: report prices as exp(y). */
  logPrice: boolean;
}

/** Births: levels, m = 7, with the calendar (day of week, day of year, holidays). */
export function birthsProblem(series: DatedSeries): ForecastProblem {
  return {
    name: series.name,
    dates: series.dates,
    y: series.values,
    period: 7,
    inputs: 'level',
    calendar: calendarFeatures(series.dates),
    logPrice: false,
  };
}

/** A price: its logarithm, m = 1 (the random walk as reference), log returns as inputs, no calendar. */
export function priceProblem(series: DatedSeries): ForecastProblem {
  const y = series.values.map((v, i) => {
    if (!(v > 0))
      throw new Error(
        `priceProblem: ${series.name} has a non-positive price ${v} on ${series.dates[i]}; ` +
          'its logarithm is undefined',
      );
    return Math.log(v);
  });
  return { name: series.name, dates: series.dates, y, period: 1, inputs: 'difference', logPrice: true };
}

/** How many calendar features a problem has. */
export function calendarSize(p: ForecastProblem): number {
  return p.calendar === undefined ? 0 : CALENDAR_FEATURES;
}

/** The scaling statistics of a problem, from [0, end) only. */
export interface ProblemScaling {
  input: Scaler;
  /** σ of the target z. */
  targetStd: number;
}

/**
 * Fits the input scaler and σ on y[0, end) — the training part. (`end = n` is the leak the notebook
 * measures.)
 */
export function fitProblemScaling(p: ForecastProblem, end: number): ProblemScaling {
  const m = p.period;
  const seasonalDiff = Float64Array.from({ length: end - m }, (_, j) => p.y[j + m]! - p.y[j]!);
  const input =
    p.inputs === 'level'
      ? fitScaler(p.y, end)
      : fitScaler(Float64Array.from({ length: end - 1 }, (_, j) => p.y[j + 1]! - p.y[j]!));
  return { input, targetStd: fitScaler(seasonalDiff).std };
}

/** Values needed before a look-back of L: one for a difference, and enough for the seasonal reference. */
export function originExtra(p: ForecastProblem, lookback: number): number {
  return Math.max(p.inputs === 'difference' ? 1 : 0, p.period - lookback, 0);
}

/** y_i for a model at an origin: observed values up to the origin, its own predictions after. */
export type Getter = (i: number) => number;

/** The reference r_{t,k} = y_{t+k−m⌈k/m⌉}. */
export function reference(get: Getter, t: number, k: number, m: number): number {
  return get(t + k - m * Math.ceil(k / m));
}

/** The scaled value input v_i. */
export function inputValue(p: ForecastProblem, s: ProblemScaling, get: Getter, i: number): number {
  const x = p.inputs === 'level' ? get(i) : get(i) - get(i - 1);
  return (x - s.input.mean) / s.input.std;
}

/** The scaled target z_{t+k} of origin t (observed values only). */
export function targetValue(p: ForecastProblem, s: ProblemScaling, t: number, k: number): number {
  const get: Getter = (i) => p.y[i]!;
  return (p.y[t + k]! - reference(get, t, k, p.period)) / s.targetStd;
}

/**
 * Recursive multi-step forecasts ŷ_{t+1} … ŷ_{t+H} for many origins at once. `oneStep` receives one
 * getter per origin (observed values up to the origin, then the predictions so far) and the origins
 * advanced by k−1 steps, and returns the scaled one-step forecasts ẑ; each is turned into ŷ and fed
 * back. Returns [origins, H] row-major.
 */
export function recursiveForecast(
  p: ForecastProblem,
  s: ProblemScaling,
  origins: readonly number[],
  lookback: number,
  horizon: number,
  oneStep: (gets: Getter[], at: number[]) => ArrayLike<number>,
): Float64Array {
  const back = lookback + originExtra(p, lookback) + p.period;
  const bufs = origins.map((t) => {
    const base = t - back + 1;
    const buf = new Float64Array(back + horizon);
    for (let i = Math.max(base, 0); i <= t; i++) buf[i - base] = p.y[i]!;
    return { base, buf };
  });
  const gets: Getter[] = bufs.map(({ base, buf }) => (i) => {
    if (i < base) throw new Error(`recursiveForecast: index ${i} is before the buffer start ${base}`);
    return buf[i - base]!;
  });
  const out = new Float64Array(origins.length * horizon);
  for (let k = 1; k <= horizon; k++) {
    const at = origins.map((t) => t + k - 1);
    const z = oneStep(gets, at);
    origins.forEach((t, b) => {
      const yHat = reference(gets[b]!, at[b]!, 1, p.period) + s.targetStd * z[b]!;
      bufs[b]!.buf[t + k - bufs[b]!.base] = yHat;
      out[b * horizon + k - 1] = yHat;
    });
  }
  return out;
}
