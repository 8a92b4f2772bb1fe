import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encodeWav, parseWav, readWav } from '../../src/speech/wav';

test('encodeWav → parseWav gives the samples back to 16-bit precision, with rate, channels and bits', () => {
  const x = Float32Array.from({ length: 101 }, (_, n) => 0.9 * Math.sin(n / 5));
  const w = parseWav(encodeWav(x, 8000), 'tone.wav');
  assert.equal(w.sampleRate, 8000);
  assert.equal(w.channels, 1);
  assert.equal(w.bitsPerSample, 16);
  assert.equal(w.samples.length, 101);
  // round(x·32767)/32768 differs from x by at most 0.5/32767 + |x|/32768
  for (let n = 0; n < 101; n++)
    assert.ok(Math.abs(w.samples[n]! - x[n]!) <= 0.5 / 32767 + 1 / 32768, `sample ${n}`);
});

/** A hand-made WAV: fmt fields and raw data bytes. */
function wavBytes(o: {
  format?: number;
  channels?: number;
  bits?: number;
  data: number[];
  extra?: boolean;
  dataSize?: number;
}): Uint8Array {
  const channels = o.channels ?? 1,
    bits = o.bits ?? 16,
    align = channels * (bits / 8);
  const extra = o.extra ? [...Buffer.from('LIST'), 4, 0, 0, 0, 1, 2, 3, 4] : [];
  const b = Buffer.alloc(44 + extra.length + o.data.length);
  b.write('RIFF', 0);
  b.writeUInt32LE(b.length - 8, 4);
  b.write('WAVE', 8);
  b.write('fmt ', 12);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(o.format ?? 1, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(8000 * align, 28);
  b.writeUInt16LE(align, 32);
  b.writeUInt16LE(bits, 34);
  Buffer.from(extra).copy(b, 36);
  b.write('data', 36 + extra.length);
  b.writeUInt32LE(o.dataSize ?? o.data.length, 40 + extra.length);
  Buffer.from(o.data).copy(b, 44 + extra.length);
  return b;
}

test('parseWav: 8-bit unsigned, 24-bit, stereo averaged, unknown chunks skipped', () => {
  assert.deepEqual(Array.from(parseWav(wavBytes({ bits: 8, data: [128, 255, 0] })).samples), [
    0,
    127 / 128,
    -1,
  ]);
  // 24-bit little-endian: 0x400000 = 2^22 → 0.5; 0xC00000 → −0.5
  assert.deepEqual(
    Array.from(parseWav(wavBytes({ bits: 24, data: [0, 0, 0x40, 0, 0, 0xc0] })).samples),
    [0.5, -0.5],
  );
  // stereo 16-bit: (16384 + (−16384))/2 = 0, (8192 + 8192)/2 → 0.25
  const st = wavBytes({ channels: 2, data: [0, 0x40, 0, 0xc0, 0, 0x20, 0, 0x20] });
  assert.deepEqual(Array.from(parseWav(st).samples), [0, 0.25]);
  assert.deepEqual(Array.from(parseWav(wavBytes({ data: [0, 0x40], extra: true })).samples), [0.5]);
});

test('parseWav errors name the file and say what is wrong', () => {
  assert.throws(
    () => parseWav(Buffer.from('hello, this is text'), 'notes.txt'),
    /notes\.txt: not a WAV file: it starts with "hell"/,
  );
  assert.throws(() => parseWav(Buffer.from('RIFF'), 'short.wav'), /short\.wav: not a WAV file: 4 bytes/);
  assert.throws(
    () => parseWav(wavBytes({ format: 3, bits: 32, data: [0, 0, 0, 0] }), 'f.wav'),
    /f\.wav: unsupported format 3 \(IEEE float\)/,
  );
  assert.throws(
    () => parseWav(wavBytes({ format: 7, bits: 8, data: [0] }), 'mu.wav'),
    /mu\.wav: unsupported format 7 \(µ-law\)/,
  );
  assert.throws(
    () => parseWav(wavBytes({ bits: 12, data: [0, 0] }), 'odd.wav'),
    /odd\.wav: unsupported PCM sample size of 12 bits/,
  );
  assert.throws(
    () => parseWav(wavBytes({ data: [0, 0, 0, 0], dataSize: 400 }), 'cut.wav'),
    /cut\.wav: truncated: the "data" chunk promises 400 bytes, the file holds 4/,
  );
  assert.throws(
    () => parseWav(wavBytes({ data: [0, 0, 0] }), 'half.wav'),
    /half\.wav: truncated: 3 data bytes are not whole frames of 2 bytes/,
  );
  const noData = wavBytes({ data: [] }).subarray(0, 36);
  assert.throws(() => parseWav(noData, 'nodata.wav'), /nodata\.wav: no "data" chunk/);
});

test('readWav names a missing file', () => {
  const file = path.join(os.tmpdir(), 'rnnlab-no-such-file.wav');
  fs.rmSync(file, { force: true });
  assert.throws(() => readWav(file), /rnnlab-no-such-file\.wav: cannot read it \(ENOENT\)/);
});
