/**
 * The run profile, chosen by `RNNLAB_PROFILE`:
 * - `learn` (the default, what Jupyter runs): every notebook's Run All finishes in minutes on a 2-core
 *   machine, with results that still show the lesson;
 * - `full`: reproduces the published figures (longer training, the whole data);
 * - `ci`: the smallest runs that still exercise every cell, for `npm test`.
 */
export type Profile = 'learn' | 'full' | 'ci';

const PROFILES: readonly Profile[] = ['learn', 'full', 'ci'];

/** The profile in force: `RNNLAB_PROFILE=learn|full|ci` (default `learn`). */
export function profile(): Profile {
  const raw = (process.env.RNNLAB_PROFILE ?? '').trim().toLowerCase();
  if (raw === '') return 'learn';
  const found = PROFILES.find((p) => p === raw);
  if (found === undefined) {
    throw new Error(`RNNLAB_PROFILE must be 'learn', 'full' or 'ci', got '${process.env.RNNLAB_PROFILE}'`);
  }
  return found;
}

/** One value a profile. `learn` may be left out while a notebook has no learn-sized run: it then takes `full`. */
export interface ProfileValues<T> {
  /** What Run All in Jupyter uses (≤ 3 minutes a notebook on 2 cores). @default the `full` value */
  learn?: T;
  /** The published figures. */
  full: T;
  /** The smallest run for tests. */
  ci: T;
}

/** Picks the value for the profile in force: `pick({ learn: 5, full: 20, ci: 2 })` → 2 under `RNNLAB_PROFILE=ci`. */
export function pick<T>(values: ProfileValues<T>): T {
  const p = profile();
  if (p === 'learn') return 'learn' in values ? (values.learn as T) : values.full;
  return values[p];
}
