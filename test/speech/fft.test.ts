import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dft, fft, isPowerOfTwo, nextPowerOfTwo } from '../../src/speech/fft';
import { fftVsDftError, parsevalError } from '../../src/speech/checks';

test('fft equals the directly summed DFT, and Parseval holds', () => {
  for (const N of [1, 2, 8, 64, 512]) assert.ok(fftVsDftError(N, N) < 1e-9, `N = ${N}`);
  assert.ok(parsevalError(256) < 1e-12);
});

test('hand cases: the DFT of an impulse is flat, of a constant is N at k = 0', () => {
  const re = Float64Array.of(1, 0, 0, 0),
    im = new Float64Array(4);
  fft(re, im);
  assert.deepEqual(Array.from(re), [1, 1, 1, 1]);
  const c = dft([2, 2, 2, 2], [0, 0, 0, 0]);
  assert.ok(Math.abs(c.re[0]! - 8) < 1e-12 && c.re.slice(1).every((v) => Math.abs(v) < 1e-12));
});

test('fft refuses a length that is not a power of two, naming it', () => {
  assert.throws(() => fft(new Float64Array(6), new Float64Array(6)), /power of two; got 6/);
  assert.equal(nextPowerOfTwo(200), 256);
  assert.ok(isPowerOfTwo(256) && !isPowerOfTwo(200));
});
