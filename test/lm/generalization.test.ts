import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  generalizationCommand,
  runGeneralization,
  weightSparsity,
  GENERALIZATION_PROTOCOL,
} from '../../src/lm/generalization';

test('weightSparsity: the fraction of weight-matrix entries with |w| < 1e-3; biases not counted', () => {
  const weights = {
    'lstm_0/kernel': { shape: [2, 2], data: Float32Array.from([0, 5e-4, 0.1, -2e-3]) },
    'dense/kernel': { shape: [1, 2], data: Float32Array.from([-9e-4, 1]) },
    'dense/bias': { shape: [3], data: Float32Array.from([0, 0, 0]) },
  };
  // |w| < 1e-3: 0, 5e-4 (first matrix), −9e-4 (second) = 3 of 6
  assert.equal(weightSparsity(weights), 3 / 6);
  assert.equal(weightSparsity(weights, 1e-4), 1 / 6);
  assert.equal(GENERALIZATION_PROTOCOL.zeroBelow, 1e-3);
});

test('generalizationCommand: the options as rnnlab lm flags', () => {
  assert.equal(
    generalizationCommand({
      corpus: 'timemachine',
      trainTokens: 4000,
      numHiddens: 96,
      dropout: 0.3,
      variational: true,
      weightDecay: 1,
      decoupled: true,
      maxSteps: 300,
      evalEvery: 25,
      seed: 2,
      threads: 1,
    }),
    'rnnlab lm --corpus timemachine --train-chars 4000 --hidden 96 --dropout 0.3 --variational ' +
      '--weight-decay 1 --decoupled --steps 300 --eval-every 25 --seed 2 --threads 1 --json',
  );
});

test('a row: the early-stopping figures follow the validation curve; the run is reproducible', async () => {
  const o = {
    corpus: 'timemachine' as const,
    trainTokens: 600,
    numHiddens: 8,
    numSteps: 16,
    maxSteps: 6,
    evalEvery: 2,
    seed: 3,
    threads: 1,
    backend: 'engine' as const,
    dropout: 0.2,
    variational: true,
  };
  const a = await runGeneralization(o);
  assert.deepEqual(
    a.evals.map((e) => e.step),
    [2, 4, 6],
  );
  const best = a.evals.reduce((m, e) => (e.valLoss < m.valLoss ? e : m));
  assert.equal(a.bestValLoss, best.valLoss);
  assert.equal(a.bestStep, best.step);
  assert.equal(a.valLoss, a.evals[2]!.valLoss);
  assert.ok(Math.abs(a.gap - (a.valLoss - a.trainEvalLoss)) < 1e-12);
  const b = await runGeneralization(o);
  assert.equal(b.valLoss, a.valLoss, 'the same seed gives the same run');
  await assert.rejects(runGeneralization({ ...o, trainTokens: 10 ** 7 }), /trainTokens must be an integer/);
});
