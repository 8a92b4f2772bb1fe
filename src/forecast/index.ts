// Re-exports of src/forecast/: time series as supervised windows, baselines, the linear AR fit,
// recurrent forecasters on the engine with the regression head, metrics and tests, one experiment.
export * from './windows';
export * from './scaling';
export * from './baselines';
export * from './linear';
export * from './metrics';
export * from './calendar';
export * from './problem';
export * from './autoregression';
export * from './model';
export * from './train';
export * from './protocol';
export * from './series';
export * from './experiment';
