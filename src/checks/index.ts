// Re-exports of src/checks/: the math-formula checks — closeness, gradient checks, shapes, the registry.
export * from './close';
export * from './expect';
export * from './gradcheck';
export * from './shape';
export * from './cases';
export * from './registry';
export * from './all';
export * from './errata';
export * from './transformer-cases';
export * from './transformer-engine';
export { attentionRowError, causalLeak, sinusoidalShiftError } from './catalog/transformer';
