/**
 * Checkpoints: a trained model in one file — its weights as named float32 arrays, the JSON config
 * that rebuilds it, the vocabulary that decodes its outputs, and free-form metadata (training figures).
 * Any chapter can use it: the `kind` string says what the file holds ('language-model', 'seq2seq', …)
 * and loading checks it. Every save and every load of the project goes through this file.
 *
 * File layout, format version 2 (little-endian):
 *
 *   bytes 0–7    magic "RNNLABCK"
 *   bytes 8–11   format version (uint32) = 2
 *   bytes 12–15  header length in bytes (uint32), at most MAX_HEADER_BYTES
 *   bytes 16–23  data length in bytes (uint64), at most MAX_DATA_BYTES
 *   bytes 24–55  sha256 of the whole file with these 32 bytes left out
 *   header       UTF-8 JSON: { kind, config, vocab, meta, tensors: [{ name, shape, offset, length }] }
 *                — offsets in bytes from the start of the data section, tensors back to back in order
 *   padding      zero bytes up to a multiple of 4
 *   data         every tensor's float32 values, in header order
 *
 * What is guaranteed:
 * - One checksum covers everything (prefix, header with config and vocabulary, weights): a changed
 *   byte anywhere is reported. Weights that are NaN or ±Inf are refused at save and at load.
 * - Loading reads the 56-byte prefix first and refuses, before allocating anything large, a path that
 *   is not a regular file (a folder, /dev/zero, a FIFO), a foreign file, a declared size over the caps
 *   and a file whose size disagrees with the sizes its prefix declares.
 * - Saving never touches the old checkpoint until the new one is complete on disk: the bytes go to a
 *   temporary file created exclusively beside the target (O_CREAT|O_EXCL|O_NOFOLLOW, a random name:
 *   a planted file or symlink is never opened, let alone followed), every byte is written (a short
 *   write is retried, a write that makes no progress fails), the file and then the folder are
 *   fsync'ed, and only then is it renamed over the target. Any failure removes the temporary file,
 *   leaves the old checkpoint byte for byte as it was, and throws with the path and the reason
 *   ('disk full' for ENOSPC). Temporary files of this checkpoint left by a killed process are removed.
 * Version 1 files (rnnlab before this layout; their checksum covered the weights only) are refused
 * with a message saying so.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A named float32 tensor as models hand out their weights. */
export interface CheckpointTensor {
  shape: number[];
  data: Float32Array;
}

/** What a checkpoint holds. */
export interface Checkpoint<Config = unknown, VocabData = unknown> {
  /** What kind of model this is, e.g. 'language-model'. */
  kind: string;
  /** Enough to rebuild the model (architecture sizes, cell type, …). JSON. */
  config: Config;
  /** The vocabulary (or vocabularies) as JSON, or null. */
  vocab: VocabData | null;
  /** Weights by name. */
  weights: Record<string, CheckpointTensor>;
  /** Anything else worth keeping: training steps, losses, date. JSON. @default {} */
  meta?: Record<string, unknown>;
}

const MAGIC = 'RNNLABCK';
/** The format version this rnnlab writes and reads. */
export const CHECKPOINT_VERSION = 2;
/** Bytes before the JSON header. */
const PREFIX = 56;
/** Where the sha256 sits in the prefix. */
const SHA_AT = 24;
/** Largest JSON header (config, vocabularies, metadata) a checkpoint may declare: 64 MiB. */
export const MAX_HEADER_BYTES = 64 * 2 ** 20;
/** Largest weight section a checkpoint may declare: 2 GiB (500 million float32 values). */
export const MAX_DATA_BYTES = 2 * 2 ** 30;

interface HeaderTensor {
  name: string;
  shape: number[];
  offset: number;
  length: number;
}
interface Header {
  kind: string;
  config: unknown;
  vocab: unknown;
  meta: Record<string, unknown>;
  tensors: HeaderTensor[];
}

function checkLittleEndian(): void {
  if (os.endianness() !== 'LE') {
    throw new Error('rnnlab checkpoints are little-endian; this machine is big-endian');
  }
}

/** The first non-finite value of a tensor, as "NaN at index 3", or null. */
function firstNonFinite(data: Float32Array): string | null {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return `${data[i]} at index ${i}`;
  return null;
}

