/**
 * The run profile: `full` (the default) reproduces the published numbers; `ci` shrinks data and
 * epochs so that every notebook runs in CI within minutes. Chosen by `RNNLAB_PROFILE`.
 */
export type Profile = 'full' | 'ci';

/** The profile in force: `RNNLAB_PROFILE=ci` or `full` (default `full`). */
export function profile(): Profile {
  const raw = (process.env.RNNLAB_PROFILE ?? 'full').trim().toLowerCase();
  if (raw === '' || raw === 'full') return 'full';
  if (raw === 'ci') return 'ci';
  throw new Error(`RNNLAB_PROFILE must be 'full' or 'ci', got '${process.env.RNNLAB_PROFILE}'`);
}

/** Picks the value for the profile in force: `pick({ full: 20, ci: 2 })` → 2 under `RNNLAB_PROFILE=ci`. */
export function pick<T>(values: { full: T; ci: T }): T {
  return values[profile()];
}
