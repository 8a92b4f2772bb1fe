// Every backward pass of src/nn against central finite differences (float64), for every parameter,
// the inputs and the initial states. A wrong sign or a missing term anywhere makes one of these fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradCase, gruCase, lstmCase, mlpCase, rnnCase } from '../../src/checks/cases';
import { gradCheck } from '../../src/checks/gradcheck';

function check(name: string, c: GradCase, expectNames: string[]): void {
  const rows = gradCheck(() => c.loss(), c.inputs, c.analytic());
  assert.deepEqual(rows.map((r) => r.name).sort(), [...expectNames].sort());
  for (const r of rows) assert.ok(r.relError <= 1e-6, `${name}: ∂/∂${r.name} relative error ${r.relError.toExponential(2)} > 1e-6`);
}

test('RNN BPTT: W_xh, W_hh, b_h, W_hy, b_y, X, H0', () => {
  check('RNN', rnnCase(), ['W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y', 'X', 'H0']);
});

test('RNN without a nonlinearity (004 §4.1 as written) also differentiates correctly', () => {
  check('RNN identity', rnnCase(5, undefined, { activation: 'identity' }), ['W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y', 'X', 'H0']);
});

test('LSTM BPTT: all twelve parameters, X, H0, C0', () => {
  check('LSTM', lstmCase(), ['W_xi', 'W_hi', 'b_i', 'W_xf', 'W_hf', 'b_f', 'W_xo', 'W_ho', 'b_o', 'W_xc', 'W_hc', 'b_c', 'X', 'H0', 'C0']);
});

test('GRU BPTT: all nine parameters, X, H0', () => {
  check('GRU', gruCase(), ['W_xz', 'W_hz', 'b_z', 'W_xr', 'W_hr', 'b_r', 'W_xh', 'W_hh', 'b_h', 'X', 'H0']);
});

test('MLP backprop with softmax cross-entropy: every W and b, and X', () => {
  check('MLP', mlpCase(), ['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'X']);
});
