/**
 * The forecasting protocol: every default of `rnnlab forecast` and of the chapter, written once.
 */
import type { CellType } from '../engine';
import type { RegressionLoss } from '../nn';

/** The series the chapter forecasts. */
export const SERIES_NAMES = ['births', 'sp500', 'wti'] as const;
export type SeriesName = (typeof SERIES_NAMES)[number];

/** The models: a recurrent network of one of three cells, or the linear AR fit. */
export const MODEL_NAMES = ['lstm', 'gru', 'rnn', 'linear'] as const;
export type ModelName = CellType | 'linear';

/** direct: H outputs from one pass; recursive: one-step model, predictions fed back. */
export const STRATEGIES = ['direct', 'recursive'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The settings of one forecasting run. */
export interface ForecastProtocol {
  model: ModelName;
  strategy: Strategy;
  horizon: number;
  /** Look-back L, by series (days for births and WTI, months for the S&P 500). */
  lookback: Record<SeriesName, number>;
  validationFraction: number;
  testFraction: number;
  numHiddens: number;
  batchSize: number;
  /** Adam's learning rate. */
  lr: number;
  clip: number;
  loss: RegressionLoss;
  /** Training steps (the run stops at whichever of steps and seconds comes first). */
  steps: number;
  seconds: number;
  /** Steps between validation passes (the best validation weights are kept). */
  evalEvery: number;
  seed: number;
}

/** The defaults. */
export const FORECAST_PROTOCOL: ForecastProtocol = {
  model: 'gru',
  strategy: 'direct',
  horizon: 1,
  lookback: { births: 28, sp500: 24, wti: 20 },
  validationFraction: 0.15,
  testFraction: 0.15,
  numHiddens: 32,
  batchSize: 64,
  lr: 3e-3,
  clip: 1,
  loss: 'mse',
  steps: 3000,
  seconds: 120,
  evalEvery: 100,
  seed: 0,
};
