/**
 * The engine's seeded random numbers (mulberry32): weight initialisation and dropout seeds, so that a
 * model built with the same seed trains the same way on every machine and thread count.
 */
export class EngineRng {
  private s: number;

  constructor(seed: number) {
    this.s = (seed >>> 0) ^ 0x6d2b79f5;
  }

  /** A uniform integer in [0, 2³²). */
  nextU32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** A standard normal number (Box–Muller). */
  normal(): number {
    const u = 1 - this.uniform(), v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** `n` values uniform in [−a, a). */
  uniformArray(n: number, a: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = (2 * this.uniform() - 1) * a;
    return out;
  }

  /** `n` values normal with standard deviation `std`. */
  normalArray(n: number, std: number): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = this.normal() * std;
    return out;
  }
}
