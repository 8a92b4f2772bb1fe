// Runs the `rnnlab` command line as a user does (a child process of bin/rnnlab.js in the project root),
// for the CLI tests.
import * as path from 'node:path';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';

/** The project root. */
export const root = path.join(__dirname, '..', '..');

/** `rnnlab ...args` with `env` added to this process's environment; waits for it to exit. */
export function runRnnlab(
  args: readonly string[],
  env: Record<string, string> = {},
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [path.join(root, 'bin', 'rnnlab.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

/** `rnnlab translate` for two steps of a small batch on the small French file: a checkpoint in seconds. */
export const TINY_TRANSLATOR = [
  'translate',
  '--data',
  'fra-small.txt',
  '--steps',
  '2',
  '--seconds',
  '600',
  '--batch',
  '16',
] as const;
