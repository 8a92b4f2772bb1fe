import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arxivYear, documentDates } from '../../src/checks/dates';
import { documentErrata } from '../../src/checks/errata';

test('arxivYear reads the year from YYMM: hand cases, both lengths, versions, and bad identifiers', () => {
  assert.equal(arxivYear('1406.1078'), 2000 + 14);
  assert.equal(arxivYear('arXiv:1706.03762v5'), 2000 + 17);
  assert.equal(arxivYear('0704.0001'), 2000 + 7);
  assert.throws(() => arxivYear('0703.0001'), /predates/);
  assert.throws(() => arxivYear('1413.0001'), /month 13/);
  assert.throws(() => arxivYear('cs/9901001'), /not a new-style/);
});

test("each arXiv identifier's own date agrees with the year listed as published", () => {
  const withId = documentDates.filter((d) => d.published.arxiv !== undefined);
  assert.ok(withId.length >= 3, `${withId.length} dated claims with an arXiv identifier`);
  for (const d of withId) assert.equal(arxivYear(d.published.arxiv!), d.published.year, d.what);
});

test('every wrong date is also an erratum of its section, and the LSTM gets two years', () => {
  for (const d of documentDates.filter((x) => x.says.year !== x.published.year)) {
    const e = documentErrata.filter((x) => x.section === d.section && x.kind === 'history');
    assert.ok(
      e.some((x) => x.says.includes(String(d.says.year)) || x.correct.includes(String(d.published.year))),
      `${d.section} ${d.what}: no history erratum mentions ${d.says.year} or ${d.published.year}`,
    );
  }
  const lstm = new Set(documentDates.filter((d) => d.what === 'LSTM').map((d) => d.says.year));
  assert.deepEqual([...lstm].sort(), [1997, 2009]);
});
