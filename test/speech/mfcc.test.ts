import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deltas, featureSize, mfcc, mfccSteps, normaliseUtterance } from '../../src/speech/mfcc';

test('deltas: a ramp c_t = t has slope 1 inside, (Σ n·n_eff)/(2Σn²) at the edges', () => {
  const c = Array.from({ length: 6 }, (_, t) => Float64Array.of(t));
  const d = deltas(c, 2);
  for (let t = 2; t < 4; t++) assert.ok(Math.abs(d[t]![0]! - 1) < 1e-12);
  // t = 0: n = 1: 1·(1 − 0), n = 2: 2·(2 − 0) → 5 / 10
  assert.ok(Math.abs(d[0]![0]! - 5 / 10) < 1e-12);
});

test('normalisation: zero mean, unit variance per feature', () => {
  const X = Float32Array.of(1, 10, 2, 20, 3, 30, 6, 40);
  normaliseUtterance(X, 4, 2);
  for (const d of [0, 1]) {
    const v = [0, 1, 2, 3].map((t) => X[t * 2 + d]!);
    const mean = v.reduce((a, b) => a + b) / 4;
    assert.ok(Math.abs(mean) < 1e-6);
    assert.ok(Math.abs(v.reduce((a, b) => a + (b - mean) ** 2, 0) / 4 - 1) < 1e-5);
  }
});

test('the pipeline: 1 + ⌊(N − 200)/80⌋ frames of 39 features at 8 kHz; the steps connect', () => {
  const x = Float32Array.from({ length: 4000 }, (_, n) => Math.sin(n / 3) + 0.1 * Math.sin(n / 0.7));
  const s = mfccSteps(x);
  assert.equal(s.L, 200);
  assert.equal(s.S, 80);
  assert.equal(s.N, 256);
  assert.equal(s.numFrames, 1 + Math.floor((4000 - 200) / 80));
  assert.equal(s.featureSize, featureSize());
  assert.equal(featureSize(), 39);
  assert.equal(s.power[0]!.length, 129);
  // c_0 = √(2/M)·(1/√2)·Σ_m e_m = Σ e_m / √M
  const e = s.logMel[3]!;
  assert.ok(Math.abs(s.cepstra[3]![0]! - e.reduce((a, b) => a + b, 0) / Math.sqrt(26)) < 1e-9);
  const raw = mfcc(x, { normalise: false, deltaWindow: 0 });
  assert.equal(raw.featureSize, 13);
  assert.ok(Math.abs(raw.features[3 * 13]! - s.cepstra[3]![0]!) < 1e-4);
});
