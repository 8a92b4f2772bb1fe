/** Weight initialisers, seeded. */
import { DType, Tensor } from './tensor';
import { Rng } from './rng';

/**
 * Glorot (Xavier) uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)), keeping the variance of
 * activations and gradients roughly constant across layers (Glorot & Bengio 2010). tfjs's default.
 */
export function glorotUniform(shape: readonly [number, number], rng: Rng, dtype: DType = 'float32'): Tensor {
  const [fanIn, fanOut] = shape;
  const a = Math.sqrt(6 / (fanIn + fanOut));
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.range(-a, a);
  return t;
}

/** Normal with the given standard deviation. */
export function normalInit(shape: readonly number[], std: number, rng: Rng, dtype: DType = 'float32'): Tensor {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.normal(0, std);
  return t;
}

/** Uniform in [low, high). */
export function uniformInit(shape: readonly number[], low: number, high: number, rng: Rng, dtype: DType = 'float32'): Tensor {
  const t = Tensor.zeros(shape, dtype);
  for (let i = 0; i < t.size; i++) t.data[i] = rng.range(low, high);
  return t;
}
