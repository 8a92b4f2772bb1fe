import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSp500, loadWti, parseSp500, parseWti } from '../../src/data/markets';

test('S&P 500: 1,866 months from 1871-01-01, the first price 4.44', () => {
  const s = loadSp500();
  assert.equal(s.values.length, 1866);
  assert.equal(s.dates[0], '1871-01-01');
  assert.equal(s.values[0], 4.44);
  assert.ok(s.values.every((v) => v > 0));
});

test('WTI: 10,226 days; beforeNonPositive stops at 2020-04-17, the day before −36.98', () => {
  const all = loadWti();
  assert.equal(all.values.length, 10226);
  assert.equal(all.values[all.dates.indexOf('2020-04-20')], -36.98);
  const positive = loadWti({ beforeNonPositive: true });
  assert.equal(positive.dates.at(-1), '2020-04-17');
  assert.ok(positive.values.every((v) => v > 0));
});

test('market parsers name what is wrong', () => {
  assert.throws(() => parseSp500('Date,SP500\n1871-01-01,0.0\n', 'x'), /x row 2: SP500 '0.0'/);
  assert.throws(() => parseWti('Day,Price\n', 'x'), /x: header is 'Day,Price'/);
  assert.throws(() => parseWti('Date,Price\n1986-01-03,1\n1986-01-02,2\n', 'x'), /not increasing at row 1/);
});
