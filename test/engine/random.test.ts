// The engine's random numbers are src/tensor's Rng started at seed ⊕ 0x6d2b79f5: the same draws, bit for
// bit, as the generator the engine had before (written out here as the second implementation), so
// every engine model keeps its initial weights for a given seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { engineRng } from '../../src/engine/random';

/** The engine's former generator (mulberry32 with its state started at seed ⊕ 0x6d2b79f5). */
class FormerEngineRng {
  private s: number;
  constructor(seed: number) {
    this.s = (seed >>> 0) ^ 0x6d2b79f5;
  }
  nextU32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  uniform(): number {
    return this.nextU32() / 4294967296;
  }
  normal(): number {
    const u = 1 - this.uniform(),
      v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

test('engineRng draws what the former engine generator drew: integers, uniform and normal arrays', () => {
  for (const seed of [0, 1, 7, 31, 2 ** 31 + 5]) {
    const a = engineRng(seed),
      b = new FormerEngineRng(seed);
    for (let i = 0; i < 100; i++) assert.equal(a.nextU32(), b.nextU32());
    const u = a.uniformArray(200, 0.3);
    const n = a.normalArray(200, 0.02);
    const uRef = Float32Array.from({ length: 200 }, () => (2 * b.uniform() - 1) * 0.3);
    const nRef = Float32Array.from({ length: 200 }, () => b.normal() * 0.02);
    assert.deepEqual(u, uRef);
    assert.deepEqual(n, nRef);
  }
});
