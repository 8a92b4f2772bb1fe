import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errataChecks } from '../../src/catalog/errata';
import { catalogChecks } from '../../src/catalog';
import { Rng, Tensor } from '../../src/tensor';
import { gruForward, initGRU, initLSTM, lstmForward } from '../../src/nn';
import { maxAbsDiff, randomTensor } from '../../src/checks';

test('the gate errata checks are in the catalog and pass', async () => {
  const names = catalogChecks().map((c) => c.name);
  for (const c of errataChecks) {
    assert.ok(names.includes(c.name), c.name);
    const e = await c.run();
    assert.ok(e <= c.tolerance, `${c.name}: ${e}`);
  }
});

test('they can fail: the GRU read as "input and output gates merged", the LSTM cut without its cell', () => {
  // The GRU with its gate in the other roles (F = 1 − Z, I = Z) is a different recurrence.
  const rng = new Rng(31);
  const p = initGRU(3, 4, rng, 'float64');
  const run = gruForward(p, randomTensor([2, 6, 3], rng));
  let c = new Float64Array(4);
  const Z = run.cache.Z[0]!.subarray(0, 4),
    Ht = run.cache.Htilde[0]!.subarray(0, 4);
  c = c.map((cPrev, k) => (1 - Z[k]!) * cPrev + Z[k]! * Ht[k]!);
  assert.ok(maxAbsDiff(c, run.H.data.subarray(0, 4)) > 1e-3);
  // Carrying H alone (the cell reset to 0) does not reproduce the run: the cell is state.
  const r2 = new Rng(32);
  const q = initLSTM(3, 4, r2, 'float64');
  const X = randomTensor([1, 6, 3], r2);
  const whole = lstmForward(q, X);
  const firstHalf = lstmForward(q, new Tensor([1, 3, 3], X.data.slice(0, 9)));
  const withoutCell = lstmForward(q, new Tensor([1, 3, 3], X.data.slice(9, 18)), {
    H: firstHalf.HT,
    C: Tensor.zeros([1, 4], 'float64'),
  });
  assert.ok(maxAbsDiff(withoutCell.HT.data, whole.HT.data) > 1e-6);
});
