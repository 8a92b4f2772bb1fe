import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  checkSaveTarget,
  decodeCheckpoint,
  encodeCheckpoint,
  loadCheckpoint,
  MAX_DATA_BYTES,
  saveCheckpoint,
  WriteFunction,
  writeFileAtomically,
} from '../../src/train/checkpoint';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-ckpt-'));
process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));

const sample = () => ({
  kind: 'test-model',
  config: { numHiddens: 3, cell: 'lstm' },
  vocab: { tokens: ['a', 'b'] },
  weights: {
    W: { shape: [2, 3], data: Float32Array.of(1, -2, 3.5, 1e-30, -0, Math.PI) },
    b: { shape: [3], data: Float32Array.of(0.1, 0.2, 0.3) },
    empty: { shape: [0], data: new Float32Array(0) },
  },
  meta: { steps: 12 },
});

/** A checkpoint of `n` float32 weights (n·4 bytes of data). */
const big = (n: number) => ({
  kind: 'test-model',
  config: {},
  vocab: null,
  weights: { W: { shape: [n], data: new Float32Array(n).fill(0.5) } },
});

const temps = (folder: string) => fs.readdirSync(folder).filter((f) => f.endsWith('.tmp'));

/** The layout as the file comment of src/train/checkpoint.ts states it, written out independently. */
function resealed(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const sha = createHash('sha256').update(out.subarray(0, 24)).update(out.subarray(56)).digest();
  sha.copy(out, 24);
  return out;
}

test('a checkpoint round-trips bit for bit, config, vocabulary and metadata included', () => {
  const file = path.join(dir, 'a.ckpt');
  const bytes = saveCheckpoint(file, sample());
  assert.equal(fs.statSync(file).size, bytes);
  const c = loadCheckpoint(file, { kind: 'test-model' });
  assert.deepEqual(c.config, sample().config);
  assert.deepEqual(c.vocab, sample().vocab);
  assert.deepEqual(c.meta, { steps: 12 });
  for (const [k, w] of Object.entries(sample().weights)) {
    assert.deepEqual(c.weights[k]!.shape, w.shape);
    assert.deepEqual(
      new Uint8Array(c.weights[k]!.data.buffer),
      new Uint8Array(w.data.buffer),
      `${k} bit for bit`,
    );
  }
  assert.deepEqual(temps(dir), [], 'no temporary file left');
});

test('the prefix is as documented: magic, version 2, header and data lengths, sha256 of the rest', () => {
  const bytes = encodeCheckpoint(sample());
  assert.equal(bytes.toString('latin1', 0, 8), 'RNNLABCK');
  assert.equal(bytes.readUInt32LE(8), 2);
  const headerBytes = bytes.readUInt32LE(12),
    dataBytes = Number(bytes.readBigUInt64LE(16));
  assert.equal(dataBytes, 4 * (6 + 3));
  assert.equal(bytes.length, 56 + headerBytes + ((4 - ((56 + headerBytes) % 4)) % 4) + dataBytes);
  assert.deepEqual(resealed(bytes), bytes, 'the stored sha256 is that of everything but itself');
});

