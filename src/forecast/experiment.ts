/**
 * One forecasting experiment, as `rnnlab forecast` and the chapter run it: split the series in time,
 * fit the scaling on the training part, fit the baselines and train the model, then forecast every
 * test origin (rolling origin: the origin walks through the test part; the fitted parameters stay
 * fixed, each forecast uses only the values up to its origin) and score the forecasts at horizon H.
 */
import type { Engine } from '../engine';
import { Rng } from '../tensor';
import { driftForecast, naiveForecast, seasonalNaiveForecast } from './baselines';
import { fitLinearForecaster, linearForecasts } from './autoregression';
import { dieboldMariano, directionalAccuracy, mae, mase, rmse, seasonalNaiveScale } from './metrics';
import { RecurrentForecaster } from './model';
import {
  fitProblemScaling,
  type ForecastProblem,
  type Getter,
  originExtra,
  type ProblemScaling,
  recursiveForecast,
  reference,
} from './problem';
import { FORECAST_PROTOCOL, type ModelName, type SeriesName, type Strategy } from './protocol';
import { type StepInfo, trainForecaster, type TrainForecasterResult } from './train';
import {
  chronologicalOrigins,
  chronologicalSplit,
  type OriginSplit,
  randomOrigins,
  type SplitPoints,
} from './windows';
import type { RegressionLoss } from '../nn';

/** Options of {@link runForecast}; unset fields come from {@link FORECAST_PROTOCOL}. */
export interface ForecastOptions {
  series: SeriesName;
  /** @default FORECAST_PROTOCOL.model */
  model?: ModelName;
  /** @default FORECAST_PROTOCOL.strategy */
  strategy?: Strategy;
  /** @default FORECAST_PROTOCOL.horizon */
  horizon?: number;
  /** @default FORECAST_PROTOCOL.lookback[series] */
  lookback?: number;
  /** @default FORECAST_PROTOCOL.steps */
  steps?: number;
  /** @default FORECAST_PROTOCOL.seconds */
  seconds?: number;
  /** @default FORECAST_PROTOCOL.numHiddens */
  numHiddens?: number;
  /** @default FORECAST_PROTOCOL.loss */
  loss?: RegressionLoss;
  /** @default FORECAST_PROTOCOL.seed */
  seed?: number;
  /**
   * Where the scaling statistics come from: the training part (right) or the whole series (the leak).
   * @default 'train'
   */
  scalingFrom?: 'train' | 'all';
  /**
   * How windows are dealt into parts: in time order (right) or shuffled (the leak).
   * @default 'chronological'
   */
  split?: 'chronological' | 'random';
  /** Called after every training step. */
  onStep?: (step: number, info: StepInfo) => void;
}

/** Errors of one forecaster on the test origins. */
export interface Score {
  /** At horizon H. */
  mae: number;
  rmse: number;
  mase: number;
  /** MAE at horizon k = 1 … H (same origins). */
  maeByHorizon: number[];
  maseByHorizon: number[];
}

/** Everything an experiment measured. */
export interface ForecastResult {
  series: SeriesName;
  model: ModelName;
  strategy: Strategy;
  horizon: number;
  lookback: number;
  mae: number;
  rmse: number;
  mase: number;
  maeByHorizon: number[];
  maseByHorizon: number[];
  baselines: { naive: Score; seasonalNaive: Score; drift: Score; linear: Score; linearCalendar?: Score };
  /** Prices: share of test origins where the forecast change from y_t has the actual change's sign. */
  directionalAccuracy?: number;
  /** Its exact binomial p-value against 1/2. */
  directionalPValue?: number;
  /** The directional accuracy of always forecasting a rise: the base rate a coin is not. */
  alwaysUpAccuracy?: number;
  /** Prices: Diebold–Mariano p-value, model vs naive, squared errors at horizon H. */
  dmPValue?: number;
  dmStatistic?: number;
  /** First and last target dates scored at horizon H. */
  testStart: string;
  testEnd: string;
  testOrigins: number;
  /** MASE's scale Q: in-sample seasonal naive MAE (period m) on the training part. */
  maseScale: number;
  period: number;
  training?: TrainForecasterResult;
  /** The test forecasts, for plots and the CSV. */
  forecasts: Forecasts;
}

