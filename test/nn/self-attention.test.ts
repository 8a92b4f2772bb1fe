import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor';
import { selfAttentionForward } from '../../src/nn/self-attention';
import { selfAttentionCase } from '../../src/checks/transformer-cases';
import { gradCheck } from '../../src/checks/gradcheck';
import { attentionRowError } from '../../src/checks/transformer-cases';

test('two positions by hand: the first sees only itself, the second softmax(q₂·k_j/√d) over both', () => {
  const Q = Tensor.from([[[1, 0], [0, 2]]], 'float64'), K = Tensor.from([[[1, 1], [2, 0]]], 'float64');
  const V = Tensor.from([[[1], [3]]], 'float64');
  const { O, A } = selfAttentionForward(Q, K, V);
  const s1 = (0 * 1 + 2 * 1) / Math.SQRT2, s2 = (0 * 2 + 2 * 0) / Math.SQRT2; // q₂·k₁/√2, q₂·k₂/√2
  const a1 = Math.exp(s1) / (Math.exp(s1) + Math.exp(s2));
  assert.deepEqual([A.get(0, 0, 0), A.get(0, 0, 1)], [1, 0]);
  assert.ok(Math.abs(A.get(0, 1, 0) - a1) < 1e-15);
  assert.ok(Math.abs(O.get(0, 0, 0) - 1) < 1e-15);
  assert.ok(Math.abs(O.get(0, 1, 0) - (a1 * 1 + (1 - a1) * 3)) < 1e-15);
});

test('without the mask, the first position attends to the second as well', () => {
  const Q = Tensor.from([[[1, 0], [0, 2]]], 'float64'), K = Tensor.from([[[1, 1], [2, 0]]], 'float64');
  const { A } = selfAttentionForward(Q, K, Tensor.from([[[1], [3]]], 'float64'), { causal: false });
  const e1 = Math.exp(1 / Math.SQRT2), e2 = Math.exp(2 / Math.SQRT2);
  assert.ok(Math.abs(A.get(0, 0, 1) - e2 / (e1 + e2)) < 1e-15);
});

test('rows sum to one and nothing above the diagonal', () => {
  assert.ok(attentionRowError() < 1e-12);
});

for (const causal of [true, false]) {
  test(`self-attention (causal ${causal}): ∂E/∂Q, ∂E/∂K, ∂E/∂V match central differences`, () => {
    const c = selfAttentionCase(12, causal);
    for (const r of gradCheck(() => c.loss(), c.inputs, c.analytic())) assert.ok(r.relError < 1e-6, `${r.name}: ${r.relError}`);
  });
}