test('corrupt, truncated, foreign and mismatched files fail with a message saying so', () => {
  const bytes = encodeCheckpoint(sample());
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 5]! ^= 0x10;
  assert.throws(
    () => decodeCheckpoint(flipped, 'x.ckpt'),
    /x\.ckpt is corrupt: its sha256 is [0-9a-f]{64}, the prefix says [0-9a-f]{64}/,
  );
  assert.throws(
    () => decodeCheckpoint(bytes.subarray(0, bytes.length - 8), 'x.ckpt'),
    new RegExp(
      `x\\.ckpt is truncated: its prefix declares ${bytes.length} bytes .*, the file has ${bytes.length - 8}`,
    ),
  );
  assert.throws(
    () => decodeCheckpoint(bytes.subarray(0, 20), 'x.ckpt'),
    /x\.ckpt is truncated: 20 bytes, shorter than the 56-byte prefix/,
  );
  assert.throws(
    () => decodeCheckpoint(bytes.subarray(0, 8), 'x.ckpt'),
    /x\.ckpt is truncated: 8 bytes, not even the format version/,
  );
  assert.throws(
    () => decodeCheckpoint(Buffer.from('{"hello": 1}'), 'x.ckpt'),
    /x\.ckpt is not an rnnlab checkpoint: it starts with "\{\\"hello\\"", not "RNNLABCK" \(12 bytes\)/,
  );
  const header = Buffer.from(bytes);
  header[57] = 0x7b; // '{{' opens the JSON; resealed, so only the JSON parser can notice
  assert.throws(
    () => decodeCheckpoint(resealed(header), 'x.ckpt'),
    /x\.ckpt is corrupt: its JSON header does not parse/,
  );
  const v3 = Buffer.from(bytes);
  v3.writeUInt32LE(3, 8);
  assert.throws(
    () => decodeCheckpoint(v3, 'x.ckpt'),
    /x\.ckpt is checkpoint format version 3; this rnnlab reads version 2/,
  );
  const v1 = Buffer.from(bytes);
  v1.writeUInt32LE(1, 8);
  assert.throws(
    () => decodeCheckpoint(v1, 'x.ckpt'),
    /format version 1 \(an older rnnlab, whose checksum covered the weights only\)/,
  );
  const file = path.join(dir, 'b.ckpt');
  saveCheckpoint(file, sample());
  assert.throws(
    () => loadCheckpoint(file, { kind: 'language-model' }),
    /holds a 'test-model' model, not a 'language-model'/,
  );
  assert.throws(() => loadCheckpoint(path.join(dir, 'missing.ckpt')), /missing\.ckpt does not exist/);
  assert.throws(
    () => encodeCheckpoint({ ...sample(), weights: { W: { shape: [2, 2], data: new Float32Array(3) } } }),
    /weight 'W' of shape \[2, 2\] needs 4 values, got 3/,
  );
});

test('header tampering is detected: two characters of the vocabulary swapped', () => {
  const file = path.join(dir, 'vocab.ckpt');
  saveCheckpoint(file, { ...sample(), vocab: { tokens: ['a', 'e', 'h', 't'] } });
  const bytes = fs.readFileSync(file);
  const text = bytes.toString('latin1');
  const at = text.indexOf('"tokens":["a","e"');
  assert.ok(at > 0, 'the vocabulary is in the header');
  const a = at + '"tokens":["'.length,
    e = a + 4; // swap 'a' and 'e': the same length, still valid JSON
  [bytes[a], bytes[e]] = [bytes[e]!, bytes[a]!];
  fs.writeFileSync(file, bytes);
  assert.throws(() => loadCheckpoint(file), /vocab\.ckpt is corrupt: its sha256 is/);
});

test('NaN and infinite weights are refused at save and at load, naming the tensor', () => {
  const nan = {
    ...sample(),
    weights: { ...sample().weights, b: { shape: [3], data: Float32Array.of(0.1, NaN, 0.3) } },
  };
  assert.throws(() => encodeCheckpoint(nan), /weight 'b' holds NaN at index 1/);
  // A file with an infinite weight (written out by hand, resealed so that the checksum passes).
  const bytes = encodeCheckpoint(sample());
  bytes.writeFloatLE(-Infinity, bytes.length - 4); // the last value of 'b'
  assert.throws(
    () => decodeCheckpoint(resealed(bytes), 'inf.ckpt'),
    /inf\.ckpt: weight 'b' holds -Infinity at index 2/,
  );
});

test('saving over an existing checkpoint replaces it whole; a failed encode leaves the old one', () => {
  const file = path.join(dir, 'c.ckpt');
  saveCheckpoint(file, sample());
  const before = fs.readFileSync(file);
  const bad = {
    ...sample(),
    weights: { W: { shape: [1], data: Float64Array.of(1) as unknown as Float32Array } },
  };
  assert.throws(() => saveCheckpoint(file, bad), /weight 'W' must be a Float32Array/);
  assert.deepEqual(fs.readFileSync(file), before);
  saveCheckpoint(file, big(10));
  assert.equal(loadCheckpoint(file).weights.W!.data.length, 10);
});

