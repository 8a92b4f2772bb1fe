import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { availableBackends, currentBackend, useBestBackend } from '../../src/tfjs/backend';

test('the cpu backend is always available and is chosen without tfjs-node', async () => {
  const available = availableBackends();
  assert.ok(available.includes('cpu'), available.join(', '));
  const saved = process.env.RNNLAB_BACKEND;
  delete process.env.RNNLAB_BACKEND;
  try {
    const name = await useBestBackend({ log: false });
    assert.equal(name, available[0]);
    assert.equal(tf.getBackend(), name);
    assert.equal(currentBackend(), name);
  } finally {
    if (saved !== undefined) process.env.RNNLAB_BACKEND = saved;
  }
});

test('RNNLAB_BACKEND forces a backend and a bad name is reported', async () => {
  const saved = process.env.RNNLAB_BACKEND;
  try {
    process.env.RNNLAB_BACKEND = 'cpu';
    assert.equal(await useBestBackend({ log: false }), 'cpu');
    process.env.RNNLAB_BACKEND = 'gpu';
    await assert.rejects(
      useBestBackend({ log: false }),
      /RNNLAB_BACKEND must be one of tensorflow, cpu, wasm; got 'gpu'/,
    );
    if (!availableBackends().includes('tensorflow')) {
      await assert.rejects(
        useBestBackend({ force: 'tensorflow', log: false }),
        /'tensorflow' is not available here .*npm install @tensorflow\/tfjs-node/,
      );
    }
  } finally {
    if (saved === undefined) delete process.env.RNNLAB_BACKEND;
    else process.env.RNNLAB_BACKEND = saved;
    await useBestBackend({ force: 'cpu', log: false });
  }
});
