// Re-exports of src/checks/: the math-formula checks — closeness, gradient checks, shapes, the registry.
export * from './close';
export * from './expect';
export * from './gradcheck';
export { ShapeError, checkShape, matmulShape } from '../tensor/index';
export type { Dim } from '../tensor/index';
export * from './cases';
export * from './registry';
export * from './errata';
export * from './dates';
export * from './crossCheck';
export * from './transformer-cases';
export * from './transformer-engine';
export * from './dropout-cases';
