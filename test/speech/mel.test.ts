import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterbankEnergies, hzToMel, melFilterbank, melToHz, vtlpWarp } from '../../src/speech/mel';
import { melTrianglesError } from '../../src/speech/checks';

test('HTK mel: mel(0) = 0, mel(700) = 2595 log₁₀ 2, and melToHz inverts it', () => {
  assert.equal(hzToMel(0), 0);
  assert.ok(Math.abs(hzToMel(700) - 2595 * Math.log10(2)) < 1e-12);
  for (const f of [50, 1000, 3999]) assert.ok(Math.abs(melToHz(hzToMel(f)) - f) < 1e-9);
});

test('triangles: peak 1 at the centre bin, zero outside their edges, sum to 1 between f_1 and f_M', () => {
  assert.ok(melTrianglesError(26, 256, 8000) < 1e-9);
  assert.ok(melTrianglesError(40, 512, 16000) < 1e-9);
  // 3 filters on 0–4000 Hz at 8 kHz, N = 16: edges equally spaced in mel
  const fb = melFilterbank(3, 16, 8000);
  const step = hzToMel(4000) / 4;
  fb.edgesHz.forEach((f, i) => assert.ok(Math.abs(hzToMel(f) - i * step) < 1e-9));
  fb.H.forEach((row, m) =>
    row.forEach((v, k) => {
      const f = (k * 8000) / 16;
      if (f <= fb.edgesHz[m]! || f >= fb.edgesHz[m + 2]!) assert.equal(v, 0, `filter ${m} bin ${k}`);
      else assert.ok(v > 0 && v <= 1);
    }),
  );
  // E_m of a flat spectrum of ones is the sum of the filter's weights
  const E = filterbankEnergies(fb, new Float64Array(9).fill(1));
  fb.H.forEach((row, m) => assert.ok(Math.abs(E[m]! - row.reduce((s, v) => s + v, 0)) < 1e-12));
});

test('VTLP warp: α·f below the knee, continuous at it, 0 and the Nyquist frequency fixed, monotone', () => {
  for (const alpha of [0.9, 1.1]) {
    const fN = 4000,
      knee = (0.8 * fN * Math.min(alpha, 1)) / alpha;
    assert.equal(vtlpWarp(0, alpha, fN), 0);
    assert.ok(Math.abs(vtlpWarp(fN, alpha, fN) - fN) < 1e-9);
    assert.ok(Math.abs(vtlpWarp(1000, alpha, fN) - alpha * 1000) < 1e-12);
    assert.ok(Math.abs(vtlpWarp(knee + 1e-9, alpha, fN) - alpha * knee) < 1e-6);
    for (let f = 0; f < fN; f += 50) assert.ok(vtlpWarp(f + 50, alpha, fN) > vtlpWarp(f, alpha, fN));
  }
  // α = 1.1 reads bin f at 1.1 f: filter m's peak moves down to the bin nearest f_m / 1.1
  const plain = melFilterbank(26, 256, 8000),
    warped = melFilterbank(26, 256, 8000, 0, 4000, 1.1);
  const peak = (row: Float64Array) => row.indexOf(Math.max(...row));
  assert.ok(peak(warped.H[5]!) < peak(plain.H[5]!));
  assert.throws(() => melFilterbank(26, 256, 8000, 0, 4000, 3), /warp factor must be in \(0\.5, 2\); got 3/);
});
