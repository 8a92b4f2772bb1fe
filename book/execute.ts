/**
 * Executing the chapters for the book, one at a time through scripts/run_notebooks.py (headless, the
 * tslab kernel), each only when its cache key changed. Progress goes to stderr, one line per chapter.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Cache, Profile, cacheKey, libraryFiles } from './cache';
import { Notebook, codeSources, readNotebook } from './notebook';

/** How one chapter was obtained. */
export type Outcome = 'cached' | 'adopted' | 'executed' | 'failed';

/** One chapter's execution result. */
export interface Execution {
  name: string;
  outcome: Outcome;
  /** The executed copy (in the cache; for a failure, the partial copy), if any. */
  executed?: Notebook;
  seconds: number;
  /** What the runner printed on a failure. */
  message?: string;
}

/** Options of {@link executeChapters}. */
export interface ExecuteOptions {
  root: string;
  profile: Profile;
  cache: Cache;
  /** The library hash ({@link libraryHash}). */
  library: string;
  /** A folder of executed copies to adopt when they match (the notebooks phase of `npm test`). */
  reuse?: string;
  /** Python with Jupyter and the environment the kernel needs; called only when something must run. */
  jupyter: () => { python: string; vars: Record<string, string> };
  log: (line: string) => void;
}

/** The newest modification time of the library files (ms). */
function newestLibraryTime(root: string): number {
  return Math.max(0, ...libraryFiles(root).map((f) => fs.statSync(f).mtimeMs));
}

/**
 * Whether `file` is an execution of `nb` under the current library: the same code cells, every one
 * executed, and written after the last change to the library.
 */
export function matchesExecution(nb: Notebook, file: string, libraryTime: number): boolean {
  if (!fs.existsSync(file) || fs.statSync(file).mtimeMs < libraryTime) return false;
  let copy: Notebook;
  try {
    copy = readNotebook(file);
  } catch {
    return false;
  }
  const a = codeSources(nb);
  const b = codeSources(copy);
  if (a.length !== b.length || a.some((s, i) => s !== b[i])) return false;
  return copy.cells.filter((c) => c.cell_type === 'code').every((c) => typeof c.execution_count === 'number');
}

/** Runs (or finds in the cache) every chapter in `notebooks`, in order. */
export function executeChapters(notebooks: string[], o: ExecuteOptions): Execution[] {
  const results: Execution[] = [];
  let libraryTime: number | undefined;
  notebooks.forEach((file, i) => {
    const name = path.basename(file, '.ipynb');
    const tag = `book: [${i + 1}/${notebooks.length}] ${name}`;
    const nb = readNotebook(file);
    const key = cacheKey(nb, o.profile, o.library);
    const record = o.cache.record(name);
    if (record?.key === key) {
      o.log(`${tag} — cached (${record.source}, key ${key.slice(0, 12)})`);
      results.push({
        name,
        outcome: 'cached',
        executed: readNotebook(o.cache.notebookPath(name)),
        seconds: 0,
      });
      return;
    }
    if (o.reuse) {
      libraryTime ??= newestLibraryTime(o.root);
      const candidate = path.join(o.reuse, `${name}.ipynb`);
      if (matchesExecution(nb, candidate, libraryTime)) {
        o.cache.put(
          name,
          candidate,
          {
            key,
            profile: o.profile,
            seconds: 0,
            executedAt: new Date().toISOString(),
            source: path.relative(o.root, o.reuse) || o.reuse,
          },
          false,
        );
        o.log(`${tag} — adopted from ${o.reuse}`);
        results.push({
          name,
          outcome: 'adopted',
          executed: readNotebook(o.cache.notebookPath(name)),
          seconds: 0,
        });
        return;
      }
    }
    o.log(`${tag} — running (profile ${o.profile})…`);
    const { python, vars } = o.jupyter();
    const tmp = path.join(o.cache.dir, '.running');
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp, { recursive: true });
    const t0 = Date.now();
    const r = spawnSync(python, [path.join(o.root, 'scripts', 'run_notebooks.py'), '--out', tmp, file], {
      cwd: o.root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, ...vars, RNNLAB_PROFILE: o.profile },
    });
    const seconds = (Date.now() - t0) / 1000;
    const out = path.join(tmp, `${name}.ipynb`);
    const partial = fs.existsSync(out) ? readNotebook(out) : undefined;
    if (r.status !== 0 || !partial) {
      const message = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() || String(r.error ?? `exit ${r.status}`);
      o.log(`${tag} — FAILED after ${seconds.toFixed(1)} s:\n${message}`);
      results.push({ name, outcome: 'failed', executed: partial, seconds, message });
      return;
    }
    o.cache.put(
      name,
      out,
      { key, profile: o.profile, seconds, executedAt: new Date().toISOString(), source: 'executed' },
      true,
    );
    o.log(`${tag} — executed in ${seconds.toFixed(1)} s`);
    results.push({ name, outcome: 'executed', executed: partial, seconds });
  });
  return results;
}
