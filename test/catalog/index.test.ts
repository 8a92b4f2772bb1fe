import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogChecks, runChecks } from '../../src/catalog/index';

test("the catalog's runChecks registers the catalog first (a notebook needs no set-up)", async () => {
  const expected = catalogChecks().filter((c) => c.name.includes('attention/')).length;
  assert.ok(expected > 0, 'the catalog lists attention checks');
  const rows = await runChecks('attention/');
  assert.equal(rows.length, expected);
  assert.ok(rows.every((r) => r.pass), rows.filter((r) => !r.pass).map((r) => r.name).join(', '));
});
