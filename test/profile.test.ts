import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pick, profile } from '../src/profile';

test('profile reads RNNLAB_PROFILE and pick chooses by it', () => {
  const saved = process.env.RNNLAB_PROFILE;
  try {
    process.env.RNNLAB_PROFILE = 'ci';
    assert.equal(profile(), 'ci');
    assert.equal(pick({ full: 20, ci: 2 }), 2);
    delete process.env.RNNLAB_PROFILE;
    assert.equal(profile(), 'full');
    assert.equal(pick({ full: 20, ci: 2 }), 20);
    process.env.RNNLAB_PROFILE = 'fast';
    assert.throws(() => profile(), /RNNLAB_PROFILE must be 'full' or 'ci', got 'fast'/);
  } finally {
    if (saved === undefined) delete process.env.RNNLAB_PROFILE; else process.env.RNNLAB_PROFILE = saved;
  }
});
