import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confusionMatrix } from '../../src/metrics/confusion';
import { macroF1, precisionRecallF1 } from '../../src/metrics/f1';
import { classificationReport, threshold } from '../../src/metrics/report';

// TP = 3, FP = 1, FN = 2, TN = 4
const labels = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const predicted = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];

test('confusionMatrix: rows are the truth, columns the prediction', () => {
  assert.deepEqual(confusionMatrix(predicted, labels, 2), [
    [4, 1],
    [2, 3],
  ]);
  assert.deepEqual(confusionMatrix([2, 0], [0, 2], 3), [
    [0, 0, 1],
    [0, 0, 0],
    [1, 0, 0],
  ]);
  assert.throws(() => confusionMatrix([2], [0], 2), /prediction 2 at 0 is outside 0\.\.1/);
  assert.throws(() => confusionMatrix([0], [0, 1], 2), /1 predictions for 2 labels/);
});

test('precision, recall, F1 from their definitions', () => {
  const s = precisionRecallF1(predicted, labels);
  assert.equal(s.precision, 3 / 4);
  assert.equal(s.recall, 3 / 5);
  assert.ok(Math.abs(s.f1 - (2 * (3 / 4) * (3 / 5)) / (3 / 4 + 3 / 5)) < 1e-15);
  assert.equal(s.support, 5);
  // class 0: TP 4, FP 2, FN 1 → F1 = 8 / 11
  assert.ok(Math.abs(precisionRecallF1(predicted, labels, 0).f1 - 8 / 11) < 1e-15);
  assert.ok(Math.abs(macroF1(predicted, labels) - (6 / 9 + 8 / 11) / 2) < 1e-15);
});

test('no positive predictions: precision and F1 are 0, not NaN', () => {
  const s = precisionRecallF1([0, 0], [1, 0]);
  assert.deepEqual([s.precision, s.recall, s.f1], [0, 0, 0]);
});

test('classificationReport and threshold', () => {
  const r = classificationReport(threshold([0.9, 0.5, 0.51, 0.1]), [1, 1, 0, 0]);
  assert.equal(r.accuracy, 0.5);
  assert.deepEqual(r.confusion, [
    [1, 1],
    [1, 1],
  ]);
  assert.deepEqual([...threshold([0.5, 0.500001])], [0, 1]);
});
