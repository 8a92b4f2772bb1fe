/**
 * Two market prices for the stock-prediction chapter: the S&P 500 monthly since 1871 (data/sp500,
 * Shiller + FRED) and the WTI crude oil spot price daily since 1986 (data/wti, EIA).
 */
import { readDataText } from './verified';
import { datedSeries, type DatedSeries } from './timeSeries';

/** Rows of a CSV with a header, split on commas (no quoted fields: neither file has any). */
function csvRows(text: string, what: string, header: string): string[][] {
  const rows = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (!rows[0]?.startsWith(header))
    throw new Error(`${what}: header is '${rows[0]?.slice(0, 60)}', expected '${header}…'`);
  return rows.slice(1).map((r) => r.split(','));
}

/** Parses the `Date,SP500,…` file; only the SP500 column is read (the others are 0.0 where missing). */
export function parseSp500(text: string, what = 'sp500/data.csv'): DatedSeries {
  const rows = csvRows(text, what, 'Date,SP500');
  const values = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const v = Number(r[1]);
    if (!(v > 0)) throw new Error(`${what} row ${i + 2}: SP500 '${r[1]}' is not a positive number`);
    values[i] = v;
  });
  return datedSeries(
    'S&P 500 (monthly)',
    rows.map((r) => r[0]!),
    values,
  );
}

/** Options of {@link loadWti}. */
export interface WtiOptions {
  /**
   * Keep only the prices before the first non-positive one (2020-04-20, −36.98), so that logarithms
   * and log returns are defined everywhere.
   * @default false
   */
  beforeNonPositive?: boolean;
}

/** Parses the `Date,Price` file of daily WTI prices. */
export function parseWti(text: string, what = 'wti/wti-daily.csv', options: WtiOptions = {}): DatedSeries {
  let rows = csvRows(text, what, 'Date,Price');
  if (options.beforeNonPositive ?? false) {
    const k = rows.findIndex((r) => !(Number(r[1]) > 0));
    if (k >= 0) rows = rows.slice(0, k);
  }
  const values = new Float64Array(rows.length);
  rows.forEach((r, i) => {
    const v = Number(r[1]);
    if (r[1] === undefined || r[1] === '' || !Number.isFinite(v))
      throw new Error(`${what} row ${i + 2}: price '${r[1]}' is not a number`);
    values[i] = v;
  });
  return datedSeries(
    'WTI crude oil (daily)',
    rows.map((r) => r[0]!),
    values,
  );
}

/** The S&P 500 monthly series, hash-checked: 1,866 months from 1871-01 to 2026-06. */
export function loadSp500(): DatedSeries {
  return parseSp500(readDataText('sp500', 'data.csv'));
}

/** The WTI daily series, hash-checked: 10,226 days from 1986-01-02 to 2026-08-18. */
export function loadWti(options: WtiOptions = {}): DatedSeries {
  return parseWti(readDataText('wti', 'wti-daily.csv'), 'wti/wti-daily.csv', options);
}
