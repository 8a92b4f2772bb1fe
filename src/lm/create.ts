/**
 * Building a language model on a chosen backend. `tfjs` is always present (src/lm/tfjs-model.ts).
 * The fast WebAssembly engine (src/engine) is added here once it is part of rnnlab.
 */
import { useBestBackend } from '../tfjs/backend';
import { LanguageModel, LMConfigOptions } from './model';
import { TfjsLanguageModel } from './tfjs-model';

/** The implementations a language model can run on. */
export type LMBackend = 'tfjs';
export const LM_BACKENDS: readonly LMBackend[] = ['tfjs'];

/** Options of {@link createLanguageModel}. */
export interface CreateLMOptions {
  /** @default the fastest available */
  backend?: LMBackend;
}

/** A new language model of the given configuration (seeded initial weights). */
export async function createLanguageModel(config: LMConfigOptions, o: CreateLMOptions = {}): Promise<LanguageModel> {
  const backend = o.backend ?? LM_BACKENDS[0]!;
  if (!LM_BACKENDS.includes(backend)) throw new Error(`backend must be one of ${LM_BACKENDS.join(', ')}; got '${String(backend)}'`);
  await useBestBackend({ log: false });
  return new TfjsLanguageModel(config);
}
