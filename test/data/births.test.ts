import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadBirths, parseBirths } from '../../src/data/births';

test('births: 7,305 days from 1969-01-01 (a Wednesday, 8,486 births) to 1988-12-31', () => {
  const s = loadBirths();
  assert.equal(s.values.length, 7305);
  assert.equal(s.dates[0], '1969-01-01');
  assert.equal(s.dates.at(-1), '1988-12-31');
  // The file's first row, "1969,1,1,3,8486": Wednesday is day 3 (Monday = 1).
  assert.equal(s.values[0], 8486);
  assert.equal(s.dayOfWeek[0], 3);
  // Consecutive days advance the day of week by one, modulo 7.
  for (let i = 1; i < s.values.length; i++) assert.equal(s.dayOfWeek[i], (s.dayOfWeek[i - 1]! % 7) + 1);
});

test('parseBirths names a bad header and a bad row', () => {
  assert.throws(() => parseBirths('a,b\n1,2\n', 'x'), /x: header is 'a,b'/);
  const h = 'year,month,date_of_month,day_of_week,births\n';
  assert.throws(() => parseBirths(`${h}1969,1,1,9,8486\n`, 'x'), /x row 2: day of week 9/);
  assert.throws(() => parseBirths(`${h}1969,1,1,3\n`, 'x'), /x row 2: '1969,1,1,3' is not 5 integers/);
});
