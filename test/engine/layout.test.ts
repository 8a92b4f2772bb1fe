// The one weight layout: fuseGates places src/nn's gate blocks side by side in GATE_ORDER, and
// splitGates is its inverse. Checked element by element against the index formula
// kernel[i, k·u + j] = W_x{gate k}[i, j].
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GATE_ORDER, fuseGates, splitGates } from '../../src/engine/layout';
import { Tensor } from '../../src/tensor/tensor';

test('fuseGates puts gate k in columns [k·u, (k+1)·u); splitGates inverts it', () => {
  const D = 3,
    u = 2;
  for (const cell of ['rnn', 'gru', 'lstm'] as const) {
    const p: Record<string, Tensor> = {};
    GATE_ORDER[cell].forEach((g, k) => {
      p[`W_x${g}`] = new Tensor(
        [D, u],
        Float32Array.from({ length: D * u }, (_, i) => 100 * k + i),
      );
      p[`W_h${g}`] = new Tensor(
        [u, u],
        Float32Array.from({ length: u * u }, (_, i) => -100 * k - i),
      );
      p[`b_${g}`] = new Tensor(
        [u],
        Float32Array.from({ length: u }, (_, i) => 10 * k + i + 0.5),
      );
    });
    const G = GATE_ORDER[cell].length,
      w = fuseGates(cell, p);
    assert.deepEqual(w.kernel.shape, [D, G * u]);
    assert.deepEqual(w.bias.shape, [G * u]);
    GATE_ORDER[cell].forEach((g, k) => {
      for (let i = 0; i < D; i++)
        for (let j = 0; j < u; j++)
          assert.equal(w.kernel.data[i * G * u + k * u + j], p[`W_x${g}`]!.data[i * u + j]);
      for (let i = 0; i < u; i++)
        for (let j = 0; j < u; j++)
          assert.equal(w.recurrentKernel.data[i * G * u + k * u + j], p[`W_h${g}`]!.data[i * u + j]);
      for (let j = 0; j < u; j++) assert.equal(w.bias.data[k * u + j], p[`b_${g}`]!.data[j]);
    });
    const back = splitGates(cell, w);
    assert.deepEqual(Object.keys(back).sort(), Object.keys(p).sort());
    for (const [name, t] of Object.entries(p))
      assert.deepEqual(Array.from(back[name]!.data), Array.from(t.data), name);
  }
  assert.deepEqual(GATE_ORDER.lstm, ['i', 'f', 'c', 'o'], "tfjs's LSTM order");
  assert.deepEqual(GATE_ORDER.gru, ['z', 'r', 'h'], "tfjs's GRU order");
  assert.throws(() => fuseGates('gru', {}), /no weight 'W_xz'/);
});
