/**
 * The engine's seeded random numbers: src/tensor's {@link Rng} (mulberry32), for weight initialisation
 * and dropout seeds, so that a model built with the same seed trains the same way on every machine and
 * thread count. The engine starts the state at seed ⊕ 0x6d2b79f5 (as it always has: its weights for a
 * given seed stay bit-identical to earlier releases).
 */
import { Rng } from '../tensor';

/** The engine's random numbers for `seed`. */
export function engineRng(seed: number): Rng {
  return new Rng(((seed >>> 0) ^ 0x6d2b79f5) >>> 0);
}
