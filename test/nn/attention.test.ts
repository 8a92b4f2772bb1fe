import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor';
import { gradCheck } from '../../src/checks/gradcheck';
import { runChecks } from '../../src/checks/registry';
import { attentionBackward, attentionForward, attentionPool, maskedSoftmax } from '../../src/nn/attention';
import { additiveScores } from '../../src/nn/attention-additive';
import { dotScores } from '../../src/nn/attention-dot';
import { attentionChecks, attentionGradCase, registerBuiltinChecks } from '../../src/catalog/index';

const T = (x: number[][][]): Tensor => Tensor.from(x, 'float64');

test('one query, two keys, by hand: α = softmax(s·h_j), a = α_1 h_1 + α_2 h_2', () => {
  const s = [1, 2],
    h1 = [0.5, -1],
    h2 = [2, 0.25];
  const e1 = s[0]! * h1[0]! + s[1]! * h1[1]!,
    e2 = s[0]! * h2[0]! + s[1]! * h2[1]!; // −1.5, 2.5
  const a1 = Math.exp(e1) / (Math.exp(e1) + Math.exp(e2)),
    a2 = Math.exp(e2) / (Math.exp(e1) + Math.exp(e2));
  const { A, alpha } = attentionForward(T([[s]]), T([[h1, h2]]), undefined, { score: 'dot' });
  assert.ok(Math.abs(alpha.data[0]! - a1) < 1e-15 && Math.abs(alpha.data[1]! - a2) < 1e-15);
  assert.ok(Math.abs(A.data[0]! - (a1 * h1[0]! + a2 * h2[0]!)) < 1e-15);
  assert.ok(Math.abs(A.data[1]! - (a1 * h1[1]! + a2 * h2[1]!)) < 1e-15);
  // scaled: divide the scores by √2
  const sc = attentionForward(T([[s]]), T([[h1, h2]]), undefined, { score: 'scaled-dot' });
  const b1 = 1 / (1 + Math.exp((e2 - e1) / Math.SQRT2));
  assert.ok(Math.abs(sc.alpha.data[0]! - b1) < 1e-15);
});

test('additive score by hand: e = w_vᵀ tanh(W_q s + W_k h)', () => {
  const p = {
    W_q: Tensor.from([[0.5, -1]], 'float64'),
    W_k: Tensor.from(
      [
        [1, 0],
        [0, 2],
      ],
      'float64',
    ),
    w_v: Tensor.from([3, -0.5], 'float64'),
  };
  const s = 0.7,
    h = [0.2, -0.4];
  const { E } = additiveScores(p, T([[[s]]]), T([[h]]));
  const expected = 3 * Math.tanh(0.5 * s + 1 * h[0]!) - 0.5 * Math.tanh(-1 * s + 2 * h[1]!);
  assert.ok(Math.abs(E.data[0]! - expected) < 1e-15);
});

test('weights: each row sums to 1; padded keys get exactly 0 and their keys and values no gradient', () => {
  for (const score of ['additive', 'dot', 'scaled-dot'] as const) {
    const c = attentionGradCase(score);
    const params =
      score === 'additive' ? { W_q: c.inputs.W_q!, W_k: c.inputs.W_k!, w_v: c.inputs.w_v! } : undefined;
    const { alpha, cache } = attentionForward(c.inputs.Q!, c.inputs.K!, c.inputs.V, {
      score,
      validLens: c.validLens,
      params,
    });
    const [B, Tq, Tk] = alpha.shape as [number, number, number];
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < Tq; i++) {
        let sum = 0;
        for (let j = 0; j < Tk; j++) {
          const a = alpha.data[(b * Tq + i) * Tk + j]!;
          if (j >= c.validLens[b]!) assert.equal(a, 0, `${score}: α[${b}, ${i}, ${j}] of a padded key`);
          else assert.ok(a > 0);
          sum += a;
        }
        assert.ok(Math.abs(sum - 1) < 1e-14, `${score}: row sum ${sum}`);
      }
    }
    const g = attentionBackward(cache, Tensor.zeros([B, Tq, 2], 'float64'));
    assert.ok(g.dK.data.every((x) => x === 0)); // zero upstream gradient → zero
    const dA = Tensor.zeros([B, Tq, 2], 'float64');
    dA.data.fill(1);
    const g2 = attentionBackward(cache, dA);
    const dk = c.inputs.K!.shape[2]!;
    for (let b = 0; b < B; b++)
      for (let j = c.validLens[b]!; j < Tk; j++) {
        for (let m = 0; m < dk; m++) assert.equal(g2.dK.data[(b * Tk + j) * dk + m], 0);
        for (let m = 0; m < 2; m++) assert.equal(g2.dV.data[(b * Tk + j) * 2 + m], 0);
      }
  }
});

