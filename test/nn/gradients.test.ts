// Every backward pass of src/nn against central finite differences (float64), for every parameter,
// the inputs and the initial states. A wrong sign or a missing term anywhere makes one of these fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GradCase, gruCase, lstmCase, mlpCase, rnnCase } from '../../src/checks/cases';
import { gradCheck } from '../../src/checks/gradcheck';
import { Rng } from '../../src/tensor/rng';
import { Tensor } from '../../src/tensor/tensor';
import { initMLP, mlpBackward, mlpForward } from '../../src/nn/mlp';
import { mseLoss } from '../../src/nn/losses';
import { randomTensor } from '../../src/checks/cases';

function check(name: string, c: GradCase, expectNames: string[]): void {
  const rows = gradCheck(() => c.loss(), c.inputs, c.analytic());
  assert.deepEqual(rows.map((r) => r.name).sort(), [...expectNames].sort());
  for (const r of rows)
    assert.ok(
      r.relError <= 1e-6,
      `${name}: ∂/∂${r.name} relative error ${r.relError.toExponential(2)} > 1e-6`,
    );
}

test('RNN BPTT: W_xh, W_hh, b_h, W_hy, b_y, X, H0', () => {
  check('RNN', rnnCase(), ['W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y', 'X', 'H0']);
});

test('RNN without a nonlinearity (004 §4.1 as written) also differentiates correctly', () => {
  check('RNN identity', rnnCase(5, undefined, { activation: 'identity' }), [
    'W_xh',
    'W_hh',
    'b_h',
    'W_hy',
    'b_y',
    'X',
    'H0',
  ]);
});

test('LSTM BPTT: all twelve parameters, X, H0, C0', () => {
  check('LSTM', lstmCase(), [
    'W_xi',
    'W_hi',
    'b_i',
    'W_xf',
    'W_hf',
    'b_f',
    'W_xo',
    'W_ho',
    'b_o',
    'W_xc',
    'W_hc',
    'b_c',
    'X',
    'H0',
    'C0',
  ]);
});

test('GRU BPTT: all nine parameters, X, H0', () => {
  check('GRU', gruCase(), ['W_xz', 'W_hz', 'b_z', 'W_xr', 'W_hr', 'b_r', 'W_xh', 'W_hh', 'b_h', 'X', 'H0']);
});

test('MLP backprop with softmax cross-entropy: every W and b, and X', () => {
  check('MLP', mlpCase(), ['W1', 'b1', 'W2', 'b2', 'W3', 'b3', 'X']);
});

test('MLP backprop with the document’s MSE J = 1/(2m) Σ (h − y)² and relu hidden layers: every W and b, and X', () => {
  const rng = new Rng(17);
  const p = initMLP([4, 6, 5, 2], rng, 'float64');
  for (const k of ['b1', 'b2', 'b3']) p[k] = randomTensor(p[k]!.shape, rng, 0.5);
  const X = randomTensor([5, 4], rng),
    Y = randomTensor([5, 2], rng);
  const loss = (): number => mseLoss(mlpForward(p, X, 'relu').logits.data, Y.data, 5).loss;
  const f = mlpForward(p, X, 'relu');
  const b = mlpBackward(p, f.cache, new Tensor(f.logits.shape, mseLoss(f.logits.data, Y.data, 5).grad));
  check('MLP mse', { inputs: { ...p, X }, loss, analytic: () => ({ ...b.grads, X: b.dX }) }, [
    'W1',
    'b1',
    'W2',
    'b2',
    'W3',
    'b3',
    'X',
  ]);
});
