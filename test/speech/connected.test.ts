import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeConnected } from '../../src/speech/connected';
import { FsddRecording } from '../../src/speech/fsdd';

/** Two speakers, every digit once, each recording 100 samples of the value digit + 1 (rms = digit + 1). */
const recs: FsddRecording[] = ['george', 'theo'].flatMap((speaker) =>
  Array.from({ length: 10 }, (_, digit) => ({
    file: `recordings/${digit}_${speaker}_0.wav`,
    digit,
    speaker: speaker as FsddRecording['speaker'],
    take: 0,
    sampleRate: 8000,
    samples: new Float32Array(100).fill(digit + 1),
  })),
);

test('utterances: 2–6 digits of one speaker, each scaled to rms 0.1, silences within their ranges, seeded', () => {
  const a = makeConnected(recs, 40, 5, { snrDb: 200 }),
    b = makeConnected(recs, 40, 5, { snrDb: 200 });
  assert.deepEqual(
    a.map((u) => u.digits),
    b.map((u) => u.digits),
  );
  for (const u of a) {
    assert.ok(u.digits.length >= 2 && u.digits.length <= 6);
    u.files.forEach((f, i) => {
      assert.ok(f.includes(`_${u.speaker}_`));
      assert.ok(f.startsWith(`recordings/${u.digits[i]}_`));
    });
    // non-silent samples are the recordings at rms 0.1 (a constant signal: every sample is 0.1)
    const loud = Array.from(u.samples).filter((v) => Math.abs(v) > 0.05);
    assert.equal(loud.length, 100 * u.digits.length);
    assert.ok(loud.every((v) => Math.abs(v - 0.1) < 1e-6));
    const silence = u.samples.length - loud.length,
      n = u.digits.length;
    assert.ok(
      silence >= Math.round(8000 * (2 * 0.05 + (n - 1) * 0.02)) - n - 1 &&
        silence <= Math.round(8000 * (2 * 0.3 + (n - 1) * 0.25)) + n + 1,
    );
  }
  assert.notDeepEqual(
    makeConnected(recs, 40, 6).map((u) => u.digits),
    a.map((u) => u.digits),
  );
});

test('noise at the stated SNR: its standard deviation is 0.1 · 10^(−SNR/20)', () => {
  const [u] = makeConnected(recs, 1, 1, { snrDb: 20, minDigits: 2, maxDigits: 2 });
  const quiet = Array.from(u!.samples).filter((v) => Math.abs(v) < 0.05);
  const sd = Math.sqrt(quiet.reduce((s, v) => s + v * v, 0) / quiet.length);
  assert.ok(Math.abs(sd - 0.01) < 0.002, `noise sd ${sd}`);
});

test('a speaker without some digit is refused, naming both', () => {
  assert.throws(
    () =>
      makeConnected(
        recs.filter((r) => !(r.speaker === 'theo' && r.digit === 4)),
        1,
        0,
      ),
    /speaker theo has no recording of digit 4/,
  );
});