/** Test forecasts: [origins, H] row-major per forecaster, in the units of y (log price for prices). */
export interface Forecasts {
  origins: number[];
  horizon: number;
  byModel: Record<string, Float64Array>;
}

/** The scores of forecasts F [origins, H] against the truth. */
export function scoreForecasts(
  p: ForecastProblem,
  origins: readonly number[],
  horizon: number,
  F: Float64Array,
  Q: number,
): Score {
  const byK = Array.from({ length: horizon }, (_, k) => {
    const y = origins.map((t) => p.y[t + k + 1]!),
      f = origins.map((_, b) => F[b * horizon + k]!);
    return { mae: mae(y, f), rmse: rmse(y, f), mase: mase(y, f, Q) };
  });
  const last = byK[horizon - 1]!;
  return {
    mae: last.mae,
    rmse: last.rmse,
    mase: last.mase,
    maeByHorizon: byK.map((s) => s.mae),
    maseByHorizon: byK.map((s) => s.mase),
  };
}

/** Forecasts of a baseline function for every origin, [origins, H]. */
function baselineForecasts(
  origins: readonly number[],
  horizon: number,
  f: (t: number) => Float64Array,
): Float64Array {
  const out = new Float64Array(origins.length * horizon);
  origins.forEach((t, b) => out.set(f(t), b * horizon));
  return out;
}

/** The splits, the scaling and the origins of an experiment. */
export interface ExperimentSetup {
  split: SplitPoints;
  origins: OriginSplit;
  scaling: ProblemScaling;
  /** Origins of the one-step windows the linear models are fitted on (training part). */
  oneStepTrain: number[];
}

/** Splits and scales a problem as {@link runForecast} does. */
export function setupExperiment(
  p: ForecastProblem,
  lookback: number,
  horizon: number,
  o: Pick<ForecastOptions, 'scalingFrom' | 'split' | 'seed'> = {},
): ExperimentSetup {
  const n = p.y.length;
  if (!Number.isInteger(horizon) || horizon < 1)
    throw new Error(`horizon must be a positive integer; got ${horizon}`);
  if (!Number.isInteger(lookback) || lookback < 1)
    throw new Error(`lookback must be a positive integer; got ${lookback}`);
  if (lookback + horizon >= n)
    throw new Error(`lookback ${lookback} + horizon ${horizon} is longer than the series (${n} values)`);
  const split = chronologicalSplit(n, FORECAST_PROTOCOL.validationFraction, FORECAST_PROTOCOL.testFraction);
  const extra = originExtra(p, lookback);
  let origins = chronologicalOrigins(split, lookback, horizon, extra);
  if (origins.train.length === 0 || origins.test.length === 0) {
    throw new Error(
      `lookback ${lookback} leaves no training or test window in ${p.name} ` +
        `(${n} values, training part ${split.trainEnd})`,
    );
  }
  if ((o.split ?? 'chronological') === 'random')
    origins = randomOrigins(origins, new Rng((o.seed ?? 0) + 101));
  const scaling = fitProblemScaling(p, (o.scalingFrom ?? 'train') === 'all' ? n : split.trainEnd);
  const oneStepTrain =
    (o.split ?? 'chronological') === 'random'
      ? origins.train
      : chronologicalOrigins(split, lookback, 1, extra).train;
  return { split, origins, scaling, oneStepTrain };
}

