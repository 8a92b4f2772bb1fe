import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { Rng } from '../../src/tensor/rng';
import { makeBatch } from '../../src/speech/batch';
import { SpeechModel, SpeechModelConfig } from '../../src/speech/model';
import { speechModelConfig } from '../../src/speech/train';

const F = 3;
const utterance = (T: number, rng: Rng) => ({
  features: Float32Array.from({ length: T * F }, () => rng.normal()),
  numFrames: T,
});

/**
 * For each parameter θ and a random direction v: (L(θ + εv) − L(θ − εv)) / 2ε against ∇L · v, in the
 * float32 engine (ε = 1e-2; the loss is a mean over the batch).
 */
async function directional(
  config: SpeechModelConfig,
  targets: number[] | number[][],
): Promise<Record<string, number>> {
  const engine = await createEngine({ threads: 1 });
  try {
    const rng = new Rng(4),
      model = new SpeechModel(engine, config, 3);
    const batch = makeBatch([utterance(7, rng), utterance(4, rng), utterance(6, rng)], F, config.stack);
    const loss = (): number => model.lossAndGradients(batch, targets);
    for (const p of model.params) p.zeroGrad();
    loss();
    // every loss() call accumulates gradients again: keep the analytic ones first
    const grads = new Map(model.params.map((p) => [p, p.grad.toArray()]));
    const out: Record<string, number> = {};
    for (const p of model.params) {
      const v = Float32Array.from({ length: p.size }, () => rng.normal()),
        g = grads.get(p)!,
        theta = p.get();
      const at = (s: number): number => {
        p.set(theta.map((x, i) => x + s * v[i]!));
        return loss();
      };
      const eps = 1e-2,
        numeric = (at(eps) - at(-eps)) / (2 * eps);
      p.set(theta);
      const analytic = g.reduce((s, x, i) => s + x * v[i]!, 0);
      out[p.name] = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(analytic));
    }
    model.dispose();
    return out;
  } finally {
    await engine.dispose();
  }
}

test("CTC model (bidirectional GRU, 2 layers, stacked frames): every parameter's gradient against central differences", async () => {
  const c = speechModelConfig({
    task: 'sequences',
    featureSize: F,
    cell: 'gru',
    numHiddens: 5,
    numLayers: 2,
    bidirectional: true,
    stack: 1,
  });
  const errors = await directional(c, [[3, 3], [1], [2, 0]]);
  assert.equal(Object.keys(errors).length, 2 * 6 + 2);
  for (const [name, e] of Object.entries(errors)) assert.ok(e < 2e-2, `${name}: relative error ${e}`);
});

test("digit classifier (LSTM, one direction; bidirectional GRU): every parameter's gradient against central differences", async () => {
  for (const [cell, bidirectional] of [
    ['lstm', false],
    ['gru', true],
  ] as const) {
    const c = speechModelConfig({
      task: 'digits',
      featureSize: F,
      cell,
      numHiddens: 5,
      numLayers: 2,
      bidirectional,
      stack: 2,
    });
    const errors = await directional(c, [3, 9, 0]);
    for (const [name, e] of Object.entries(errors))
      assert.ok(e < 2e-2, `${cell}${bidirectional ? ' bi' : ''} ${name}: relative error ${e}`);
  }
});

test('the config is checked: classes per task, layers', async () => {
  const engine = await createEngine({ threads: 1 });
  try {
    const c = speechModelConfig({
      task: 'digits',
      featureSize: F,
      cell: 'gru',
      numHiddens: 4,
      numLayers: 1,
      bidirectional: false,
      stack: 1,
    });
    assert.throws(
      () => new SpeechModel(engine, { ...c, numClasses: 11 }),
      /task 'digits' has 10 classes; got numClasses 11/,
    );
    assert.throws(
      () => new SpeechModel(engine, { ...c, numLayers: 0 }),
      /numLayers must be a positive integer; got 0/,
    );
  } finally {
    await engine.dispose();
  }
});
