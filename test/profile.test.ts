import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pick, profile } from '../src/profile';

test('profile reads RNNLAB_PROFILE and pick chooses by it', () => {
  const saved = process.env.RNNLAB_PROFILE;
  try {
    process.env.RNNLAB_PROFILE = 'ci';
    assert.equal(profile(), 'ci');
    assert.equal(pick({ learn: 5, full: 20, ci: 2 }), 2);
    process.env.RNNLAB_PROFILE = 'full';
    assert.equal(profile(), 'full');
    assert.equal(pick({ learn: 5, full: 20, ci: 2 }), 20);
    delete process.env.RNNLAB_PROFILE;
    assert.equal(profile(), 'learn');
    assert.equal(pick({ learn: 5, full: 20, ci: 2 }), 5);
    assert.equal(pick({ full: 20, ci: 2 }), 20, 'learn falls back to full');
    process.env.RNNLAB_PROFILE = 'fast';
    assert.throws(() => profile(), /RNNLAB_PROFILE must be 'learn', 'full' or 'ci', got 'fast'/);
  } finally {
    if (saved === undefined) delete process.env.RNNLAB_PROFILE;
    else process.env.RNNLAB_PROFILE = saved;
  }
});
