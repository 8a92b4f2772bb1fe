// The one training loop: budgets, the divergence stop, the smoothed loss, callbacks in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TrainingLoop, LoopStepInfo } from '../../src/train/loop';

test('a step budget runs exactly maxSteps steps; smoothLoss is the mean of the last window of losses', () => {
  const seen: LoopStepInfo[] = [];
  const loop = new TrainingLoop({ maxSteps: 7, smoothWindow: 3, onStep: (i) => seen.push(i) });
  let k = 0;
  while (loop.running) loop.step(() => 10 - k++);
  const r = loop.result();
  assert.equal(r.steps, 7);
  assert.deepEqual(r.losses, [10, 9, 8, 7, 6, 5, 4]);
  assert.deepEqual(
    seen.map((i) => i.step),
    [1, 2, 3, 4, 5, 6, 7],
  );
  assert.equal(seen[0]!.smoothLoss, 10);
  assert.equal(seen[1]!.smoothLoss, (10 + 9) / 2);
  assert.equal(r.trainLoss, (6 + 5 + 4) / 3);
  assert.equal(new TrainingLoop({ maxSteps: 0 }).running, false);
  assert.ok(Number.isNaN(new TrainingLoop({ maxSteps: 0 }).result().trainLoss), 'no step, no smoothed loss');
});

test('a non-finite loss stops training with the step that diverged', () => {
  const loop = new TrainingLoop({ maxSteps: 5 });
  loop.step(() => 1);
  assert.throws(() => loop.step(() => Number.NaN), /training diverged at step 2: loss NaN/);
  assert.throws(
    () => new TrainingLoop({ maxSteps: 5 }).step(() => Infinity),
    /diverged at step 1: loss Infinity/,
  );
});

test('a time budget stops once the steps took that long; callbacks are not training time', () => {
  // A fake clock: each step takes 10 ms, each callback 100 ms.
  let ms = 0;
  const loop = new TrainingLoop({
    seconds: 0.035,
    now: () => ms,
    onStep: () => {
      ms += 100;
    },
  });
  while (loop.running)
    loop.step(() => {
      ms += 10;
      return 1;
    });
  const r = loop.result();
  // Training time 10, 20, 30, 40 ms: the 4th step crosses 35 ms; a wall clock would have stopped after 1.
  assert.equal(r.steps, 4);
  assert.equal(r.seconds, 0.04);
  assert.equal(ms, 4 * 110);
});

test('bad budgets are named; a named caller needs a budget', () => {
  assert.throws(() => new TrainingLoop({ what: 'trainX' }), /trainX: give seconds or maxSteps \(or both\)/);
  assert.throws(() => new TrainingLoop({ seconds: 0 }), /seconds must be > 0, got 0/);
  assert.throws(() => new TrainingLoop({ maxSteps: 1.5 }), /maxSteps must be an integer ≥ 0, got 1.5/);
  assert.throws(
    () => new TrainingLoop({ maxSteps: 1, smoothWindow: 0 }),
    /smoothWindow must be an integer ≥ 1, got 0/,
  );
  assert.throws(
    () => new TrainingLoop({ maxSteps: 1, checkpointEvery: NaN }),
    /checkpointEvery must be a finite number of seconds ≥ 0 \(0: never\), got NaN/,
  );
  assert.equal(new TrainingLoop().running, true, 'no budget: the caller decides when to stop');
});

test('onStep, then the plot hook, then a checkpoint when checkpointEvery seconds have passed', async () => {
  const calls: string[] = [];
  const loop = new TrainingLoop({
    maxSteps: 3,
    checkpointEvery: 1e-9,
    onStep: (i) => calls.push(`step ${i.step}`),
    plot: (i) => calls.push(`plot ${i.step}`),
    onCheckpoint: (i) => calls.push(`checkpoint ${i.step}`),
  });
  const busy = (): number => {
    const t = Date.now();
    while (Date.now() - t < 2);
    return 1;
  };
  loop.step(busy);
  await loop.stepAsync(async () => busy());
  assert.deepEqual(calls, ['step 1', 'plot 1', 'checkpoint 1', 'step 2', 'plot 2', 'checkpoint 2']);
  assert.equal(loop.steps, 2);
});
