/**
 * The linear models of the chapter, fitted by least squares in closed form (`linear.ts`) on the same
 * target as the networks (`problem.ts`):
 *
 *   AR(p)              ẑ_{t+1} = c + Σ_{i=1}^{p} φ_i v_{t−i+1}
 *   AR(p) + calendar   ẑ_{t+1} = c + Σ_{i=1}^{p} φ_i v_{t−i+1} + γ · calendar(t+1)
 *
 * With level inputs and m ≤ p this is the textbook AR(p) on y (the reference y_{t+1−m} is one of the
 * lags); with difference inputs it is AR(p) on the returns. Multi-step forecasts are recursive.
 */
import { leastSquares, linearPredict } from './linear';
import {
  calendarSize,
  type ForecastProblem,
  type Getter,
  inputValue,
  type ProblemScaling,
  recursiveForecast,
  targetValue,
} from './problem';

/** A fitted linear model. */
export interface LinearForecaster {
  /** [c, φ_1 … φ_p, γ…] */
  beta: Float64Array;
  lookback: number;
  withCalendar: boolean;
}

/** The regressors of origin t: [1, v_{t−p+1} … v_t, calendar(t+1)?]. */
export function linearRow(
  p: ForecastProblem,
  s: ProblemScaling,
  get: Getter,
  t: number,
  lookback: number,
  withCalendar: boolean,
): Float64Array {
  const C = withCalendar ? calendarSize(p) : 0;
  const row = new Float64Array(1 + lookback + C);
  row[0] = 1;
  for (let i = 0; i < lookback; i++) row[1 + i] = inputValue(p, s, get, t - lookback + 1 + i);
  if (C > 0) row.set(p.calendar!.subarray((t + 1) * C, (t + 2) * C), 1 + lookback);
  return row;
}

/** Fits ẑ_{t+1} on the training origins by least squares. */
export function fitLinearForecaster(
  p: ForecastProblem,
  s: ProblemScaling,
  origins: readonly number[],
  lookback: number,
  withCalendar: boolean,
): LinearForecaster {
  if (withCalendar && p.calendar === undefined)
    throw new Error(`fitLinearForecaster: ${p.name} has no calendar features`);
  const width = 1 + lookback + (withCalendar ? calendarSize(p) : 0);
  const X = new Float64Array(origins.length * width),
    z = new Float64Array(origins.length);
  const get: Getter = (i) => p.y[i]!;
  origins.forEach((t, r) => {
    X.set(linearRow(p, s, get, t, lookback, withCalendar), r * width);
    z[r] = targetValue(p, s, t, 1);
  });
  return { beta: leastSquares(X, z, width), lookback, withCalendar };
}

/** Recursive forecasts of a linear model, [origins, H] row-major. */
export function linearForecasts(
  f: LinearForecaster,
  p: ForecastProblem,
  s: ProblemScaling,
  origins: readonly number[],
  horizon: number,
): Float64Array {
  return recursiveForecast(p, s, origins, f.lookback, horizon, (gets, at) =>
    at.map((t, b) => linearPredict(f.beta, linearRow(p, s, gets[b]!, t, f.lookback, f.withCalendar))),
  );
}
