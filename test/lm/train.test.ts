import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useBestBackend } from '../../src/tfjs/backend';
import { TfjsLanguageModel } from '../../src/lm/tfjs-model';
import { trainLanguageModel } from '../../src/lm/train';
import { validationLoss } from '../../src/lm/evaluate';
import { generate } from '../../src/lm/sample';
import { LanguageModel, LMConfig, lmConfig, LMState, LMStepResult, LMTrainStepOptions, NamedWeight } from '../../src/lm/model';
import { Vocab } from '../../src/data/vocab';

/** A model that learns nothing and records what it was given: loss = mean of Y, state = last X of each row. */
class Recorder implements LanguageModel {
  readonly config: LMConfig = lmConfig({ vocabSize: 100, numHiddens: 1 });
  readonly backend = 'test';
  readonly numParams = 0;
  calls: { X: Int32Array; state?: LMState }[] = [];
  private result(X: Int32Array, Y: Int32Array, B: number, T: number): LMStepResult {
    return { loss: Y.reduce((a, b) => a + b, 0) / Y.length, state: [{ h: Float32Array.from({ length: B }, (_, b) => X[b * T + T - 1]!) }] };
  }
  trainStep(X: Int32Array, Y: Int32Array, B: number, T: number, o: LMTrainStepOptions): LMStepResult {
    this.calls.push({ X, state: o.state });
    return this.result(X, Y, B, T);
  }
  evaluate(X: Int32Array, Y: Int32Array, B: number, T: number): LMStepResult {
    return this.result(X, Y, B, T);
  }
  stepLogits(): { logits: Float32Array; state: LMState } { throw new Error('unused'); }
  hiddenStates(): { H: Float32Array; state: LMState } { throw new Error('unused'); }
  getWeights(): Record<string, NamedWeight> { return {}; }
  setWeights(): void {}
  dispose(): void {}
}

const ids = Int32Array.from({ length: 100 }, (_, i) => i);

test('sequential sampling hands each batch the previous final state, and zeros at every new epoch', () => {
  const m = new Recorder();
  const r = trainLanguageModel(m, ids, { sampler: 'sequential', batchSize: 2, numSteps: 8, maxSteps: 14, lr: 0.1 });
  assert.equal(r.steps, 14);
  // 100 tokens, offset < 8 → streams of ≥ 45 tokens → 5 batches per epoch.
  let epochStarts = 0;
  m.calls.forEach((c, i) => {
    if (c.state === undefined) { epochStarts++; return; }
    const prev = m.calls[i - 1]!;
    assert.deepEqual(Array.from(c.state[0]!.h), [prev.X[7]!, prev.X[15]!], `step ${i + 1} carries step ${i}'s final state`);
    assert.equal(c.X[0], prev.X[7]! + 1, 'and continues its text');
  });
  assert.equal(epochStarts, 3);
  assert.equal(r.epochs, 2);
});

test('random and window sampling never pass a state; evaluation runs on schedule', () => {
  for (const sampler of ['random', 'windows'] as const) {
    const m = new Recorder();
    const evals: number[] = [];
    const r = trainLanguageModel(m, ids, { sampler, batchSize: 2, numSteps: 8, maxSteps: 7, validation: ids, validationWindow: 10, evalEvery: 3, onEval: (e) => evals.push(e.step) });
    assert.ok(m.calls.every((c) => c.state === undefined));
    assert.deepEqual(evals, [3, 6, 7]);
    assert.equal(r.evals.length, 3);
  }
  assert.throws(() => trainLanguageModel(new Recorder(), ids, { maxSteps: 1, sampler: 'shuffled' as 'random' }), /sampler must be one of windows, random, sequential; got 'shuffled'/);
  assert.throws(() => trainLanguageModel(new Recorder(), ids, {}), /give seconds or maxSteps/);
});

test('validationLoss is the mean over whole non-overlapping windows, however they are batched', () => {
  const m = new Recorder();
  // windows of 10 over 0..99: starts 0, 10, …, 80 (90 has no target for its last token); Y = s+1 … s+10.
  const want = [0, 10, 20, 30, 40, 50, 60, 70, 80].map((s) => s + 5.5).reduce((a, b) => a + b) / 9;
  assert.equal(validationLoss(m, ids, 10, 4), want);
  assert.equal(validationLoss(m, ids, 10, 1), want);
  assert.throws(() => validationLoss(m, ids.subarray(0, 10), 10), /a validation text of 10 tokens holds no window of 10 \(needs 11\)/);
});

test('a small tfjs LSTM learns a repetitive text and then continues it', async () => {
  await useBestBackend({ log: false });
  const text = 'abcdefgh '.repeat(60);
  const vocab = Vocab.characters(text);
  const m = new TfjsLanguageModel({ cell: 'lstm', vocabSize: vocab.size, embedDim: 8, numHiddens: 24, seed: 1 });
  const r = trainLanguageModel(m, vocab.encodeText(text), { batchSize: 8, numSteps: 16, maxSteps: 60, lr: 0.02, seed: 1 });
  assert.ok(r.losses[0]! > 1.8 && r.trainLoss < 0.5, `loss ${r.losses[0]} → ${r.trainLoss}`);
  assert.equal(generate(m, vocab, { prime: 'abc', length: 12, temperature: 0 }), 'abcdefgh abcdef');
  m.dispose();
});

test('checkpoints are offered every checkpointEvery training seconds', () => {
  /** A recorder whose steps take at least 4 ms of training time. */
  class Slow extends Recorder {
    override trainStep(X: Int32Array, Y: Int32Array, B: number, T: number, o: LMTrainStepOptions): LMStepResult {
      const end = Date.now() + 4;
      while (Date.now() < end) { /* busy: training time */ }
      return super.trainStep(X, Y, B, T, o);
    }
  }
  const at: number[] = [];
  const r = trainLanguageModel(new Slow(), ids, { batchSize: 2, numSteps: 8, maxSteps: 20, checkpointEvery: 0.01, onCheckpoint: (i) => at.push(i.elapsed) });
  assert.ok(at.length >= 1 && at.length <= Math.floor(r.seconds / 0.01), `${at.length} checkpoints in ${r.seconds} s`);
  at.forEach((t, i) => assert.ok(t - (i > 0 ? at[i - 1]! : 0) >= 0.01, `checkpoint ${i} at ${t} s`));
  const none: number[] = [];
  trainLanguageModel(new Slow(), ids, { batchSize: 2, numSteps: 8, maxSteps: 3, checkpointEvery: 1e6, onCheckpoint: (i) => none.push(i.step) });
  assert.deepEqual(none, []);
});

test('warm-up: step s uses lr·min(1, s/warmup)', () => {
  class LrRecorder extends Recorder {
    lrs: number[] = [];
    override trainStep(X: Int32Array, Y: Int32Array, B: number, T: number, o: LMTrainStepOptions): LMStepResult {
      this.lrs.push(o.lr);
      return super.trainStep(X, Y, B, T, o);
    }
  }
  const m = new LrRecorder();
  trainLanguageModel(m, Int32Array.from({ length: 100 }, (_, i) => i % 7), { batchSize: 2, numSteps: 4, maxSteps: 6, lr: 0.8, warmup: 4 });
  assert.deepEqual(m.lrs, [1, 2, 3, 4, 4, 4].map((s) => 0.8 * Math.min(1, s / 4)));
});
