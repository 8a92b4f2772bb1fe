/**
 * The language model of src/lm/model.ts on rnnlab's WebAssembly engine (src/engine): the engine's
 * `SequenceModel` already has this contract's methods and weight names; this class adds the
 * configuration. The engine is a parameter: the caller creates it (with its thread count) and passes
 * it down; no engine lives in a module-level variable.
 */
import { Engine, SequenceModel } from '../engine/index';
import {
  checkWeights,
  LanguageModel,
  recurrentCell,
  LMConfig,
  LMConfigOptions,
  lmConfig,
  LMState,
  LMStepResult,
  LMTrainStepOptions,
  NamedWeight,
} from './model';
import { LM_PROTOCOL } from './protocol';

/** The language model on the engine. */
export class EngineLanguageModel implements LanguageModel {
  readonly config: LMConfig;
  readonly backend = 'engine';
  private readonly model: SequenceModel;

  /**
   * A model on `engine`. With `ownsEngine`, {@link dispose} disposes the engine too (a model that
   * {@link createLanguageModel} built with its own engine); otherwise the caller disposes it.
   */
  constructor(
    readonly engine: Engine,
    options: LMConfigOptions,
    private readonly ownsEngine = false,
  ) {
    this.config = lmConfig(options);
    // Recurrent biases as PyTorch draws them (b_ih + b_hh, no forget-gate offset): measured to learn
    // faster per step on the headline protocol than the forget bias of 1 (docs/language-model.md).
    this.model = new SequenceModel(engine, {
      ...this.config,
      cell: recurrentCell(this.config, 'EngineLanguageModel'),
      pytorchBias: true,
    });
  }

  get numParams(): number {
    return this.model.numParams;
  }

  trainStep(
    X: Int32Array,
    Y: Int32Array,
    batchSize: number,
    numSteps: number,
    o: LMTrainStepOptions,
  ): LMStepResult {
    return this.model.trainStep(X, Y, batchSize, numSteps, {
      optimizer: {
        name: o.optimizer ?? LM_PROTOCOL.optimizer,
        weightDecay: o.weightDecay ?? 0,
        decoupled: o.decoupled ?? false,
        l1: o.l1 ?? 0,
      },
      lr: o.lr,
      clip: o.clip ?? 0,
      state: o.state,
    });
  }

  evaluate(X: Int32Array, Y: Int32Array, batchSize: number, numSteps: number, state?: LMState): LMStepResult {
    return this.model.evaluate(X, Y, batchSize, numSteps, state);
  }

  stepLogits(tokens: Int32Array, state?: LMState): { logits: Float32Array; state: LMState } {
    return this.model.stepLogits(tokens, state);
  }

  hiddenStates(
    X: Int32Array,
    batchSize: number,
    numSteps: number,
    options: { layer?: number; state?: LMState } = {},
  ): { H: Float32Array; state: LMState } {
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
    // Stops the worker threads of an engine this model owns (none with 1 thread).
    if (this.ownsEngine) void this.engine.dispose();
  }
}
