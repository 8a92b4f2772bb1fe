/**
 * `rnnlab forecast`: trains a recurrent forecaster (or fits the linear AR model) on the training part
 * of a series, forecasts every origin of the test part, and scores it next to the baselines — the
 * claim of document 004 §5.3 (股票价格预测) put to a test.
 */
import * as fs from 'node:fs';
import {
  Command,
  choiceOption,
  numberOption,
  printJson,
  stringOption,
  threadsOption,
  UsageError,
} from './command';
import { createEngine, trainingThreads } from '../engine';
import {
  FORECAST_PROTOCOL,
  type ForecastResult,
  loadProblem,
  MODEL_NAMES,
  type ModelName,
  runForecast,
  SERIES_NAMES,
  type SeriesName,
  STRATEGIES,
  type Strategy,
} from '../forecast';
import { progress, type Progress } from '../train';
import { REGRESSION_LOSSES, type RegressionLoss } from '../nn';

const round = (x: number, d = 5): number => Number(x.toPrecision(d));

/** The `--json` object: the issue's fields, then the details. */
export function forecastJson(r: ForecastResult, extra: Record<string, unknown>): Record<string, unknown> {
  const score = (s: { mae: number; rmse: number; mase: number }) => ({
    mae: round(s.mae),
    rmse: round(s.rmse),
    mase: round(s.mase),
  });
  const b = r.baselines;
  return {
    series: r.series,
    model: r.model,
    strategy: r.strategy,
    horizon: r.horizon,
    lookback: r.lookback,
    mae: round(r.mae),
    rmse: round(r.rmse),
    mase: round(r.mase),
    baselines: {
      naive: score(b.naive),
      seasonalNaive: score(b.seasonalNaive),
      drift: score(b.drift),
      linear: score(b.linear),
      ...(b.linearCalendar ? { linearCalendar: score(b.linearCalendar) } : {}),
    },
    ...(r.directionalAccuracy !== undefined
      ? {
          directionalAccuracy: round(r.directionalAccuracy),
          directionalPValue: round(r.directionalPValue!),
          alwaysUpAccuracy: round(r.alwaysUpAccuracy!),
          dmStatistic: round(r.dmStatistic!),
          dmPValue: round(r.dmPValue!),
        }
      : {}),
    testStart: r.testStart,
    testEnd: r.testEnd,
    testOrigins: r.testOrigins,
    maseByHorizon: r.maseByHorizon.map((v) => round(v)),
    maseScale: round(r.maseScale),
    period: r.period,
    ...(r.training
      ? { steps: r.training.steps, bestStep: r.training.bestStep, seconds: round(r.training.seconds, 4) }
      : {}),
    ...extra,
  };
}

/**
 * The test forecasts at horizon H as CSV: origin, date, actual, then one column per forecaster (prices
 * as prices). The model's column is named after it; `linear` is already a baseline's column.
 */
export function predictionsCsv(
  r: ForecastResult,
  dates: readonly string[],
  y: Float64Array,
  logPrice: boolean,
): string {
  // the linear model's column would repeat a baseline's (linear, or linearCalendar for births)
  const H = r.horizon,
    names = Object.keys(r.forecasts.byModel).filter((n) => !(n === 'model' && r.model === 'linear'));
  const unit = (v: number): number => (logPrice ? Math.exp(v) : v);
  const header = ['origin', 'date', 'actual', ...names.map((n) => (n === 'model' ? r.model : n))].join(',');
  const rows = r.forecasts.origins.map((t, b) =>
    [
      dates[t],
      dates[t + H],
      unit(y[t + H]!),
      ...names.map((n) => unit(r.forecasts.byModel[n]![b * H + H - 1]!)),
    ]
      .map((v) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v))
      .join(','),
  );
  return [header, ...rows].join('\n') + '\n';
}

