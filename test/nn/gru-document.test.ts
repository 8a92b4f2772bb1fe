import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/tensor/tensor';
import { Rng } from '../../src/tensor/rng';
import { sigmoid } from '../../src/nn/activations';
import { GRUParams, gruForward } from '../../src/nn/gru';
import {
  DocumentGRUParams,
  documentGruStep,
  documentToStandardGru,
  flipUpdateGate,
} from '../../src/nn/gru-document';
import { randomTensor } from '../../src/checks/cases';
import { maxAbsDiff } from '../../src/checks/close';

const s = (v: number): Tensor => Tensor.from([[v]], 'float64');
const b = (v: number): Tensor => Tensor.from([v], 'float64');

test("flipUpdateGate: one unit, the document's h = (1−z)·h₋₁ + z·h̃ with z = σ(0.4·1 + 0.2·0.5 + 0.1)", () => {
  const p: GRUParams = {
    W_xz: s(0.4),
    W_hz: s(0.2),
    b_z: b(0.1),
    W_xr: s(-0.6),
    W_hr: s(0.3),
    b_r: b(0),
    W_xh: s(0.7),
    W_hh: s(0.9),
    b_h: b(-0.2),
  };
  const z = sigmoid(0.4 * 1 + 0.2 * 0.5 + 0.1),
    r = sigmoid(-0.6 * 1 + 0.3 * 0.5),
    cand = Math.tanh(0.7 * 1 + 0.9 * (r * 0.5) - 0.2);
  const documentH = (1 - z) * 0.5 + z * cand;
  const ours = gruForward(flipUpdateGate(p), Tensor.from([[[1]]], 'float64'), s(0.5)).HT.data[0]!;
  assert.ok(Math.abs(ours - documentH) < 1e-15, `${ours} vs ${documentH}`);
  // Without the flip our GRU keeps z of the old state: a different number.
  assert.ok(Math.abs(gruForward(p, Tensor.from([[[1]]], 'float64'), s(0.5)).HT.data[0]! - documentH) > 1e-3);
  const flipped = flipUpdateGate(p);
  assert.deepEqual([flipped.W_xz.data[0], flipped.W_hz.data[0], flipped.b_z.data[0]], [-0.4, -0.2, -0.1]);
  assert.equal(flipped.W_xr, p.W_xr, 'the other gates are shared, not copied');
  assert.equal(p.W_xz.data[0], 0.4, 'the input parameters are left alone');
});

test('documentToStandardGru reproduces documentGruStep when numInputs = numHiddens', () => {
  const rng = new Rng(21);
  const H = 3;
  const m = (): Tensor => randomTensor([H, H], rng, 0.7);
  const v = (): Tensor => randomTensor([H], rng, 0.5);
  const doc: DocumentGRUParams = {
    W_zz: m(),
    W_xz: m(),
    b_z: v(),
    W_rr: m(),
    W_rx: m(),
    b_r: v(),
    W_hh: m(),
    b_h: v(),
  };
  const x = randomTensor([H], rng),
    h = randomTensor([H], rng);
  const std = gruForward(
    documentToStandardGru(doc),
    new Tensor([1, 1, H], x.data),
    new Tensor([1, H], h.data),
  );
  assert.ok(maxAbsDiff(documentGruStep(doc, x.data, h.data), std.HT.data) < 1e-14);
  const wide = { ...doc, W_hh: randomTensor([H, H + 1], rng) };
  assert.throws(
    () => documentToStandardGru(wide),
    /W_hh of the document GRU: expected shape \[numHiddens, numHiddens\], got \[3, 4\]/,
  );
});
