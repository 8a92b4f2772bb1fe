/**
 * Building a language model on a chosen backend: `engine`, rnnlab's WebAssembly engine (src/engine,
 * fast — the default), or `tfjs`, tfjs layers (src/lm/tfjs-model.ts; slow on tfjs's CPU backend, the
 * readable reference). Both take the same configuration and produce the same weight names, so a
 * checkpoint written by one loads into the other.
 */
import { useBestBackend } from '../tfjs/backend';
import { LanguageModel, LMConfigOptions } from './model';
import { TfjsLanguageModel } from './tfjs-model';
import { EngineLanguageModel, sharedEngine } from './engine-model';
import { TransformerLanguageModel } from './transformer-model';

/** The implementations a language model can run on, fastest first. */
export type LMBackend = 'engine' | 'tfjs';
export const LM_BACKENDS: readonly LMBackend[] = ['engine', 'tfjs'];

/** Options of {@link createLanguageModel}. */
export interface CreateLMOptions {
  /** @default the fastest available */
  backend?: LMBackend;
}

/** A new language model of the given configuration (seeded initial weights). */
export async function createLanguageModel(config: LMConfigOptions, o: CreateLMOptions = {}): Promise<LanguageModel> {
  const backend = o.backend ?? LM_BACKENDS[0]!;
  if (!LM_BACKENDS.includes(backend)) throw new Error(`backend must be one of ${LM_BACKENDS.join(', ')}; got '${String(backend)}'`);
  if (config.cell === 'transformer') {
    if (backend !== 'engine') throw new Error(`the Transformer runs on the engine only; got backend '${backend}'`);
    return new TransformerLanguageModel(await sharedEngine(), config);
  }
  if (backend === 'engine') return new EngineLanguageModel(await sharedEngine(), config);
  await useBestBackend({ log: false });
  return new TfjsLanguageModel(config);
}