/** sha256 of a whole checkpoint with its 32 checksum bytes left out. */
function checksum(bytes: Uint8Array): Buffer {
  return createHash('sha256').update(bytes.subarray(0, SHA_AT)).update(bytes.subarray(PREFIX)).digest();
}

const padTo4 = (n: number): number => (4 - (n % 4)) % 4;

/** The bytes of a checkpoint (see the file comment). */
export function encodeCheckpoint(c: Checkpoint): Buffer {
  checkLittleEndian();
  if (typeof c.kind !== 'string' || c.kind === '') {
    throw new Error('checkpoint: kind must be a non-empty string');
  }
  const tensors: HeaderTensor[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(c.weights)) {
    const shape = `[${t.shape.join(', ')}]`;
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new Error(`checkpoint: weight '${name}' has a bad shape ${shape}`);
    }
    if (!(t.data instanceof Float32Array)) {
      throw new Error(`checkpoint: weight '${name}' must be a Float32Array`);
    }
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (t.data.length !== n) {
      throw new Error(
        `checkpoint: weight '${name}' of shape ${shape} needs ${n} values, got ` + `${t.data.length}`,
      );
    }
    const bad = firstNonFinite(t.data);
    if (bad !== null) {
      throw new Error(`checkpoint: weight '${name}' holds ${bad}; a checkpoint keeps finite weights only`);
    }
    tensors.push({ name, shape: [...t.shape], offset, length: n });
    offset += 4 * n;
  }
  if (offset > MAX_DATA_BYTES) {
    throw new Error(`checkpoint: ${offset} bytes of weights exceed the ${MAX_DATA_BYTES}-byte limit`);
  }
  const header: Header = {
    kind: c.kind,
    config: c.config,
    vocab: c.vocab ?? null,
    meta: c.meta ?? {},
    tensors,
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (json.length > MAX_HEADER_BYTES) {
    throw new Error(`checkpoint: a ${json.length}-byte header exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  }
  const start = PREFIX + json.length + padTo4(PREFIX + json.length);
  const out = Buffer.alloc(start + offset); // zero-filled: the checksum field and the padding
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(CHECKPOINT_VERSION, 8);
  out.writeUInt32LE(json.length, 12);
  out.writeBigUInt64LE(BigInt(offset), 16);
  json.copy(out, PREFIX);
  for (const t of tensors) {
    const src = c.weights[t.name]!.data;
    Buffer.from(src.buffer, src.byteOffset, src.byteLength).copy(out, start + t.offset);
  }
  checksum(out).copy(out, SHA_AT);
  return out;
}

/** What the prefix declares, checked against the file's real size. */
interface Prefix {
  headerBytes: number;
  dataBytes: number;
  dataStart: number;
  total: number;
}

/**
 * Checks the first bytes of a checkpoint (all of it, or at least {@link PREFIX} bytes when the file is
 * that long) against the size of the whole file, before anything is allocated for the rest.
 */
function readPrefix(head: Buffer, fileSize: number, where: string): Prefix {
  const magic = head.toString('latin1', 0, Math.min(8, head.length));
  if (magic !== MAGIC.slice(0, magic.length) || head.length < 8) {
    throw new Error(
      `${where} is not an rnnlab checkpoint: it starts with ${JSON.stringify(magic)}, not ` +
        `"${MAGIC}" (${fileSize} bytes)`,
    );
  }
  if (fileSize < 12) {
    throw new Error(`${where} is truncated: ${fileSize} bytes, not even the format version after "${MAGIC}"`);
  }
  const version = head.readUInt32LE(8);
  if (version === 1) {
    throw new Error(
      `${where} is checkpoint format version 1 (an older rnnlab, whose checksum covered the ` +
        `weights only); ` +
        `this rnnlab reads version ${CHECKPOINT_VERSION}: train and save the model again`,
    );
  }
  if (version !== CHECKPOINT_VERSION) {
    throw new Error(
      `${where} is checkpoint format version ${version}; this rnnlab reads version ` +
        `${CHECKPOINT_VERSION}`,
    );
  }
  if (fileSize < PREFIX) {
    throw new Error(
      `${where} is truncated: ${fileSize} bytes, shorter than the ${PREFIX}-byte prefix of a ` + `checkpoint`,
    );
  }
  const headerBytes = head.readUInt32LE(12);
  const data = head.readBigUInt64LE(16);
  if (headerBytes > MAX_HEADER_BYTES) {
    throw new Error(
      `${where} is corrupt or too large: it declares a ${headerBytes}-byte header; the limit ` +
        `is ${MAX_HEADER_BYTES}`,
    );
  }
  if (data > BigInt(MAX_DATA_BYTES)) {
    throw new Error(
      `${where} is corrupt or too large: it declares ${data} bytes of weights; the limit is ` +
        `${MAX_DATA_BYTES}`,
    );
  }
  const dataBytes = Number(data);
  const dataStart = PREFIX + headerBytes + padTo4(PREFIX + headerBytes);
  const total = dataStart + dataBytes;
  if (fileSize !== total) {
    throw new Error(
      `${where} is ${fileSize < total ? 'truncated' : 'corrupt'}: its prefix declares ` +
        `${total} bytes ` +
        `(a ${headerBytes}-byte header and ${dataBytes} bytes of weights), the file has ${fileSize}`,
    );
  }
  return { headerBytes, dataBytes, dataStart, total };
}

const isIntArray = (a: unknown): a is number[] =>
  Array.isArray(a) && a.every((d) => Number.isSafeInteger(d) && d >= 0);

/** Parses and checks the JSON header and the weights of a whole, checksum-verified file. */
function decodeBody(buf: Buffer, p: Prefix, where: string): Checkpoint {
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', PREFIX, PREFIX + p.headerBytes)) as Header;
  } catch (err) {
    throw new Error(`${where} is corrupt: its JSON header does not parse (${(err as Error).message})`);
  }
  if (
    typeof header !== 'object' ||
    header === null ||
    typeof header.kind !== 'string' ||
    !Array.isArray(header.tensors)
  ) {
    throw new Error(`${where} is corrupt: its header lacks kind or tensors`);
  }
  const weights: Record<string, CheckpointTensor> = {};
  let offset = 0;
  for (const t of header.tensors as unknown[]) {
    const h = t as Partial<HeaderTensor>;
    const name = typeof h.name === 'string' ? h.name : '?';
    const n = isIntArray(h.shape) ? h.shape.reduce((a, b) => a * b, 1) : NaN;
    if (
      typeof h.name !== 'string' ||
      h.name in weights ||
      !isIntArray(h.shape) ||
      h.length !== n ||
      h.offset !== offset ||
      offset + 4 * n > p.dataBytes
    ) {
      throw new Error(
        `${where} is corrupt: tensor '${name}' does not fit the ${p.dataBytes} bytes of ` +
          `weights after byte ${offset}`,
      );
    }
    // A copy, aligned, independent of the file buffer.
    const copy = new Float32Array(n);
    new Uint8Array(copy.buffer).set(buf.subarray(p.dataStart + offset, p.dataStart + offset + 4 * n));
    const bad = firstNonFinite(copy);
    if (bad !== null) {
      throw new Error(`${where}: weight '${h.name}' holds ${bad}; a checkpoint keeps finite weights only`);
    }
    weights[h.name] = { shape: h.shape, data: copy };
    offset += 4 * n;
  }
  if (offset !== p.dataBytes) {
    throw new Error(
      `${where} is corrupt: its tensors cover ${offset} of its ${p.dataBytes} bytes of ` + `weights`,
    );
  }
  const meta = typeof header.meta === 'object' && header.meta !== null ? header.meta : {};
  return { kind: header.kind, config: header.config, vocab: header.vocab ?? null, weights, meta };
}

function verify(buf: Buffer, where: string): void {
  const sha = checksum(buf);
  const stored = buf.subarray(SHA_AT, PREFIX);
  if (!sha.equals(stored)) {
    throw new Error(
      `${where} is corrupt: its sha256 is ${sha.toString('hex')}, the prefix says ` +
        `${stored.toString('hex')}`,
    );
  }
}

/** Reads checkpoint bytes; `where` names the source in errors. */
export function decodeCheckpoint(bytes: Uint8Array, where = 'checkpoint'): Checkpoint {
  checkLittleEndian();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const p = readPrefix(buf, buf.length, where);
  verify(buf, where);
  return decodeBody(buf, p, where);
}

/** A file-system error in words: the code's meaning, then the code. */
export function describeFsError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOSPC: 'disk full',
    EDQUOT: 'disk quota exceeded',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EIO: 'input/output error',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'file name too long',
    ELOOP: 'too many symbolic links',
    EEXIST: 'already exists',
  };
  if (typeof e?.code === 'string' && words[e.code] !== undefined) return `${words[e.code]} (${e.code})`;
  return e instanceof Error ? e.message : String(err);
}

/** The temporary files of `target` that saving creates: `<name>.<pid>.<12 hex>.tmp`. */
function tempPattern(base: string): RegExp {
  return new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)(?:\\.[0-9a-f]{12})?\\.tmp$`);
}

/**
 * Checks that `file` can be a save target, without writing anything: a non-empty name that does not
 * end in a slash, in an existing folder (not under a file), and not itself a folder, device or FIFO.
 * With `probe`, also creates and removes an empty temporary file there, so a read-only or forbidden
 * folder is found before any work. Throws an error naming the path and the reason; returns the
 * absolute path.
 */
export function checkSaveTarget(file: string, o: { probe?: boolean; what?: string } = {}): string {
  const what = o.what ?? 'checkpoint';
  if (typeof file !== 'string' || file.trim() === '') {
    throw new Error(`${what} path ${JSON.stringify(file)} is empty`);
  }
  if (file.endsWith('/') || file.endsWith(path.sep)) {
    throw new Error(`${what} path ${file} ends in a slash: it names a folder, not a file`);
  }
  const target = path.resolve(file);
  const dir = path.dirname(target);
  let dirStat: fs.Stats;
  try {
    dirStat = fs.statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new Error(`cannot save ${what} ${file}: the folder ${dir} does not exist`);
    }
    if (code === 'ENOTDIR') {
      throw new Error(`cannot save ${what} ${file}: ${dir} is under a file, not a folder`);
    }
    throw new Error(`cannot save ${what} ${file}: the folder ${dir}: ${describeFsError(err)}`);
  }
  if (!dirStat.isDirectory()) {
    throw new Error(`cannot save ${what} ${file}: ${dir} is a file, not a folder`);
  }
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot save ${what} ${file}: ${describeFsError(err)}`);
    }
  }
  if (st !== undefined && st.isDirectory()) {
    throw new Error(`cannot save ${what} ${file}: it is a directory`);
  }
  if (st !== undefined && !st.isFile()) {
    throw new Error(`cannot save ${what} ${file}: it exists and is not a regular file`);
  }
  if (o.probe) {
    const { fd, tmp } = createTemp(target, file, defaultTempName, what);
    fs.closeSync(fd);
    fs.unlinkSync(tmp);
  }
  return target;
}

const defaultTempName = (target: string): string =>
  `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;

/** Creates a new, empty temporary file beside `target`; never opens an existing path or follows a link. */
function createTemp(
  target: string,
  file: string,
  name = defaultTempName,
  what = 'checkpoint',
): { fd: number; tmp: string } {
  const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW } = fs.constants;
  const flags = O_WRONLY | O_CREAT | O_EXCL | (O_NOFOLLOW ?? 0);
  for (let attempt = 0; ; attempt++) {
    const tmp = name(target);
    try {
      return { fd: fs.openSync(tmp, flags, 0o666), tmp };
    } catch (err) {
      // EEXIST: a file or a planted symlink has this name; draw another (48 random bits each time).
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 8) continue;
      throw new Error(
        `cannot save ${what} ${file}: cannot create a temporary file in ` +
          `${path.dirname(target)}: ${describeFsError(err)}`,
      );
    }
  }
}

