/**
 * Checkpoints: a trained model in one file — its weights as named float32 arrays, the JSON config
 * that rebuilds it, the vocabulary that decodes its outputs, and free-form metadata (training figures).
 * Any chapter can use it: the `kind` string says what the file holds ('language-model', 'seq2seq', …)
 * and loading checks it.
 *
 * File layout (little-endian):
 *
 *   bytes 0–7    magic "RNNLABCK"
 *   bytes 8–11   format version (uint32) = 1
 *   bytes 12–15  header length in bytes (uint32)
 *   header       UTF-8 JSON: { kind, config, vocab, meta, tensors: [{ name, shape, offset, length }],
 *                dataBytes, sha256 } — offsets in bytes from the start of the data section
 *   padding      zero bytes up to a multiple of 4
 *   data         every tensor's float32 values, in header order
 *
 * The sha256 covers the data section, so a flipped bit anywhere is reported. Saving writes a temporary
 * file beside the target and renames it over the target: a crash leaves the old checkpoint or the new
 * one, never half of one.
 */
import { createHash } from 'node:crypto';
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
const VERSION = 1;
const PREFIX = 16;

interface HeaderTensor { name: string; shape: number[]; offset: number; length: number }
interface Header { kind: string; config: unknown; vocab: unknown; meta: Record<string, unknown>; tensors: HeaderTensor[]; dataBytes: number; sha256: string }

function checkLittleEndian(): void {
  if (os.endianness() !== 'LE') throw new Error('rnnlab checkpoints are little-endian; this machine is big-endian');
}

/** The bytes of a checkpoint (see the file comment). */
export function encodeCheckpoint(c: Checkpoint): Buffer {
  checkLittleEndian();
  if (typeof c.kind !== 'string' || c.kind === '') throw new Error('checkpoint: kind must be a non-empty string');
  const tensors: HeaderTensor[] = [];
  let offset = 0;
  for (const [name, t] of Object.entries(c.weights)) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (!t.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new Error(`checkpoint: weight '${name}' has a bad shape [${t.shape.join(', ')}]`);
    if (!(t.data instanceof Float32Array)) throw new Error(`checkpoint: weight '${name}' must be a Float32Array`);
    if (t.data.length !== n) throw new Error(`checkpoint: weight '${name}' of shape [${t.shape.join(', ')}] needs ${n} values, got ${t.data.length}`);
    tensors.push({ name, shape: [...t.shape], offset, length: n });
    offset += 4 * n;
  }
  const data = Buffer.alloc(offset);
  for (const t of tensors) {
    const src = c.weights[t.name]!.data;
    Buffer.from(src.buffer, src.byteOffset, src.byteLength).copy(data, t.offset);
  }
  const header: Header = {
    kind: c.kind, config: c.config, vocab: c.vocab ?? null, meta: c.meta ?? {}, tensors,
    dataBytes: data.length, sha256: createHash('sha256').update(data).digest('hex'),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const pad = (4 - ((PREFIX + json.length) % 4)) % 4;
  const prefix = Buffer.alloc(PREFIX);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(VERSION, 8);
  prefix.writeUInt32LE(json.length, 12);
  return Buffer.concat([prefix, json, Buffer.alloc(pad), data]);
}

/** Reads checkpoint bytes; `where` names the source in errors. */
export function decodeCheckpoint(bytes: Uint8Array, where = 'checkpoint'): Checkpoint {
  checkLittleEndian();
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < PREFIX || buf.toString('latin1', 0, 8) !== MAGIC) {
    const start = JSON.stringify(buf.toString('latin1', 0, Math.min(8, buf.length)));
    throw new Error(`${where} is not an rnnlab checkpoint: it starts with ${start}, not "${MAGIC}" (${buf.length} bytes)`);
  }
  const version = buf.readUInt32LE(8);
  if (version !== VERSION) throw new Error(`${where} is checkpoint format version ${version}; this rnnlab reads version ${VERSION}`);
  const headerBytes = buf.readUInt32LE(12);
  if (PREFIX + headerBytes > buf.length) throw new Error(`${where} is truncated: its header needs ${headerBytes} bytes, the file has ${buf.length - PREFIX} after the prefix`);
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', PREFIX, PREFIX + headerBytes)) as Header;
  } catch (err) {
    throw new Error(`${where} is corrupt: its JSON header does not parse (${(err as Error).message})`);
  }
  if (!header || typeof header.kind !== 'string' || !Array.isArray(header.tensors) || typeof header.dataBytes !== 'number' || typeof header.sha256 !== 'string') {
    throw new Error(`${where} is corrupt: its header lacks kind, tensors, dataBytes or sha256`);
  }
  const start = PREFIX + headerBytes + ((4 - ((PREFIX + headerBytes) % 4)) % 4);
  const have = buf.length - start;
  if (have !== header.dataBytes) {
    throw new Error(`${where} is ${have < header.dataBytes ? 'truncated' : 'corrupt'}: its header promises ${header.dataBytes} bytes of weights, the file holds ${have}`);
  }
  const data = buf.subarray(start);
  const sha = createHash('sha256').update(data).digest('hex');
  if (sha !== header.sha256) throw new Error(`${where} is corrupt: the weights' sha256 is ${sha}, the header says ${header.sha256}`);
  const weights: Record<string, CheckpointTensor> = {};
  for (const t of header.tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.length || t.offset < 0 || t.offset + 4 * n > data.length || t.offset % 4 !== 0) {
      throw new Error(`${where} is corrupt: tensor '${t.name}' [${t.shape.join(', ')}] at byte ${t.offset} does not fit the ${data.length} bytes of weights`);
    }
    // A copy, aligned, independent of the file buffer.
    const copy = new Float32Array(n);
    new Uint8Array(copy.buffer).set(data.subarray(t.offset, t.offset + 4 * n));
    weights[t.name] = { shape: t.shape, data: copy };
  }
  return { kind: header.kind, config: header.config, vocab: header.vocab ?? null, weights, meta: header.meta ?? {} };
}

/**
 * Writes a checkpoint atomically: to `<file>.<pid>.tmp` in the same folder, flushed to disk, then
 * renamed over `file`. Creates the folder if needed. Returns the number of bytes written.
 */
export function saveCheckpoint(file: string, c: Checkpoint): number {
  const bytes = encodeCheckpoint(c);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return bytes.length;
}

/** Options of {@link loadCheckpoint}. */
export interface LoadCheckpointOptions {
  /** Fail unless the checkpoint's kind is this. */
  kind?: string;
}

/** Reads and checks a checkpoint file; every failure names the file and what is wrong. */
export function loadCheckpoint(file: string, o: LoadCheckpointOptions = {}): Checkpoint {
  if (!fs.existsSync(file)) throw new Error(`checkpoint ${file} does not exist`);
  const c = decodeCheckpoint(fs.readFileSync(file), `checkpoint ${file}`);
  if (o.kind !== undefined && c.kind !== o.kind) throw new Error(`checkpoint ${file} holds a '${c.kind}' model, not a '${o.kind}'`);
  return c;
}
