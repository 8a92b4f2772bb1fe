import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filterbankEnergies, hzToMel, melFilterbank, melToHz } from '../../src/speech/mel';
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
  fb.H.forEach((row, m) => row.forEach((v, k) => {
    const f = (k * 8000) / 16;
    if (f <= fb.edgesHz[m]! || f >= fb.edgesHz[m + 2]!) assert.equal(v, 0, `filter ${m} bin ${k}`);
    else assert.ok(v > 0 && v <= 1);
  }));
  // E_m of a flat spectrum of ones is the sum of the filter's weights
  const E = filterbankEnergies(fb, new Float64Array(9).fill(1));
  fb.H.forEach((row, m) => assert.ok(Math.abs(E[m]! - row.reduce((s, v) => s + v, 0)) < 1e-12));
});
