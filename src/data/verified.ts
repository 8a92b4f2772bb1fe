/**
 * Reading the data sets shipped in data/. Each data set is a folder `data/<set>/` holding its files,
 * a `README.md` (source, licence, how it was made) and a `SHA256SUMS` file in `sha256sum` format.
 * Every read checks the hash, so a truncated or edited file is reported instead of silently changing
 * a result.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { dataPath } from '../paths';

/** The hashes listed in `data/<set>/SHA256SUMS`, by file name. */
export function listedHashes(set: string): Map<string, string> {
  const sums = dataPath(set, 'SHA256SUMS');
  if (!fs.existsSync(sums)) throw new Error(`data set '${set}' has no ${path.relative(process.cwd(), sums)}; expected data/${set}/SHA256SUMS`);
  const out = new Map<string, string>();
  for (const line of fs.readFileSync(sums, 'utf8').split('\n')) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) out.set(m[2]!, m[1]!);
  }
  return out;
}

/** sha256 of a buffer, lower-case hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Largest data file {@link readDataFile} reads: 1 GiB. */
export const MAX_DATA_FILE_BYTES = 2 ** 30;

/**
 * Reads `data/<set>/<file>` and checks it against `SHA256SUMS`.
 * @throws when the file is missing, unlisted, or its hash differs — naming both hashes.
 */
export function readDataFile(set: string, file: string): Buffer {
  const full = dataPath(set, file);
  const expected = listedHashes(set).get(file);
  if (expected === undefined) throw new Error(`data/${set}/${file} is not listed in data/${set}/SHA256SUMS`);
  if (!fs.existsSync(full)) {
    throw new Error(`data/${set}/${file} is missing. It is part of the repository: restore it with \`git checkout -- data/${set}/${file}\``);
  }
  // Nothing but a regular file of bounded size is read (a link to /dev/zero would never end).
  const st = fs.statSync(full);
  if (!st.isFile()) throw new Error(`data/${set}/${file} is not a regular file (a folder, device or FIFO)`);
  if (st.size > MAX_DATA_FILE_BYTES) {
    throw new Error(
      `data/${set}/${file} is ${st.size} bytes; data files are read whole, at most ${MAX_DATA_FILE_BYTES}`);
  }
  const bytes = fs.readFileSync(full);
  const actual = sha256(bytes);
  if (actual !== expected) {
    throw new Error(
      `data/${set}/${file} has been altered: sha256 is ${actual}, data/${set}/SHA256SUMS says ${expected} ` +
      `(${bytes.length} bytes). Restore it with \`git checkout -- data/${set}/${file}\``);
  }
  return bytes;
}

/** {@link readDataFile} decoded as UTF-8 text. */
export function readDataText(set: string, file: string): string {
  return readDataFile(set, file).toString('utf8');
}
