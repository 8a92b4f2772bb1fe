import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarRow, dayOfYear, isoDayOfWeek, isUsHoliday } from '../../src/forecast/calendar';

test('day of week and day of year of known dates', () => {
  assert.equal(isoDayOfWeek('1969-01-01'), 3); // a Wednesday
  assert.equal(isoDayOfWeek('1988-12-31'), 6); // a Saturday
  assert.equal(dayOfYear('1988-12-31'), 365); // leap year
  assert.equal(dayOfYear('1987-03-01'), 31 + 28);
});

test('US holidays: fixed and moving ones', () => {
  for (const d of [
    '1975-01-01',
    '1975-07-04',
    '1975-12-25',
    '1975-05-26',
    '1975-09-01',
    '1975-11-27',
    '1970-05-30',
  ])
    assert.ok(isUsHoliday(d), d);
  for (const d of ['1975-05-30', '1975-11-20', '1975-09-08', '1975-07-05']) assert.ok(!isUsHoliday(d), d);
});

test('calendarRow: one-hot day of week, Fourier pair, holiday flag', () => {
  const r = calendarRow('1975-01-01'); // a Wednesday, day 0, a holiday
  assert.deepEqual(Array.from(r.slice(0, 7)), [0, 0, 1, 0, 0, 0, 0]);
  assert.deepEqual([r[7], r[8], r[9], r[10], r[11]], [0, 1, 0, 1, 1]);
});