/** Removes temporary files of `target` whose process is gone (a save killed midway). */
function removeStaleTemps(target: string): void {
  const dir = path.dirname(target);
  const pattern = tempPattern(path.basename(target));
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid) {
      try {
        process.kill(pid, 0);
        continue; // alive: perhaps saving right now
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') continue; // EPERM: alive, another user's
      }
    }
    try {
      const st = fs.lstatSync(path.join(dir, name));
      // unlink removes a symbolic link itself, never what it points to
      if (st.isFile() || st.isSymbolicLink()) fs.unlinkSync(path.join(dir, name));
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/** A function with the contract of `fs.writeSync(fd, buffer, offset, length)`: returns the bytes written. */
export type WriteFunction = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

/** Options of {@link saveCheckpoint}. */
export interface SaveCheckpointOptions {
  /** Writes to the temporary file. Tests pass one that stops short or fails. @default fs.writeSync */
  write?: WriteFunction;
  /** Names the next temporary file to try for `target`. Tests pass one to plant files at those names.
   * @default `<target>.<pid>.<12 random hex digits>.tmp` */
  tempName?: (target: string) => string;
}

/**
 * Writes a checkpoint atomically (see the file comment): the target's folder must exist. Returns the
 * number of bytes written. On failure the old checkpoint, if any, is unchanged and the error names the
 * file and the reason.
 */
export function saveCheckpoint(file: string, c: Checkpoint, o: SaveCheckpointOptions = {}): number {
  return writeFileAtomically(file, encodeCheckpoint(c), o);
}

/**
 * Writes `bytes` to `file` as {@link saveCheckpoint} writes a checkpoint — exclusive random temporary
 * file, every byte out, fsync, rename, stale temporary files removed — for any file that must never be
 * half written (caches, exports). `what` names the file in errors. Returns the number of bytes.
 */
export function writeFileAtomically(
  file: string,
  bytes: Uint8Array,
  o: SaveCheckpointOptions & { what?: string } = {},
): number {
  const what = o.what ?? 'checkpoint';
  const target = checkSaveTarget(file, { what });
  const write: WriteFunction = o.write ?? ((fd, b, off, len) => fs.writeSync(fd, b, off, len));
  const { fd, tmp } = createTemp(target, file, o.tempName, what);
  let written = 0;
  let open = true;
  try {
    while (written < bytes.length) {
      const n = write(fd, bytes, written, bytes.length - written);
      if (!(n > 0)) throw Object.assign(new Error('a write made no progress'), { code: 'ENOSPC' });
      written += n;
    }
    fs.fsyncSync(fd);
    open = false;
    fs.closeSync(fd);
    fs.renameSync(tmp, target);
  } catch (err) {
    if (open) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* not there */
    }
    throw new Error(
      `cannot save ${what} ${file}: ${describeFsError(err)} after writing ${written} of ` +
        `${bytes.length} bytes; the previous checkpoint, if any, is unchanged`,
    );
  }
  // The rename is durable once the folder's entry is on disk.
  try {
    const dfd = fs.openSync(path.dirname(target), 'r');
    try {
      fs.fsyncSync(dfd);
    } finally {
      fs.closeSync(dfd);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') {
      throw new Error(
        `${what} ${file} was written, but its folder could not be flushed to disk: ` +
          `${describeFsError(err)}`,
      );
    }
  }
  removeStaleTemps(target);
  return bytes.length;
}

