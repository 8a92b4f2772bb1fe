import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIGITS_LSTM_PROTOCOL, trainDigitsLstm } from '../../src/classify/digits-lstm';

test("000 §4.2's digits LSTM: seeded runs repeat exactly; tanh keeps |H_t| < 1 and |C_t| ≤ t", async () => {
  const a = await trainDigitsLstm({ activation: 'tanh', seed: 3, epochs: 1, trainImages: 64 });
  const b = await trainDigitsLstm({ activation: 'tanh', seed: 3, epochs: 1, trainImages: 64 });
  assert.deepEqual(a.losses, b.losses, 'same seed, same training losses');
  assert.equal(a.testAccuracy, b.testAccuracy);
  assert.ok(a.hMax < 1, `tanh: max |H_t| = ${a.hMax}`);
  // |C_t| ≤ t per unit, so the mean ‖C_t‖ over 64 units is at most 8t
  a.cNormLong.forEach((c, t) => assert.ok(c <= 8 * (t + 1), `‖C_${t + 1}‖ = ${c}`));
  assert.equal(a.cNorm.length, DIGITS_LSTM_PROTOCOL.timesteps);
  assert.equal(a.cNormLong.length, DIGITS_LSTM_PROTOCOL.longSteps);
  assert.ok(a.testAccuracy >= 0 && a.testAccuracy <= 1);
  a.model.dispose();
  b.model.dispose();
});

test('trainDigitsLstm names bad options', async () => {
  await assert.rejects(trainDigitsLstm({ epochs: 0 }), /epochs must be a whole number ≥ 1; got 0/);
  await assert.rejects(
    trainDigitsLstm({ trainImages: 5000 }),
    /trainImages must be a whole number in \[1, 3823\]; got 5000/,
  );
});
