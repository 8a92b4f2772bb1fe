/**
 * Reading and writing WAV files (RIFF/WAVE, linear PCM). A WAV file is a RIFF container:
 *
 *   "RIFF" size "WAVE"  then chunks, each: id (4 bytes) · size (uint32 LE) · data (size bytes, padded to
  *   even)
 *   "fmt " chunk: audioFormat (uint16, 1 = PCM), channels (uint16), sampleRate (uint32), byteRate,
 *                 blockAlign (uint16), bitsPerSample (uint16)
 *   "data" chunk: the samples, interleaved by channel, little-endian
 *
 * Supported: PCM (format 1, or WAVE_FORMAT_EXTENSIBLE 0xFFFE with the PCM sub-format) with 8-bit
 * unsigned or 16-, 24-, 32-bit signed samples; several channels are averaged to one. Not supported:
 * floating-point WAV (format 3), compressed formats (µ-law, A-law, ADPCM), RIFX (big-endian), RF64.
 * Every error names the file and what is wrong with it.
 */
import * as fs from 'node:fs';

/** A decoded recording: mono samples scaled to [−1, 1). */
export interface Wav {
  sampleRate: number;
  /** Channels in the file (the samples are their average). */
  channels: number;
  bitsPerSample: number;
  /** [numSamples] in [−1, 1) */
  samples: Float32Array;
}

const PCM = 1;
const EXTENSIBLE = 0xfffe;
const FORMAT_NAMES: Record<number, string> = {
  3: 'IEEE float',
  6: 'A-law',
  7: 'µ-law',
  2: 'Microsoft ADPCM',
  17: 'IMA ADPCM',
  85: 'MPEG layer 3',
};

/**
 * Decodes the bytes of a WAV file; `name` (a path) is used in every error message.
 * @throws on a bad header, an unsupported format, or truncated data — naming `name`.
 */
export function parseWav(bytes: Uint8Array, name = 'WAV data'): Wav {
  const fail = (what: string): never => {
    throw new Error(`${name}: ${what}`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12) fail(`not a WAV file: ${bytes.length} bytes, shorter than a RIFF header (12 bytes)`);
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') {
    const start = JSON.stringify(Array.from(bytes.subarray(0, 4), (c) => String.fromCharCode(c)).join(''));
    fail(
      tag(0) === 'RIFX'
        ? 'big-endian WAV (RIFX) is not supported'
        : `not a WAV file: it starts with ${start}, not "RIFF"…"WAVE"`,
    );
  }
  let fmt:
    | { format: number; channels: number; sampleRate: number; blockAlign: number; bits: number }
    | undefined;
  let data: Uint8Array | undefined;
  let at = 12;
  while (at + 8 <= bytes.length && data === undefined) {
    const id = tag(at),
      size = view.getUint32(at + 4, true),
      body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length)
        fail(`the "fmt " chunk is ${size} bytes; a PCM format needs 16`);
      let format = view.getUint16(body, true);
      if (format === EXTENSIBLE && size >= 40 && body + 26 <= bytes.length)
        format = view.getUint16(body + 24, true);
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (fmt === undefined) fail('the "data" chunk comes before the "fmt " chunk');
      if (body + size > bytes.length) {
        fail(`truncated: the "data" chunk promises ${size} bytes, the file holds ${bytes.length - body}`);
      }
      data = bytes.subarray(body, body + size);
    }
    at = body + size + (size & 1);
  }
  if (fmt === undefined) return fail('no "fmt " chunk: not a valid WAV file');
  if (data === undefined) return fail('no "data" chunk: the file is truncated or not a WAV file');
  const { format, channels, sampleRate, bits, blockAlign } = fmt;
  if (format !== PCM)
    fail(
      `unsupported format ${format}${FORMAT_NAMES[format] ? ` (${FORMAT_NAMES[format]})` : ''}; only PCM ` +
        `(1) is read`,
    );
  if (![8, 16, 24, 32].includes(bits))
    fail(`unsupported PCM sample size of ${bits} bits; 8, 16, 24 or 32 are read`);
  if (channels < 1) fail(`the "fmt " chunk says ${channels} channels`);
  if (!(sampleRate > 0)) fail(`the "fmt " chunk says a sample rate of ${sampleRate} Hz`);
  const width = bits / 8;
  if (blockAlign !== channels * width)
    fail(`block align ${blockAlign} ≠ channels ${channels} × ${width} bytes`);
  if (data.length % blockAlign !== 0)
    fail(`truncated: ${data.length} data bytes are not whole frames of ${blockAlign} bytes`);
  const n = data.length / blockAlign;
  const d = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // x = integer sample / 2^(bits−1), so that the full scale maps to [−1, 1); 8-bit samples are unsigned.
  const read =
    bits === 8
      ? (i: number) => (d.getUint8(i) - 128) / 128
      : bits === 16
        ? (i: number) => d.getInt16(i, true) / 32768
        : bits === 24
          ? (i: number) => (d.getUint8(i) | (d.getUint8(i + 1) << 8) | (d.getInt8(i + 2) << 16)) / 8388608
          : (i: number) => d.getInt32(i, true) / 2147483648;
  const samples = new Float32Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let c = 0; c < channels; c++) s += read(t * blockAlign + c * width);
    samples[t] = s / channels;
  }
  return { sampleRate, channels, bitsPerSample: bits, samples };
}

/** Reads and decodes a WAV file; errors name the path. */
export function readWav(file: string): Wav {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new Error(
      `${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  return parseWav(bytes, file);
}

/**
 * The bytes of a mono 16-bit PCM WAV file holding `samples` (clipped to [−1, 1], rounded to
 * round(x·32767)) — for tests and for writing synthetic utterances.
 */
export function encodeWav(samples: ArrayLike<number>, sampleRate: number): Uint8Array {
  const n = samples.length,
    out = new Uint8Array(44 + 2 * n),
    v = new DataView(out.buffer);
  const put = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  v.setUint32(4, 36 + 2 * n, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, PCM, true);
  v.setUint16(22, 1, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, 2 * sampleRate, true);
  v.setUint16(32, 2, true);
  v.setUint16(34, 16, true);
  put(36, 'data');
  v.setUint32(40, 2 * n, true);
  for (let t = 0; t < n; t++)
    v.setInt16(44 + 2 * t, Math.round(Math.max(-1, Math.min(1, samples[t]!)) * 32767), true);
  return out;
}