export const command: Command = {
  name: 'forecast',
  summary:
    'forecast births, the S&P 500 or WTI oil with an RNN/GRU/LSTM or AR: MASE vs naive, ' +
    'seasonal naive, drift, AR; direction and Diebold–Mariano tests',
  usage:
    '--series births|sp500|wti [--model lstm|gru|rnn|linear] [--strategy direct|recursive] [--loss mse|mae] ' +
    '[--horizon H] [--lookback L] [--seconds N] [--steps N] [--seed S] [--threads N] ' +
    '[--predictions FILE] [--json]',
  options: {
    series: {
      type: 'string',
      description: 'births (US, daily 1969–1988), sp500 (monthly since 1871), wti (daily 1986–2020-04-17)',
    },
    model: {
      type: 'string',
      description: 'lstm, gru, rnn, or linear (AR on the look-back, plus the calendar for births)',
      defaultText: FORECAST_PROTOCOL.model,
    },
    strategy: {
      type: 'string',
      description: 'direct (H outputs at once) or recursive (one step, fed back)',
      defaultText: FORECAST_PROTOCOL.strategy,
    },
    loss: {
      type: 'string',
      description: 'training loss of the networks: mse or mae',
      defaultText: FORECAST_PROTOCOL.loss,
    },
    horizon: {
      type: 'string',
      description: 'steps ahead H; the scores are those of the H-step forecast',
      defaultText: String(FORECAST_PROTOCOL.horizon),
    },
    lookback: {
      type: 'string',
      description: 'look-back L (values the model sees)',
      defaultText: Object.entries(FORECAST_PROTOCOL.lookback)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    },
    seconds: {
      type: 'string',
      description: 'training time budget',
      defaultText: String(FORECAST_PROTOCOL.seconds),
    },
    steps: {
      type: 'string',
      description: 'training step budget (whichever budget ends first stops training)',
      defaultText: String(FORECAST_PROTOCOL.steps),
    },
    seed: {
      type: 'string',
      description: 'seed of the weights and batches',
      defaultText: String(FORECAST_PROTOCOL.seed),
    },
    threads: {
      type: 'string',
      description: 'engine threads',
      defaultText: 'RNNLAB_THREADS, else the cores available',
    },
    predictions: {
      type: 'string',
      description:
        'write the test forecasts at horizon H as CSV (origin, date, actual, one column per forecaster)',
    },
    json: { type: 'boolean', description: 'print one JSON object' },
  },
  async run(args) {
    const raw = args.values.series;
    if (raw === undefined) throw new UsageError(`--series is required: one of ${SERIES_NAMES.join(', ')}`);
    const series = choiceOption<SeriesName>(args, 'series', SERIES_NAMES, 'births');
    const model = choiceOption<ModelName>(args, 'model', MODEL_NAMES, FORECAST_PROTOCOL.model);
    const strategy = choiceOption<Strategy>(args, 'strategy', STRATEGIES, FORECAST_PROTOCOL.strategy);
    const loss = choiceOption<RegressionLoss>(args, 'loss', REGRESSION_LOSSES, FORECAST_PROTOCOL.loss);
    const integer = (name: string, fallback: number, min: number, max = 1e9): number => {
      const v = numberOption(args, name, fallback, min, max);
      if (!Number.isInteger(v))
        throw new UsageError(`--${name} must be a whole number; got '${String(args.values[name])}'`);
      return v;
    };
    const horizon = integer('horizon', FORECAST_PROTOCOL.horizon, 1);
    const lookback = integer('lookback', FORECAST_PROTOCOL.lookback[series], 1);
    const steps = integer('steps', FORECAST_PROTOCOL.steps, 1);
    const seed = integer('seed', FORECAST_PROTOCOL.seed, 0, 2 ** 31 - 1);
    const seconds = numberOption(args, 'seconds', FORECAST_PROTOCOL.seconds, 0.001, 1e7);
    const threads = threadsOption(args, trainingThreads);
    const predictions = stringOption(args, 'predictions');
    const problem = loadProblem(series);
    if (lookback + horizon >= problem.y.length) {
      throw new UsageError(
        `--lookback ${lookback} with --horizon ${horizon} is longer than the series ${series} ` +
          `(${problem.y.length} values)`,
      );
    }
    console.error(
      `rnnlab forecast: ${problem.name}, ${problem.y.length} values, ${model}` +
        `${model === 'linear' ? '' : ` (${strategy})`}, horizon ${horizon}, look-back ${lookback}`,
    );
    const engine = model === 'linear' ? undefined : await createEngine({ threads });
    let bar: Progress | undefined;
    try {
      if (engine) bar = progress({ label: `training ${model}`, total: steps, unit: 'steps' });
      let r: ForecastResult;
      try {
        r = runForecast(engine, {
          problem,
          series,
          model,
          strategy,
          horizon,
          lookback,
          steps,
          seconds,
          seed,
          loss,
          onStep: (step, info) => bar?.update(step, { loss: info.loss, 'best val': info.validation }),
        });
      } catch (err) {
        const msg = (err as Error).message;
        if (/lookback|horizon/.test(msg)) throw new UsageError(msg);
        throw err;
      }
      bar?.done(r.training ? { steps: r.training.steps, 'kept step': r.training.bestStep } : undefined);
      if (predictions !== undefined) {
        fs.writeFileSync(predictions, predictionsCsv(r, problem.dates, problem.y, problem.logPrice));
        console.error(`rnnlab forecast: wrote ${r.testOrigins} test forecasts to ${predictions}`);
      }
      const out = forecastJson(r, engine ? { threads } : {});
      if (args.values.json === true) printJson(out);
      else {
        const b = r.baselines;
        const line = (name: string, s: { mae: number; rmse: number; mase: number }) =>
          `  ${name.padEnd(16)} MASE ${s.mase.toFixed(3)}   MAE ${s.mae.toPrecision(4)}   ` +
          `RMSE ${s.rmse.toPrecision(4)}`;
        console.log(
          `${series}, test ${r.testStart} … ${r.testEnd} (${r.testOrigins} origins), horizon ${horizon}:`,
        );
        console.log(line(model === 'linear' ? 'linear (model)' : model, r));
        for (const [k, s] of Object.entries(b)) if (s) console.log(line(k, s));
        if (r.directionalAccuracy !== undefined) {
          console.log(
            `  direction: ${(100 * r.directionalAccuracy).toFixed(1)}% ` +
              `(binomial p = ${r.directionalPValue!.toPrecision(3)}; ` +
              `always-up ${(100 * r.alwaysUpAccuracy!).toFixed(1)}%)`,
          );
          console.log(
            `  Diebold–Mariano vs naive: DM = ${r.dmStatistic!.toFixed(3)}, ` +
              `p = ${r.dmPValue!.toPrecision(3)}`,
          );
        }
      }
      return 0;
    } finally {
      engine?.dispose();
    }
  },
};