test('masked positions do not change the result whatever they hold', () => {
  const c = attentionGradCase('additive');
  const params = { W_q: c.inputs.W_q!, W_k: c.inputs.W_k!, w_v: c.inputs.w_v! };
  const before = attentionForward(c.inputs.Q!, c.inputs.K!, c.inputs.V, {
    score: 'additive',
    validLens: c.validLens,
    params,
  }).A;
  const K2 = c.inputs.K!.clone(),
    V2 = c.inputs.V!.clone();
  const Tk = 4,
    dk = 5;
  for (let m = 0; m < dk; m++) K2.data[(1 * Tk + 3) * dk + m] = 1e6; // batch row 1 has 2 valid keys
  V2.data[(1 * Tk + 2) * 2] = -1e9;
  const after = attentionForward(c.inputs.Q!, K2, V2, {
    score: 'additive',
    validLens: c.validLens,
    params,
  }).A;
  assert.deepEqual(Array.from(after.data), Array.from(before.data));
});

test('every gradient (parameters, queries, keys, values) vs central differences, float64, rel. err ≤ 1e-6', () => {
  for (const score of ['additive', 'dot', 'scaled-dot'] as const) {
    for (const shared of [false, true]) {
      const c = attentionGradCase(score, shared);
      const rows = gradCheck(() => c.loss(), c.inputs, c.analytic());
      const names = rows.map((r) => r.name).sort();
      const expected = [
        ...(score === 'additive' ? ['W_k', 'W_q', 'w_v'] : []),
        'K',
        'Q',
        ...(shared ? [] : ['V']),
      ].sort();
      assert.deepEqual(names, expected);
      for (const r of rows)
        assert.ok(
          r.relError <= 1e-6,
          `${score}${shared ? ' (values = keys)' : ''}: ∂L/∂${r.name} relative error ${r.relError}`,
        );
    }
  }
});

test('a wrong sign in the backward pass is caught by the same check', () => {
  const c = attentionGradCase('additive');
  const wrong = c.analytic();
  for (let i = 0; i < wrong.w_v!.size; i++) wrong.w_v!.data[i] = -wrong.w_v!.data[i]!;
  const rows = gradCheck(() => c.loss(), { w_v: c.inputs.w_v! }, wrong);
  assert.ok(rows[0]!.relError > 0.5);
});

test('maskedSoftmax and the pooling alone; errors name bad shapes and lengths', () => {
  const E = T([[[1, 2, 3]]]);
  const a = maskedSoftmax(E, [2]);
  assert.deepEqual(
    Array.from(a.data).map((x) => +x.toFixed(12)),
    [+(1 / (1 + Math.E)).toFixed(12), +(Math.E / (1 + Math.E)).toFixed(12), 0],
  );
  const A = attentionPool(a, T([[[1], [2], [100]]]));
  assert.ok(Math.abs(A.data[0]! - (1 / (1 + Math.E) + (2 * Math.E) / (1 + Math.E))) < 1e-14);
  assert.throws(() => maskedSoftmax(E, [0]), /valid length 0 of batch row 0 must be an integer in \[1, 3\]/);
  assert.throws(() => maskedSoftmax(E, [1, 2]), /expected 1 valid lengths/);
  assert.throws(
    () => dotScores(T([[[1, 2]]]), T([[[1, 2, 3]]])),
    /keys of shape \[1, numKeys, 2\], got \[1, 1, 3\]/,
  );
  assert.throws(
    () => attentionForward(T([[[1]]]), T([[[1]]]), undefined, { score: 'additive' }),
    /needs its parameters/,
  );
});

test('the checks registered for `rnnlab checks` pass', async () => {
  assert.ok(attentionChecks.length >= 20);
  registerBuiltinChecks(); // the catalog lists them (nothing registers itself when it loads)
  const rows = await runChecks('attention/');
  assert.equal(rows.length, attentionChecks.length);
  for (const r of rows) assert.ok(r.pass, `${r.name}: ${r.maxError} > ${r.tolerance} ${r.error ?? ''}`);
});
