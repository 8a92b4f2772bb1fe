/**
 * The forecasts a learned model must beat, written out. Each takes the series y and an origin t (the
 * last observed index) and returns ŷ_{t+1} … ŷ_{t+H}, using y_0 … y_t only.
 *
 *   naive           ŷ_{t+h} = y_t                                   (the random walk's forecast)
 *   seasonal naive  ŷ_{t+h} = y_{t+h−m·k},  k = ⌈h/m⌉               (same day last week: m = 7)
 *   drift           ŷ_{t+h} = y_t + h (y_t − y_0) / t               (the line through y_0 and y_t)
 *
 * The linear autoregression AR(p) is fitted by least squares in closed form in `linear.ts`.
 */

/** naive: ŷ_{t+h} = y_t for h = 1 … H. */
export function naiveForecast(y: ArrayLike<number>, t: number, horizon: number): Float64Array {
  checkOrigin(y, t, 0, 'naiveForecast');
  return new Float64Array(horizon).fill(y[t]!);
}

/** seasonal naive: ŷ_{t+h} = y_{t+h−m⌈h/m⌉}, the last observed value of the same season. */
export function seasonalNaiveForecast(
  y: ArrayLike<number>,
  t: number,
  horizon: number,
  m: number,
): Float64Array {
  if (!Number.isInteger(m) || m < 1)
    throw new Error(`seasonalNaiveForecast: period m must be a positive integer, got ${m}`);
  checkOrigin(y, t, m - 1, 'seasonalNaiveForecast');
  return Float64Array.from({ length: horizon }, (_, i) => {
    const h = i + 1;
    return y[t + h - m * Math.ceil(h / m)]!;
  });
}

/** drift: ŷ_{t+h} = y_t + h (y_t − y_0) / t — the average change so far, continued. */
export function driftForecast(y: ArrayLike<number>, t: number, horizon: number): Float64Array {
  checkOrigin(y, t, 1, 'driftForecast');
  const slope = (y[t]! - y[0]!) / t;
  return Float64Array.from({ length: horizon }, (_, i) => y[t]! + (i + 1) * slope);
}

function checkOrigin(y: ArrayLike<number>, t: number, minT: number, what: string): void {
  if (!Number.isInteger(t) || t < minT || t >= y.length)
    throw new Error(`${what}: origin ${t} must be an integer in [${minT}, ${y.length})`);
}
