// The engine's plain RNN against src/nn's: forward states and every gradient, SIMD and fallback.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineVsReference } from '../../src/checks/catalog/engine';

for (const simd of [true, false]) {
  test(`engine RNN (${simd ? 'SIMD' : 'TS fallback'}) equals src/nn's RNN in forward and every gradient`, () => {
    const e = engineVsReference(simd, 'rnn');
    assert.ok(e < 1e-4, `relative error ${e}`);
  });
}
