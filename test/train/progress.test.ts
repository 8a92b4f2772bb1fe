import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progress } from '../../src/train/progress';

test('progress text shows the fraction, counts and extra fields', () => {
  const p = progress({ label: 'training', total: 200, unit: 'steps', silent: true });
  p.update(50, { loss: 1.23456 });
  const text = p.text({ loss: 1.23456 });
  assert.match(text, /^training .* 25% 50\/200 steps .* loss 1\.235$/);
  p.tick(1000);
  assert.match(p.text(), / 100% 200\/200 steps/);
});

test('progress rejects a non-positive total', () => {
  assert.throws(() => progress({ label: 'x', total: 0 }), /total must be > 0, got 0/);
});
