/**
 * Building a language model on a chosen backend: `engine`, rnnlab's WebAssembly engine (src/engine,
 * fast — the default), or `tfjs`, tfjs layers (src/lm/tfjs-model.ts; slow on tfjs's CPU backend, the
 * readable reference). Both take the same configuration and produce the same weight names, so a
 * checkpoint written by one loads into the other.
 */
import { useBestBackend } from '../tfjs/backend';
import { LanguageModel, LMConfigOptions } from './model';
import { TfjsLanguageModel } from './tfjs-model';
import { EngineLanguageModel } from './engine-model';
import { createEngine, Engine } from '../engine/index';
import { TransformerLanguageModel } from './transformer-model';

/** The implementations a language model can run on, fastest first. */
export type LMBackend = 'engine' | 'tfjs';
export const LM_BACKENDS: readonly LMBackend[] = ['engine', 'tfjs'];

/** Options of {@link createLanguageModel}. */
export interface CreateLMOptions {
  /** @default the fastest available */
  backend?: LMBackend;
  /** The engine to build on (backend 'engine'); the caller disposes it. @default a new one, owned by the model */
  engine?: Engine;
  /** Threads of the engine created when no `engine` is given. @default RNNLAB_THREADS, else 1 */
  threads?: number;
}

/** A new language model of the given configuration (seeded initial weights). */
export async function createLanguageModel(config: LMConfigOptions, o: CreateLMOptions = {}): Promise<LanguageModel> {
  const backend = o.backend ?? LM_BACKENDS[0]!;
  if (!LM_BACKENDS.includes(backend)) throw new Error(`backend must be one of ${LM_BACKENDS.join(', ')}; got '${String(backend)}'`);
  if (config.cell === 'transformer') {
    if (backend !== 'engine') throw new Error(`the Transformer runs on the engine only; got backend '${backend}'`);
    if (o.engine !== undefined) return new TransformerLanguageModel(o.engine, config);
    return new TransformerLanguageModel(await createEngine({ threads: o.threads }), config, true);
  }
  if (backend === 'engine') {
    if (o.engine !== undefined) return new EngineLanguageModel(o.engine, config);
    return new EngineLanguageModel(await createEngine({ threads: o.threads }), config, true);
  }
  await useBestBackend({ log: false });
  return new TfjsLanguageModel(config);
}
