import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBestBackend } from '../../src/tfjs/backend';
import { TfjsLanguageModel } from '../../src/lm/tfjs-model';
import { EngineLanguageModel } from '../../src/lm/engine-model';
import { createEngine } from '../../src/engine/engine';
import { LMState } from '../../src/lm/model';
import { Rng } from '../../src/tensor/rng';

const engine = createEngine();
after(async () => (await engine).dispose());

const V = 11,
  E = 6,
  H = 8,
  B = 3,
  T = 5;
const tokens = (n: number, seed: number) => {
  const r = new Rng(seed);
  return Int32Array.from({ length: n }, () => r.int(V));
};
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

for (const cell of ['rnn', 'gru', 'lstm'] as const) {
  test(`engine ${cell} model computes what the tfjs-layers model computes, with the same weights (2 layers)`, async () => {
    await useBestBackend({ log: false });
    const ref = new TfjsLanguageModel({
      cell,
      vocabSize: V,
      embedDim: E,
      numHiddens: H,
      numLayers: 2,
      seed: 5,
    });
    const eng = new EngineLanguageModel(await engine, {
      cell,
      vocabSize: V,
      embedDim: E,
      numHiddens: H,
      numLayers: 2,
      seed: 9,
    });
    eng.setWeights(ref.getWeights());
    const X = tokens(B * T, 1),
      Y = tokens(B * T, 2);
    const a = ref.evaluate(X, Y, B, T),
      b = eng.evaluate(X, Y, B, T);
    assert.ok(Math.abs(a.loss - b.loss) < 1e-5, `loss ${a.loss} vs ${b.loss}`);
    for (let l = 0; l < 2; l++) assert.ok(maxDiff(a.state[l]!.h, b.state[l]!.h) < 1e-5);
    // From a carried state, one step's logits and the hidden states.
    const s: LMState = a.state;
    assert.ok(
      maxDiff(ref.stepLogits(X.subarray(0, B), s).logits, eng.stepLogits(X.subarray(0, B), s).logits) < 1e-4,
    );
    assert.ok(
      maxDiff(ref.hiddenStates(X, B, T, { layer: 0 }).H, eng.hiddenStates(X, B, T, { layer: 0 }).H) < 1e-5,
    );
    // One clipped SGD step from a carried state moves both to the same weights.
    const ra = ref.trainStep(X, Y, B, T, { optimizer: 'sgd', lr: 0.5, clip: 0.3, state: s });
    const rb = eng.trainStep(X, Y, B, T, { optimizer: 'sgd', lr: 0.5, clip: 0.3, state: s });
    assert.ok(
      Math.abs(ra.gradNorm! - rb.gradNorm!) < 1e-4 * ra.gradNorm!,
      `‖g‖ ${ra.gradNorm} vs ${rb.gradNorm}`,
    );
    const wa = ref.getWeights(),
      wb = eng.getWeights();
    for (const k of Object.keys(wa))
      assert.ok(maxDiff(wa[k]!.data, wb[k]!.data) < 1e-5, `${k} after one step`);
    ref.dispose();
    eng.dispose();
  });
}

test('variational dropout: the config defaults to LM_PROTOCOL (off), is refused for gru and on tfjs, and the engine model applies it only in training', async () => {
  const { lmConfig } = await import('../../src/lm/model');
  const { LM_PROTOCOL } = await import('../../src/lm/protocol');
  assert.equal(lmConfig({ vocabSize: V }).variational, LM_PROTOCOL.variational);
  assert.throws(
    () => lmConfig({ vocabSize: V, cell: 'gru', dropout: 0.2, variational: true }),
    /variational dropout is implemented for the lstm cell only; got 'gru'/,
  );
  assert.throws(
    () => new TfjsLanguageModel({ vocabSize: V, dropout: 0.2, variational: true }),
    /variational dropout runs on the engine only/,
  );
  const m = new EngineLanguageModel(await engine, {
    vocabSize: V,
    embedDim: E,
    numHiddens: H,
    dropout: 0.5,
    variational: true,
  });
  const X = tokens(B * T, 1),
    Y = tokens(B * T, 2);
  const a = m.trainStep(X, Y, B, T, { lr: 1e-9 }).loss,
    b = m.trainStep(X, Y, B, T, { lr: 1e-9 }).loss;
  assert.notEqual(a, b, 'two training steps draw different masks');
  assert.equal(m.evaluate(X, Y, B, T).loss, m.evaluate(X, Y, B, T).loss, 'evaluation has no dropout');
  m.dispose();
});
