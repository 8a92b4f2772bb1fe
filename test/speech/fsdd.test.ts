import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FSDD_SPEAKERS, fsddFeatures, fsddItems, parseFsddName, splitFsdd } from '../../src/speech/fsdd';
import { readWav } from '../../src/speech/wav';
import { mfcc } from '../../src/speech/mfcc';
import { dataPath } from '../../src/paths';

test('3,000 recordings: 6 speakers × 10 digits × 50 takes; the dataset split holds takes 0–4 out', () => {
  const items = fsddItems();
  assert.equal(items.length, 3000);
  for (const s of FSDD_SPEAKERS)
    for (let d = 0; d < 10; d++)
      assert.equal(items.filter((i) => i.speaker === s && i.digit === d).length, 50);
  const { train, test: held } = splitFsdd(items);
  assert.equal(held.length, 300);
  assert.ok(held.every((i) => i.take <= 4) && train.every((i) => i.take >= 5));
  const loso = splitFsdd(items, 'theo');
  assert.equal(loso.test.length, 500);
  assert.ok(loso.train.every((i) => i.speaker !== 'theo'));
  assert.deepEqual(parseFsddName('recordings/7_jackson_32.wav'), {
    file: 'recordings/7_jackson_32.wav',
    digit: 7,
    speaker: 'jackson',
    take: 32,
  });
  assert.throws(() => parseFsddName('7_bob_1.wav'), /7_bob_1\.wav: not an FSDD name/);
});

test('the MFCC cache: a fresh computation and a cache hit give the features of the file read directly', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-fsdd-'));
  try {
    // a small feature setting keeps the test short: no deltas; the cache key includes the options
    const o = { mfcc: { deltaWindow: 0 }, cacheDir: dir };
    const a = fsddFeatures(o);
    assert.equal(a.fromCache, false);
    const b = fsddFeatures(o);
    assert.equal(b.fromCache, true);
    assert.equal(b.cacheFile, a.cacheFile);
    const i = 1234,
      item = b.items[i]!;
    const direct = mfcc(readWav(dataPath('fsdd', item.file)).samples, { deltaWindow: 0 });
    assert.equal(item.numFrames, direct.numFrames);
    assert.deepEqual(Array.from(item.features), Array.from(direct.features));
    assert.deepEqual(Array.from(a.items[i]!.features), Array.from(direct.features));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
