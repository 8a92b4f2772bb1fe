// Re-exports of src/plot/: plotly figures shown inline in tslab (offline: the bundle comes from plotly.js-dist).
export * from './figure';
export * from './charts';
export * from './show';
export * from './live';
export * from './markdown';