test('a full disk (writes that stop short, then ENOSPC) leaves the previous checkpoint byte-identical', () => {
  const file = path.join(dir, 'full.ckpt');
  saveCheckpoint(file, sample());
  const before = fs.readFileSync(file);
  // The file system takes at most 1000 bytes per call and has 3000 bytes free.
  let free = 3000;
  const shortThenFull: WriteFunction = (fd, buf, off, len) => {
    if (free === 0)
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const n = Math.min(len, 1000, free);
    free -= n;
    return fs.writeSync(fd, buf, off, n);
  };
  assert.throws(
    () => saveCheckpoint(file, big(100_000), { write: shortThenFull }),
    /cannot save checkpoint .*full\.ckpt: disk full \(ENOSPC\) after writing 3000 of \d+ bytes; the previous checkpoint, if any, is unchanged/,
  );
  assert.deepEqual(fs.readFileSync(file), before);
  assert.deepEqual(temps(dir), []);
  // A write that returns 0 (no progress) is a failure too, not an endless loop or a silent success.
  assert.throws(() => saveCheckpoint(file, big(10), { write: () => 0 }), /disk full .* after writing 0 of/);
  assert.deepEqual(fs.readFileSync(file), before);
  // Short writes on a disk with room: every byte still goes out.
  const short: WriteFunction = (fd, buf, off, len) => fs.writeSync(fd, buf, off, Math.min(len, 7));
  saveCheckpoint(file, big(100), { write: short });
  assert.deepEqual(fs.readFileSync(file), encodeCheckpoint(big(100)));
});

