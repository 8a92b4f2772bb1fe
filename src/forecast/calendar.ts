/**
 * Calendar inputs, known in advance for any future day: the day of the week (one-hot), the position
 * in the year as two Fourier pairs, and a flag for the US federal holidays that move births away from
 * a day (hospitals schedule inductions and caesareans around them).
 *
 *   doy features: sin(2πk·d/365.25), cos(2πk·d/365.25) for k = 1, 2   (d = day of the year, 0-based)
 */

/** Features per day: 7 (day of week) + 4 (day of year) + 1 (holiday). */
export const CALENDAR_FEATURES = 12;

/** Day of week of an ISO date, 1 = Monday … 7 = Sunday. */
export function isoDayOfWeek(date: string): number {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return d === 0 ? 7 : d;
}

/** Day of the year, 0 = January 1st. */
export function dayOfYear(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000);
}

/** The n-th (1-based) given weekday (1 = Monday … 7 = Sunday) of a month, as a day of the month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  const first = isoDayOfWeek(`${year}-${String(month).padStart(2, '0')}-01`);
  return 1 + ((weekday - first + 7) % 7) + 7 * (n - 1);
}

/** The last given weekday of a month, as a day of the month. */
function lastWeekday(year: number, month: number, weekday: number): number {
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = isoDayOfWeek(`${year}-${String(month).padStart(2, '0')}-${days}`);
  return days - ((last - weekday + 7) % 7);
}

/**
 * True on the six US federal holidays of the period: New Year's Day (1/1), Memorial Day (May 30 until
 * 1970, the last Monday of May from 1971), Independence Day (7/4), Labor Day (first Monday of
 * September), Thanksgiving (fourth Thursday of November), Christmas (12/25). Observed-day shifts are
 * not modelled.
 */
export function isUsHoliday(date: string): boolean {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if ((m === 1 && d === 1) || (m === 7 && d === 4) || (m === 12 && d === 25)) return true;
  if (m === 5) return d === (y <= 1970 ? 30 : lastWeekday(y, 5, 1));
  if (m === 9) return d === nthWeekday(y, 9, 1, 1);
  if (m === 11) return d === nthWeekday(y, 11, 4, 4);
  return false;
}

/** The calendar features of one date, [CALENDAR_FEATURES]. */
export function calendarRow(date: string): Float64Array {
  const row = new Float64Array(CALENDAR_FEATURES);
  row[isoDayOfWeek(date) - 1] = 1;
  const a = (2 * Math.PI * dayOfYear(date)) / 365.25;
  row[7] = Math.sin(a);
  row[8] = Math.cos(a);
  row[9] = Math.sin(2 * a);
  row[10] = Math.cos(2 * a);
  row[11] = isUsHoliday(date) ? 1 : 0;
  return row;
}

/** The calendar features of consecutive days, row-major [dates.length, CALENDAR_FEATURES]. */
export function calendarFeatures(dates: readonly string[]): Float64Array {
  const out = new Float64Array(dates.length * CALENDAR_FEATURES);
  dates.forEach((d, i) => out.set(calendarRow(d), i * CALENDAR_FEATURES));
  return out;
}