/** Runs one experiment; `engine` is used for the recurrent models (unused for `linear`). */
export function runForecast(
  engine: Engine | undefined,
  options: ForecastOptions & { problem: ForecastProblem },
): ForecastResult {
  const P = FORECAST_PROTOCOL,
    p = options.problem,
    series = options.series;
  const model = options.model ?? P.model;
  // the linear models are one-step fits, always forecast recursively
  const strategy = model === 'linear' ? 'recursive' : (options.strategy ?? P.strategy);
  const H = options.horizon ?? P.horizon,
    L = options.lookback ?? P.lookback[series];
  const setup = setupExperiment(p, L, H, options);
  const { split, origins, scaling } = setup;
  const test = origins.test,
    m = p.period;
  const Q = seasonalNaiveScale(p.y, m, split.trainEnd);
  const byModel: Record<string, Float64Array> = {};
  byModel.naive = baselineForecasts(test, H, (t) => naiveForecast(p.y, t, H));
  byModel.seasonalNaive = baselineForecasts(test, H, (t) => seasonalNaiveForecast(p.y, t, H, m));
  byModel.drift = baselineForecasts(test, H, (t) => driftForecast(p.y, t, H));
  byModel.linear = linearForecasts(
    fitLinearForecaster(p, scaling, setup.oneStepTrain, L, false),
    p,
    scaling,
    test,
    H,
  );
  if (p.calendar !== undefined) {
    byModel.linearCalendar = linearForecasts(
      fitLinearForecaster(p, scaling, setup.oneStepTrain, L, true),
      p,
      scaling,
      test,
      H,
    );
  }
  let training: TrainForecasterResult | undefined;
  if (model === 'linear') {
    byModel.model = byModel.linearCalendar ?? byModel.linear;
  } else {
    if (engine === undefined) throw new Error(`runForecast: model '${model}' needs an engine`);
    const net = new RecurrentForecaster(engine, p, scaling, {
      cell: model,
      numHiddens: options.numHiddens ?? P.numHiddens,
      seed: options.seed ?? P.seed,
    });
    try {
      const outputs = strategy === 'direct' ? H : 1;
      const trainOrigins = strategy === 'direct' ? origins.train : setup.oneStepTrain;
      training = trainForecaster(net, trainOrigins, origins.validation, {
        lookback: L,
        horizon: outputs,
        steps: options.steps ?? P.steps,
        seconds: options.seconds ?? P.seconds,
        batchSize: P.batchSize,
        lr: P.lr,
        clip: P.clip,
        loss: options.loss ?? P.loss,
        evalEvery: P.evalEvery,
        seed: options.seed ?? P.seed,
        onStep: options.onStep,
      });
      if (strategy === 'direct') {
        const get: Getter = (i) => p.y[i]!;
        const z = net.predictZ(
          test.map(() => get),
          test,
          L,
          H,
        );
        byModel.model = Float64Array.from(z, (zk, j) => {
          const b = Math.floor(j / H),
            k = (j % H) + 1;
          return reference(get, test[b]!, k, m) + scaling.targetStd * zk;
        });
      } else {
        byModel.model = recursiveForecast(p, scaling, test, L, H, (gets, at) => net.predictZ(gets, at, L, 1));
      }
    } finally {
      net.dispose();
    }
  }
  const score = (k: string): Score => scoreForecasts(p, test, H, byModel[k]!, Q);
  const main = score('model');
  const result: ForecastResult = {
    series,
    model,
    strategy,
    horizon: H,
    lookback: L,
    mae: main.mae,
    rmse: main.rmse,
    mase: main.mase,
    maeByHorizon: main.maeByHorizon,
    maseByHorizon: main.maseByHorizon,
    baselines: {
      naive: score('naive'),
      seasonalNaive: score('seasonalNaive'),
      drift: score('drift'),
      linear: score('linear'),
    },
    testStart: p.dates[test[0]! + H]!,
    testEnd: p.dates[test.at(-1)! + H]!,
    testOrigins: test.length,
    maseScale: Q,
    period: m,
    training,
    forecasts: { origins: test, horizon: H, byModel },
  };
  if (byModel.linearCalendar) result.baselines.linearCalendar = score('linearCalendar');
  if (p.logPrice) {
    const y = test.map((t) => p.y[t + H]!),
      base = test.map((t) => p.y[t]!);
    const f = test.map((_, b) => byModel.model![b * H + H - 1]!),
      fNaive = test.map((_, b) => byModel.naive![b * H + H - 1]!);
    const da = directionalAccuracy(y, f, base);
    const dm = dieboldMariano(
      y.map((v, i) => v - f[i]!),
      y.map((v, i) => v - fNaive[i]!),
      H,
    );
    result.directionalAccuracy = da.accuracy;
    result.directionalPValue = da.pValue;
    result.alwaysUpAccuracy = directionalAccuracy(
      y,
      base.map((v) => v + 1),
      base,
    ).accuracy;
    result.dmStatistic = dm.statistic;
    result.dmPValue = dm.pValue;
  }
  return result;
}
