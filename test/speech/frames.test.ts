import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frameSignal, hamming, numFrames, preEmphasis } from '../../src/speech/frames';
import { pureToneError } from '../../src/speech/checks';
import { powerSpectrum } from '../../src/speech/frames';

test('pre-emphasis y_n = x_n − α x_{n−1}', () => {
  assert.deepEqual(Array.from(preEmphasis([1, 2, 4], 0.5)), [1, 2 - 0.5 * 1, 4 - 0.5 * 2]);
});

test('framing: 1 + ⌊(N − L)/S⌋ frames of L samples, a short signal padded to one frame', () => {
  assert.equal(numFrames(1000, 200, 80), 1 + Math.floor(800 / 80));
  const f = frameSignal([1, 2, 3, 4, 5, 6, 7], 4, 2);
  assert.deepEqual(
    f.map((x) => Array.from(x)),
    [
      [1, 2, 3, 4],
      [3, 4, 5, 6],
    ],
  );
  assert.deepEqual(Array.from(frameSignal([1, 2], 4, 2)[0]!), [1, 2, 0, 0]);
});

test('Hamming: 0.08 at both ends, 1 in the middle of an odd window, symmetric', () => {
  const w = hamming(201);
  assert.ok(
    Math.abs(w[0]! - 0.08) < 1e-15 && Math.abs(w[200]! - 0.08) < 1e-15 && Math.abs(w[100]! - 1) < 1e-15,
  );
  for (let n = 0; n < 201; n++) assert.ok(Math.abs(w[n]! - w[200 - n]!) < 1e-15);
});

test('a pure tone peaks in its bin with power A²N/4 (rectangular window); with Hamming the peak stays in that bin', () => {
  assert.ok(pureToneError(256, 37, 0.8) < 1e-12);
  const N = 256,
    k0 = 50,
    x = Float64Array.from({ length: 200 }, (_, n) => Math.sin((2 * Math.PI * k0 * n) / N));
  const P = powerSpectrum(x, hamming(200), N);
  assert.equal(P.indexOf(Math.max(...P)), k0);
});
