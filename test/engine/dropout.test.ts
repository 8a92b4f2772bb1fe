import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { drawDropoutMask } from '../../src/engine/dropout';

const T = 6,
  B = 5,
  W = 7,
  p = 0.4;

test('dropout masks: standard draws every step afresh, variational repeats step 0; entries 0 or 1/(1−p)', async () => {
  for (const simd of [true, false]) {
    const eng = await createEngine({ simd });
    const m = eng.tensor([T * B, W]);
    const keep = Math.fround(1 / (1 - p));
    for (const kind of ['standard', 'variational'] as const) {
      drawDropoutMask(eng, m.ptr, T, B, W, p, 123, kind);
      const v = m.toArray();
      assert.ok(
        v.every((x) => x === 0 || x === keep),
        `${kind}: every entry is 0 or 1/(1−p)`,
      );
      // the same (b, j) at step t and at step 0
      let differ = 0;
      for (let i = B * W; i < v.length; i++) if (v[i] !== v[i % (B * W)]) differ++;
      if (kind === 'variational') assert.equal(differ, 0, 'one mask per sequence');
      else assert.ok(differ > 0.2 * v.length, `standard masks change over time (${differ} differ)`);
      const zeros = v.filter((x) => x === 0).length / v.length;
      assert.ok(Math.abs(zeros - p) < 0.2, `${kind}: fraction of zeros ${zeros} near p = ${p}`);
    }
    assert.throws(
      () => drawDropoutMask(eng, m.ptr, T, B, W, 1, 1, 'standard'),
      /rate must be in \[0, 1\); got 1/,
    );
    m.dispose();
    await eng.dispose();
  }
});
