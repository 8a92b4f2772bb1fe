/**
 * Which tfjs backend runs our tfjs models.
 *
 * Order of preference, unless `RNNLAB_BACKEND` (or the `force` option) names one:
 * 1. `tensorflow` — `@tensorflow/tfjs-node`, native libtensorflow; an optional dependency, present only
 *    where its install script could download its binary.
 * 2. `cpu` — pure JavaScript, always present, supports every op we train with.
 * `wasm` (`@tensorflow/tfjs-backend-wasm`) is used only when asked for: it lacks `UnsortedSegmentSum`,
 * so an Embedding layer cannot train on it.
 */
import * as tf from '@tensorflow/tfjs';
import { logNotice } from '../plot';

export type BackendName = 'tensorflow' | 'cpu' | 'wasm';
const KNOWN: readonly BackendName[] = ['tensorflow', 'cpu', 'wasm'];

let chosen: BackendName | undefined;

/** True when `require(name)` succeeds; the module is loaded (and registers its backend) as a side effect. */
function loads(name: string): boolean {
  try {
    require(name);
    return true;
  } catch {
    return false;
  }
}

/** The backends that can be used in this installation, best first. */
export function availableBackends(): BackendName[] {
  const out: BackendName[] = [];
  if (loads('@tensorflow/tfjs-node')) out.push('tensorflow');
  out.push('cpu');
  if (loads('@tensorflow/tfjs-backend-wasm')) out.push('wasm');
  return out;
}

/** Options of {@link useBestBackend}. */
export interface BackendOptions {
  /** Use this backend or fail. @default process.env.RNNLAB_BACKEND, else the best available */
  force?: BackendName;
  /** Log which backend is in use (once per process; in a notebook to the kernel's log). @default true */
  log?: boolean;
}

function parseName(raw: string, where: string): BackendName {
  const name = raw.trim().toLowerCase();
  if (!(KNOWN as readonly string[]).includes(name)) {
    throw new Error(`${where} must be one of ${KNOWN.join(', ')}; got '${raw}'`);
  }
  return name as BackendName;
}

/**
 * Selects the tfjs backend (idempotent) and returns its name. Silences tfjs's "install tfjs-node"
 * banner: the README says how to get tfjs-node, and `rnnlab info` says which backend is in use.
 */
export async function useBestBackend(options: BackendOptions = {}): Promise<BackendName> {
  const env = process.env.RNNLAB_BACKEND;
  const wanted = options.force ?? (env ? parseName(env, 'RNNLAB_BACKEND') : undefined);
  if (chosen !== undefined && (wanted === undefined || wanted === chosen)) return chosen;
  tf.env().set('PROD', true);
  const available = availableBackends();
  if (wanted !== undefined && !available.includes(wanted)) {
    const hint = wanted === 'tensorflow' ? ' (install it with `npm install @tensorflow/tfjs-node`; see the README)' : '';
    throw new Error(`tfjs backend '${wanted}' is not available here${hint}; available: ${available.join(', ')}`);
  }
  const name = wanted ?? available[0]!;
  if (name === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as { setThreadsCount?: (n: number) => void };
    wasm.setThreadsCount?.(1);
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs could not initialise backend '${name}'`);
  await tf.ready();
  chosen = name;
  if (options.log ?? true) logNotice(`rnnlab: tfjs backend '${name}' (available: ${available.join(', ')})`);
  return name;
}

/** The backend chosen by {@link useBestBackend}, or `undefined` before it ran. */
export function currentBackend(): BackendName | undefined {
  return chosen;
}
