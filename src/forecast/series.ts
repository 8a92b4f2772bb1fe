/** The chapter's three series as forecasting problems. */
import { loadBirths, loadSp500, loadWti } from '../data';
import { birthsProblem, type ForecastProblem, priceProblem } from './problem';
import type { SeriesName } from './protocol';

/**
 * births: US births per day 1969–1988 with its calendar; sp500: log S&P 500 monthly since 1871; wti:
 * log WTI daily from 1986 up to 2020-04-17 (the next price, −36.98, has no logarithm).
 */
export function loadProblem(series: SeriesName): ForecastProblem {
  switch (series) {
    case 'births':
      return birthsProblem(loadBirths());
    case 'sp500':
      return priceProblem(loadSp500());
    case 'wti':
      return priceProblem(loadWti({ beforeNonPositive: true }));
  }
}
