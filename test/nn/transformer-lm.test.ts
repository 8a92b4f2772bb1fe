import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feedForwardCase, positionsCase, transformerBlockCase, transformerLMCase, LM_CASE_SIZES } from '../../src/checks/transformer-cases';
import { gradCheck } from '../../src/checks/gradcheck';
import { causalLeak, sinusoidalShiftError } from '../../src/checks/transformer-cases';
import { sinusoidalPositions } from '../../src/nn/positional-encoding';

const CASES = {
  'feed-forward': () => feedForwardCase(),
  'learned positions': () => positionsCase(),
  'pre-norm block': () => transformerBlockCase(),
  'decoder LM (learned positions)': () => transformerLMCase(),
  'decoder LM (sinusoidal positions)': () => transformerLMCase(18, { ...LM_CASE_SIZES, positional: 'sinusoidal', numLayers: 1 }),
};

for (const [name, make] of Object.entries(CASES)) {
  test(`${name}: every parameter's gradient matches central differences`, () => {
    const c = make();
    const rows = gradCheck(() => c.loss(), c.inputs, c.analytic());
    assert.ok(rows.length >= 2);
    for (const r of rows) assert.ok(r.relError < 1e-6, `${r.name}: ${r.relError}`);
  });
}

test('the causal mask: logits up to t do not move when the tokens after t change', () => {
  assert.equal(causalLeak(), 0);
});

test('sinusoidal positions: P[t, 2i] = sin(t/10000^{2i/d}), P[t, 2i+1] = cos(…), and a shift is a rotation', () => {
  const P = sinusoidalPositions(5, 6, 'float64');
  assert.equal(P.get(3, 2), Math.sin(3 / 10000 ** (2 / 6)));
  assert.equal(P.get(3, 5), Math.cos(3 / 10000 ** (4 / 6)));
  assert.ok(sinusoidalShiftError() < 1e-9);
});
