/**
 * The execution cache: an executed chapter is kept in `build/book-cache/<profile>/` with the key it
 * was run under, and is run again only when the key changes. The key is a SHA-256 over the profile,
 * the notebook's code cells (a prose edit changes no output, so it runs nothing), every file under
 * `src/` and `package-lock.json` (the library and its dependencies produce the outputs).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Notebook, codeSources } from './notebook';

/** `learn`, `full` or `ci` (src/profile.ts). */
export type Profile = 'learn' | 'full' | 'ci';

/** What is stored beside an executed copy. */
export interface CacheRecord {
  key: string;
  profile: Profile;
  /** Seconds the execution took (0 when the copy was adopted from another folder). */
  seconds: number;
  executedAt: string;
  /** `executed` (run here) or the folder it was adopted from. */
  source: string;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}

/** The files the outputs depend on besides the notebook: `src/**` and `package-lock.json`. */
export function libraryFiles(root: string): string[] {
  const lock = path.join(root, 'package-lock.json');
  return [...filesUnder(path.join(root, 'src')), ...(fs.existsSync(lock) ? [lock] : [])];
}

/** SHA-256 of the library files (paths relative to `root`, and contents); computed once per build. */
export function libraryHash(root: string): string {
  const h = createHash('sha256');
  for (const f of libraryFiles(root)) {
    h.update(path.relative(root, f).split(path.sep).join('/')).update('\0');
    h.update(fs.readFileSync(f)).update('\0');
  }
  return h.digest('hex');
}

/** The cache key of one chapter. */
export function cacheKey(nb: Notebook, profile: Profile, library: string): string {
  const h = createHash('sha256');
  h.update(`rnnlab-book 1\0${profile}\0${library}\0`);
  for (const s of codeSources(nb)) h.update(s).update('\0');
  return h.digest('hex');
}

/** The cache folder of one profile. */
export class Cache {
  constructor(readonly dir: string) {}

  notebookPath(name: string): string {
    return path.join(this.dir, `${name}.ipynb`);
  }

  private recordPath(name: string): string {
    return path.join(this.dir, `${name}.json`);
  }

  /** The record of `name`, if its executed copy is present. */
  record(name: string): CacheRecord | undefined {
    if (!fs.existsSync(this.notebookPath(name)) || !fs.existsSync(this.recordPath(name))) return undefined;
    try {
      return JSON.parse(fs.readFileSync(this.recordPath(name), 'utf8')) as CacheRecord;
    } catch {
      return undefined;
    }
  }

  /** Stores an executed copy (moved or copied from `file`) with its record; the record is written last. */
  put(name: string, file: string, record: CacheRecord, move: boolean): void {
    fs.mkdirSync(this.dir, { recursive: true });
    fs.rmSync(this.recordPath(name), { force: true });
    if (move) fs.renameSync(file, this.notebookPath(name));
    else fs.copyFileSync(file, this.notebookPath(name));
    const tmp = `${this.recordPath(name)}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(record, null, 2) + '\n');
    fs.renameSync(tmp, this.recordPath(name));
  }
}
