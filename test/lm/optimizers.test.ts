// The update rules and penalties through the language-model contract (src/lm/model.ts): the engine
// model applies them as src/engine/optimizer.ts does, the tfjs model refuses what it does not have.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { useBestBackend } from '../../src/tfjs/backend';
import { TfjsLanguageModel } from '../../src/lm/tfjs-model';
import { EngineLanguageModel } from '../../src/lm/engine-model';
import { trainLanguageModel } from '../../src/lm/train';
import { LMOptimizer, LMTrainStepOptions } from '../../src/lm/model';
import { createEngine } from '../../src/engine/engine';
import { Rng } from '../../src/tensor/rng';

const engine = createEngine();
after(async () => (await engine).dispose());

const V = 9,
  B = 2,
  T = 4;
const r = new Rng(1);
const X = Int32Array.from({ length: B * T }, () => r.int(V)),
  Y = Int32Array.from({ length: B * T }, () => r.int(V));
const config = { cell: 'lstm' as const, vocabSize: V, embedDim: 5, numHiddens: 6, seed: 2 };

/** The weights after one engine step with `o`, flattened by name. */
async function after1(o: LMTrainStepOptions): Promise<Map<string, Float32Array>> {
  const m = new EngineLanguageModel(await engine, config);
  m.trainStep(X, Y, B, T, o);
  const w = new Map(Object.entries(m.getWeights()).map(([k, v]) => [k, Float32Array.from(v.data)]));
  m.dispose();
  return w;
}

test('engine LM: plain SGD moves θ by −ηg; L2 adds −ηλθ on the matrices only; decoupled equals it under SGD', async () => {
  const m = new EngineLanguageModel(await engine, config);
  const theta = new Map(Object.entries(m.getWeights()).map(([k, v]) => [k, Float32Array.from(v.data)]));
  m.dispose();
  const lr = 0.5,
    lambda = 0.1;
  const plain = await after1({ optimizer: 'sgd', lr });
  const l2 = await after1({ optimizer: 'sgd', lr, weightDecay: lambda });
  const decoupled = await after1({ optimizer: 'sgd', lr, weightDecay: lambda, decoupled: true });
  for (const [k, t0] of theta) {
    const matrix = !k.endsWith('bias');
    for (let i = 0; i < t0.length; i++) {
      const want = plain.get(k)![i]! - (matrix ? lr * lambda * t0[i]! : 0);
      assert.ok(Math.abs(l2.get(k)![i]! - want) < 1e-6, `${k}[${i}] L2: ${l2.get(k)![i]} vs ${want}`);
      assert.ok(Math.abs(decoupled.get(k)![i]! - want) < 1e-6, `${k}[${i}] decoupled`);
    }
  }
});

test('every optimizer trains the engine LM; unknown names are refused', async () => {
  const m = new EngineLanguageModel(await engine, config);
  const ids = Int32Array.from({ length: 200 }, (_, i) => (i * 7) % V);
  for (const optimizer of ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as LMOptimizer[]) {
    const res = trainLanguageModel(m, ids, { optimizer, maxSteps: 2, batchSize: B, numSteps: T });
    assert.equal(res.steps, 2, optimizer);
  }
  assert.throws(
    () => trainLanguageModel(m, ids, { optimizer: 'lbfgs' as LMOptimizer, maxSteps: 1 }),
    /optimizer must be one of sgd, momentum, nesterov, adagrad, rmsprop, adam; got 'lbfgs'/,
  );
  m.dispose();
});

test('the tfjs LM trains with sgd, momentum, nesterov, adam and refuses the rest by name', async () => {
  await useBestBackend({ log: false });
  const m = new TfjsLanguageModel(config);
  for (const optimizer of ['sgd', 'momentum', 'nesterov', 'adam'] as LMOptimizer[])
    assert.ok(Number.isFinite(m.trainStep(X, Y, B, T, { optimizer, lr: 0.01 }).loss), optimizer);
  assert.throws(() => m.trainStep(X, Y, B, T, { optimizer: 'rmsprop', lr: 0.01 }), /got 'rmsprop'/);
  assert.throws(
    () => m.trainStep(X, Y, B, T, { optimizer: 'adam', lr: 0.01, weightDecay: 0.1 }),
    /without weight decay or L1 .*got weightDecay 0\.1, l1 0/,
  );
  m.dispose();
});
