/**
 * Training a recurrent forecaster: Adam on random batches of training windows, a validation pass
 * every `evalEvery` steps, and the weights of the best validation loss kept (early stopping by
 * selection). The budget is `train`'s `TrainingLoop`: `steps` steps or `seconds` of training (the
 * steps' own time), whichever ends first.
 */
import { Optimizer } from '../engine';
import { TrainingLoop } from '../train';
import { Rng } from '../tensor';
import type { RecurrentForecaster } from './model';
import { regressionLoss, type RegressionLoss } from '../nn';
import { type Getter, targetValue } from './problem';

/** Options of {@link trainForecaster}. */
export interface TrainForecasterOptions {
  lookback: number;
  /** Outputs per window: H (direct) or 1 (recursive). */
  horizon: number;
  steps: number;
  seconds: number;
  batchSize: number;
  lr: number;
  clip: number;
  loss: RegressionLoss;
  evalEvery: number;
  seed: number;
  /** Called after every step with the mean training loss since the last validation pass. */
  onStep?: (step: number, info: StepInfo) => void;
}

/** What {@link TrainForecasterOptions.onStep} receives after each step. */
export interface StepInfo {
  /** Mean training loss since the last validation pass. */
  loss: number;
  /** The best validation loss so far (that of the kept weights). */
  validation: number;
  elapsed: number;
  /** After a validation pass: [step, mean training loss, validation loss] of that pass. */
  evaluated?: [number, number, number];
}

/** What training did. */
export interface TrainForecasterResult {
  steps: number;
  seconds: number;
  /** Validation loss (in the scaled target z) of the kept weights. */
  validationLoss: number;
  /** The step whose weights were kept. */
  bestStep: number;
  /** [step, training loss, validation loss] at each validation pass. */
  history: [number, number, number][];
}

/** Mean loss of the model's ẑ on the validation windows. */
export function validationLoss(
  model: RecurrentForecaster,
  origins: readonly number[],
  lookback: number,
  horizon: number,
  loss: RegressionLoss,
): number {
  const p = model.problem,
    get: Getter = (i) => p.y[i]!;
  const zHat = model.predictZ(
    origins.map(() => get),
    origins,
    lookback,
    horizon,
  );
  const z = new Float64Array(zHat.length);
  origins.forEach((t, b) => {
    for (let k = 0; k < horizon; k++) z[b * horizon + k] = targetValue(p, model.scaling, t, k + 1);
  });
  return regressionLoss(loss, zHat, z);
}

/** Trains `model` on `train` origins, selecting on `validation` origins. */
export function trainForecaster(
  model: RecurrentForecaster,
  train: readonly number[],
  validation: readonly number[],
  o: TrainForecasterOptions,
): TrainForecasterResult {
  if (train.length === 0)
    throw new Error('trainForecaster: no training windows (is the look-back longer than the training part?)');
  if (validation.length === 0) throw new Error('trainForecaster: no validation windows');
  const rng = new Rng(o.seed + 17);
  const optimizer = new Optimizer(model.engineRef, 'adam');
  const history: [number, number, number][] = [];
  let best = validationLoss(model, validation, o.lookback, o.horizon, o.loss);
  let bestStep = 0,
    kept = model.snapshot(),
    running = 0,
    seen = 0;
  // the budget (steps, and the steps' own seconds: validation passes are not training time)
  const loop = new TrainingLoop({ what: 'trainForecaster', maxSteps: o.steps, seconds: o.seconds });
  try {
    while (loop.running) {
      const batch = Array.from({ length: o.batchSize }, () => train[rng.int(train.length)]!);
      const { step, loss, elapsed } = loop.step(() =>
        model.trainStep(batch, o.lookback, o.horizon, { loss: o.loss, optimizer, lr: o.lr, clip: o.clip }),
      );
      running += loss;
      seen++;
      let evaluated: [number, number, number] | undefined;
      if (step % o.evalEvery === 0 || step === o.steps) {
        const v = validationLoss(model, validation, o.lookback, o.horizon, o.loss);
        evaluated = [step, running / seen, v];
        history.push(evaluated);
        running = 0;
        seen = 0;
        if (v < best) {
          best = v;
          bestStep = step;
          kept = model.snapshot();
        }
      }
      const recent = seen > 0 ? running / seen : evaluated![1];
      o.onStep?.(step, { loss: recent, validation: best, elapsed, ...(evaluated ? { evaluated } : {}) });
    }
  } finally {
    optimizer.dispose();
  }
  model.restore(kept);
  const { steps, seconds } = loop.result();
  return {
    steps,
    seconds,
    validationLoss: best,
    bestStep,
    history,
  };
}