/** Options of {@link loadCheckpoint}. */
export interface LoadCheckpointOptions {
  /** Fail unless the checkpoint's kind is this. */
  kind?: string;
}

/** Reads exactly `length` bytes at `position` (a short read is continued; end of file is an error). */
function readExactly(
  fd: number,
  into: Buffer,
  at: number,
  length: number,
  position: number,
  where: string,
): void {
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, into, at + done, length - done, position + done);
    if (n === 0) {
      throw new Error(
        `${where} is truncated: it ended after ${position + done} bytes while it was being ` + `read`,
      );
    }
    done += n;
  }
}

/**
 * Reads and checks a checkpoint file; every failure names the file and what is wrong. Memory used is
 * bounded by the file's size, which is checked against its prefix (and the caps) before it is read.
 */
export function loadCheckpoint(file: string, o: LoadCheckpointOptions = {}): Checkpoint {
  checkLittleEndian();
  const where = `checkpoint ${file}`;
  if (typeof file !== 'string' || file === '') {
    throw new Error(`checkpoint path ${JSON.stringify(file)} is empty`);
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below refuses it.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${where} does not exist`);
    throw new Error(`cannot read ${where}: ${describeFsError(err)}`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new Error(`${where} is a directory, not a checkpoint file`);
    if (!st.isFile()) throw new Error(`${where} is not a regular file (a device, FIFO or socket); refused`);
    const head = Buffer.alloc(Math.min(PREFIX, st.size));
    readExactly(fd, head, 0, head.length, 0, where);
    const p = readPrefix(head, st.size, where);
    const buf = Buffer.allocUnsafe(p.total);
    head.copy(buf, 0);
    readExactly(fd, buf, PREFIX, p.total - PREFIX, PREFIX, where);
    verify(buf, where);
    const c = decodeBody(buf, p, where);
    if (o.kind !== undefined && c.kind !== o.kind) {
      throw new Error(`${where} holds a '${c.kind}' model, not a '${o.kind}'`);
    }
    return c;
  } finally {
    fs.closeSync(fd);
  }
}
