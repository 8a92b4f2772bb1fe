import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decoupledChecks, optimizerChecks } from '../../src/catalog/optimizers';
import { catalogChecks } from '../../src/catalog/index';

test('the engine optimizers and decoupled weight decay pass their checks and are in the catalog', async () => {
  const names = new Set(catalogChecks().map((c) => c.name));
  for (const c of [...optimizerChecks, ...decoupledChecks]) {
    assert.ok(names.has(c.name), `${c.name} is listed by rnnlab checks`);
    const err = await c.run();
    assert.ok(err <= c.tolerance, `${c.name}: error ${err} > ${c.tolerance}`);
  }
  for (const name of ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam', 'adamw'])
    assert.ok(names.has(`engine/optimizer-${name}-vs-nn`), `engine ${name} is checked`);
  assert.ok(names.has('optimizer/nesterov-two-steps') && names.has('optimizer/adamw-two-steps'));
});
