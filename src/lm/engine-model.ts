/**
 * The language model of src/lm/model.ts on rnnlab's WebAssembly engine (src/engine): the engine's
 * `SequenceModel` already has this contract's methods and weight names; this class adds the
 * configuration and shares one engine per process.
 */
import { createEngine, Engine, EngineOptions, SequenceModel } from '../engine/index';
import {
  checkWeights, LanguageModel, recurrentCell, LMConfig, LMConfigOptions, lmConfig, LMState, LMStepResult, LMTrainStepOptions, NamedWeight,
} from './model';

let shared: Promise<Engine> | undefined;

/**
 * The process's engine, created on first use — with `options` if this call creates it (threads from
 * RNNLAB_THREADS, else 1, by default).
 */
export function sharedEngine(options?: EngineOptions): Promise<Engine> {
  shared ??= createEngine(options);
  return shared;
}

/** Stops the shared engine's worker threads (if it was ever created); the next model makes a new one. */
export async function disposeSharedEngine(): Promise<void> {
  const e = shared;
  shared = undefined;
  if (e !== undefined) (await e).dispose();
}

/** The language model on the engine. */
export class EngineLanguageModel implements LanguageModel {
  readonly config: LMConfig;
  readonly backend = 'engine';
  private readonly model: SequenceModel;

  constructor(engine: Engine, options: LMConfigOptions) {
    this.config = lmConfig(options);
    // Recurrent biases as PyTorch draws them (b_ih + b_hh, no forget-gate offset): measured to learn
    // faster per step on the headline protocol than the forget bias of 1 (docs/language-model.md).
    this.model = new SequenceModel(engine, { ...this.config, cell: recurrentCell(this.config, 'EngineLanguageModel'), pytorchBias: true });
  }

  get numParams(): number {
    return this.model.numParams;
  }

  trainStep(X: Int32Array, Y: Int32Array, batchSize: number, numSteps: number, o: LMTrainStepOptions): LMStepResult {
    return this.model.trainStep(X, Y, batchSize, numSteps, { optimizer: o.optimizer ?? 'adam', lr: o.lr, clip: o.clip ?? 0, state: o.state });
  }

  evaluate(X: Int32Array, Y: Int32Array, batchSize: number, numSteps: number, state?: LMState): LMStepResult {
    return this.model.evaluate(X, Y, batchSize, numSteps, state);
  }

  stepLogits(tokens: Int32Array, state?: LMState): { logits: Float32Array; state: LMState } {
    return this.model.stepLogits(tokens, state);
  }

  hiddenStates(X: Int32Array, batchSize: number, numSteps: number, options: { layer?: number; state?: LMState } = {}): { H: Float32Array; state: LMState } {
    return this.model.hiddenStates(X, batchSize, numSteps, options);
  }

  getWeights(): Record<string, NamedWeight> {
    return this.model.getWeights();
  }

  setWeights(weights: Record<string, NamedWeight>): void {
    checkWeights(this.config, weights);
    this.model.setWeights(weights);
  }

  dispose(): void {
    this.model.dispose();
  }
}
