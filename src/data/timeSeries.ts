/**
 * A dated real-valued series: the shape every time-series loader in data/ returns. Dates are ISO
 * `YYYY-MM-DD` strings in chronological order, one per value.
 */

/** A univariate series with its dates, in chronological order. */
export interface DatedSeries {
  /** What the series is, for messages and plots (e.g. `'US births per day'`). */
  name: string;
  /** ISO dates `YYYY-MM-DD`, strictly increasing. */
  dates: string[];
  /** The observations, one per date. */
  values: Float64Array;
}

/** Checks that `dates` are ISO, strictly increasing, and as many as `values`; returns the series. */
export function datedSeries(name: string, dates: string[], values: Float64Array): DatedSeries {
  if (dates.length !== values.length) {
    throw new Error(`${name}: ${dates.length} dates for ${values.length} values`);
  }
  for (let i = 0; i < dates.length; i++) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(dates[i]!))
      throw new Error(`${name}: date ${i} '${dates[i]}' is not YYYY-MM-DD`);
    if (i > 0 && !(dates[i]! > dates[i - 1]!)) {
      throw new Error(`${name}: dates are not increasing at row ${i} ('${dates[i - 1]}' then '${dates[i]}')`);
    }
    if (!Number.isFinite(values[i]!)) throw new Error(`${name}: value on ${dates[i]} is not a number`);
  }
  return { name, dates, values };
}