/** Mounts a tmpfs of `size` at a new folder; null where this machine does not allow it (not root). */
function mountTmpfs(size: string, options = ''): string | null {
  const at = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options}`, 'tmpfs', at], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    fs.rmdirSync(at);
    return null;
  }
  process.on('exit', () => {
    spawnSync('umount', [at]);
    fs.rmSync(at, { recursive: true, force: true });
  });
  return at;
}

test('a full disk for real (a 256 KiB tmpfs): the save fails naming "disk full", the old checkpoint survives', (t) => {
  const at = mountTmpfs('256k');
  if (at === null)
    return t.skip('cannot mount a tmpfs here (needs root); the injected write test above covers it');
  const file = path.join(at, 'old.ckpt');
  saveCheckpoint(file, big(10_000)); // 40 KB
  const before = fs.readFileSync(file);
  assert.throws(
    () => saveCheckpoint(file, big(100_000)),
    /cannot save checkpoint .*old\.ckpt: disk full \(ENOSPC\) after writing \d+ of 400\d+ bytes/,
  );
  assert.deepEqual(fs.readFileSync(file), before);
  assert.deepEqual(temps(at), []);
  assert.equal(loadCheckpoint(file).weights.W!.data.length, 10_000);
});

test('a planted symlink at a temporary name is never followed; a predictable name is never used', () => {
  const victim = path.join(dir, 'victim.txt');
  fs.writeFileSync(victim, 'precious');
  const file = path.join(dir, 'x.ckpt');
  // The name the old code used, <file>.<pid>.tmp, planted: unused now.
  fs.symlinkSync(victim, `${file}.${process.pid}.tmp`);
  // And the names this save will draw, planted too: the first two of them.
  const names = [`${file}.1.aaaaaaaaaaaa.tmp`, `${file}.1.bbbbbbbbbbbb.tmp`, `${file}.1.cccccccccccc.tmp`];
  fs.symlinkSync(victim, names[0]!);
  fs.symlinkSync(victim, names[1]!);
  let i = 0;
  saveCheckpoint(file, sample(), { tempName: () => names[i++]! });
  assert.equal(i, 3, 'two names were taken, the third was free');
  assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
  assert.equal(loadCheckpoint(file).kind, 'test-model');
  // Every name taken: the save fails, the victim is untouched.
  fs.writeFileSync(file, 'old bytes');
  assert.throws(
    () => saveCheckpoint(file, sample(), { tempName: () => names[0]! }),
    /cannot create a temporary file in .*: already exists \(EEXIST\)/,
  );
  assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
  assert.equal(fs.readFileSync(file, 'utf8'), 'old bytes');
  for (const n of [...names.slice(0, 2), `${file}.${process.pid}.tmp`]) fs.rmSync(n, { force: true });
  // A target that is itself a symlink is replaced by the new file; what it pointed to is not written.
  const linked = path.join(dir, 'linked.ckpt');
  fs.symlinkSync(victim, linked);
  saveCheckpoint(linked, sample());
  assert.equal(fs.lstatSync(linked).isSymbolicLink(), false);
  assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
});

test('temporary files of this checkpoint left by a dead process are removed; a live one is kept', () => {
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!; // a process that has exited
  const file = path.join(dir, 'stale.ckpt');
  const stale = [`${file}.${dead}.0123456789ab.tmp`, `${file}.${dead}.tmp`];
  const live = `${file}.${process.ppid}.0123456789ab.tmp`;
  const other = path.join(dir, `other.ckpt.${dead}.0123456789ab.tmp`);
  for (const f of [...stale, live, other]) fs.writeFileSync(f, 'x');
  saveCheckpoint(file, sample());
  for (const f of stale) assert.equal(fs.existsSync(f), false, `${path.basename(f)} removed`);
  assert.equal(fs.existsSync(live), true, 'the temporary file of a live process is kept');
  assert.equal(fs.existsSync(other), true, "another checkpoint's temporary file is kept");
  fs.rmSync(live);
  fs.rmSync(other);
});

test('save targets that cannot work are refused before anything is written', (t) => {
  const inFile = path.join(dir, 'plain.txt');
  fs.writeFileSync(inFile, 'x');
  assert.throws(() => checkSaveTarget(''), /checkpoint path "" is empty/);
  assert.throws(() => checkSaveTarget(dir), /cannot save checkpoint .*: it is a directory/);
  assert.throws(() => checkSaveTarget(`${dir}/sub/`), /ends in a slash/);
  assert.throws(
    () => checkSaveTarget(path.join(inFile, 'q.ckpt')),
    /plain\.txt is under a file, not a folder|plain\.txt is a file, not a folder/,
  );
  assert.throws(
    () => checkSaveTarget(path.join(dir, 'nonexist', 'q.ckpt')),
    /the folder .*nonexist does not exist/,
  );
  assert.throws(
    () => saveCheckpoint(path.join(dir, 'nonexist', 'q.ckpt'), sample()),
    /the folder .*nonexist does not exist/,
  );
  assert.equal(checkSaveTarget(path.join(dir, 'fine.ckpt'), { probe: true }), path.join(dir, 'fine.ckpt'));
  assert.deepEqual(temps(dir), [], 'the probe leaves nothing behind');
  const ro = mountTmpfs('64k', ',ro');
  if (ro === null) return t.skip('cannot mount a read-only tmpfs here');
  assert.throws(
    () => checkSaveTarget(path.join(ro, 'q.ckpt'), { probe: true }),
    /read-only file system \(EROFS\)/,
  );
});

/** Runs `f`, returning its result, the seconds it took, and how much the process's memory grew. */
function measured<T>(f: () => T): { value: T | Error; seconds: number; grewMB: number } {
  const rss0 = process.memoryUsage().rss,
    t0 = performance.now();
  let value: T | Error;
  try {
    value = f();
  } catch (err) {
    value = err as Error;
  }
  return {
    value,
    seconds: (performance.now() - t0) / 1000,
    grewMB: (process.memoryUsage().rss - rss0) / 2 ** 20,
  };
}

test('/dev/zero, a FIFO, a folder and oversized files are refused within a second and a few MB', () => {
  const cases: [string, RegExp][] = [
    ['/dev/zero', /checkpoint \/dev\/zero is not a regular file \(a device, FIFO or socket\)/],
    ['/dev/urandom', /checkpoint \/dev\/urandom is not a regular file/],
    [dir, /is a directory, not a checkpoint file/],
  ];
  const fifo = path.join(dir, 'pipe.ckpt');
  if (spawnSync('mkfifo', [fifo]).status === 0) cases.push([fifo, /pipe\.ckpt is not a regular file/]);
  // A sparse 3 GiB file whose prefix declares 3 GiB of weights: over the cap.
  const huge = path.join(dir, 'huge.ckpt');
  const prefix = encodeCheckpoint(sample()).subarray(0, 56);
  prefix.writeBigUInt64LE(3n * 2n ** 30n, 16);
  fs.writeFileSync(huge, prefix);
  fs.truncateSync(huge, 3 * 2 ** 30);
  cases.push([huge, new RegExp(`declares ${3 * 2 ** 30} bytes of weights; the limit is ${MAX_DATA_BYTES}`)]);
  // A valid small checkpoint followed by a sparse gigabyte: the size disagrees with the prefix.
  const padded = path.join(dir, 'padded.ckpt');
  const good = encodeCheckpoint(sample());
  fs.writeFileSync(padded, good);
  fs.truncateSync(padded, 2 ** 30);
  cases.push([
    padded,
    new RegExp(
      `padded\\.ckpt is corrupt: its prefix declares ${good.length} bytes .*, the file has ${2 ** 30}`,
    ),
  ]);
  for (const [file, expected] of cases) {
    const r = measured(() => loadCheckpoint(file));
    assert.ok(r.value instanceof Error, `${file} refused`);
    assert.match(r.value.message, expected);
    assert.ok(r.seconds < 1, `${file}: refused in ${r.seconds.toFixed(2)} s`);
    assert.ok(r.grewMB < 8, `${file}: memory grew ${r.grewMB.toFixed(1)} MB`);
  }
});

test('kill -9 during saves: the checkpoint on disk is always a whole old or a whole new one; the debris is cleaned', async () => {
  const file = path.join(dir, 'killed.ckpt');
  const n = 250_000; // 1 MB of weights
  saveCheckpoint(file, big(n));
  const module = path.join(__dirname, '..', '..', 'src', 'train', 'checkpoint.ts');
  // A child that saves checkpoints of all-1, all-2, all-3, … weights back to back until it is killed; its
  // writes go out in 64 KiB pieces 5 ms apart, so that most kills land in the middle of a save.
  const script = `const { saveCheckpoint } = require(${JSON.stringify(module)});
    const fs = require('node:fs');
    const write = (fd, b, off, len) => { const t = Date.now(); while (Date.now() - t < 5); return fs.writeSync(fd, b, off, Math.min(len, 65536)); };
    for (let v = 1; ; v++) {
      saveCheckpoint(${JSON.stringify(file)}, { kind: 'test-model', config: {}, vocab: null,
        weights: { W: { shape: [${n}], data: new Float32Array(${n}).fill(v) } } }, { write });
      fs.writeSync(1, 'saved\\n');
    }`;
  const { spawn } = await import('node:child_process');
  const seen = new Set<number>();
  let killedMidSave = 0;
  for (let round = 0; round < 6; round++) {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    await new Promise((resolve) => child.stdout.once('data', resolve)); // one save done
    await new Promise((resolve) => setTimeout(resolve, 10 + 23 * round)); // then somewhere in a later one
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    if (temps(dir).length > 0) killedMidSave++;
    const c = loadCheckpoint(file); // a whole checkpoint: the checksum over every byte holds
    const w = c.weights.W!.data;
    assert.equal(w.length, n);
    assert.ok(
      w.every((x) => x === w[0]),
      `round ${round}: one save's weights, not a mixture`,
    );
    seen.add(w[0]!);
  }
  assert.ok(
    [...seen].some((v) => v >= 1),
    `the children saved before they were killed (weights seen: ${[...seen]})`,
  );
  console.log(
    `# kill -9 rounds: ${killedMidSave} of 6 left a temporary file (killed mid-save); weights seen ${[...seen].join(', ')}`,
  );
  saveCheckpoint(file, big(n)); // removes what the killed children left
  assert.deepEqual(temps(dir), []);
});

test('writeFileAtomically: every file written as checkpoints are, errors naming what it is', () => {
  const file = path.join(dir, 'cache.bin');
  assert.equal(writeFileAtomically(file, Uint8Array.of(1, 2, 3), { what: 'feature cache' }), 3);
  assert.deepEqual(fs.readFileSync(file), Buffer.from([1, 2, 3]));
  assert.throws(
    () => writeFileAtomically(file, new Uint8Array(10), { what: 'feature cache', write: () => 0 }),
    /cannot save feature cache .*cache\.bin: disk full .* after writing 0 of 10 bytes/,
  );
  assert.deepEqual(fs.readFileSync(file), Buffer.from([1, 2, 3]));
  assert.deepEqual(temps(dir), []);
});
