/**
 * Chapter 13's overfitting experiment (document 002 §1.6 Q5): a character LSTM language model on the
 * first few thousand characters of The Time Machine overfits within minutes; each remedy the FAQ names
 * is one change to {@link GENERALIZATION_PROTOCOL}'s run, measured with the same step budget:
 *
 *   gap       = L_val − L_train                  (both without dropout, L = mean cross-entropy, nats)
 *   best step = argmin_s L_val(s)                (early stopping: the step to stop at, and its loss)
 *   sparsity  = #{w : |w| < 10⁻³} / #w           over the weight matrices (L1's promise)
 *
 * `rnnlab lm --corpus timemachine --train-chars N --eval-every K … --json` runs one row; the notebook
 * and the CLI both call {@link runGeneralization}, and {@link generalizationCommand} writes a row's
 * command line.
 */
import type { NamedWeight } from '../engine/index';
import { CorpusRun, CorpusRunOptions, trainOnCorpus } from './corpus-run';
import { validationLoss } from './evaluate';
import { LanguageModel } from './model';
import { LM_PROTOCOL } from './protocol';

/** The experiment's settings (the `full` profile of notebook 13; smaller profiles scale them down). */
export const GENERALIZATION_PROTOCOL = {
  corpus: 'timemachine' as const,
  /** Characters of the training split used (the validation split stays the last 10% of the book). */
  trainTokens: 4000,
  numHiddens: 96,
  /** Step budget of every run. */
  steps: 300,
  /** Validation loss measured every this many steps (the curves, early stopping). */
  evalEvery: 25,
  seeds: [0, 1, 2],
  /** Dropout rate of both dropout rows. */
  dropout: 0.3,
  /** λ of L2 in the loss, of decoupled weight decay, and λ₁ of L1 (each row's own). */
  l2: 3e-3,
  decoupledDecay: 1,
  l1: 1e-4,
  /** Hidden units of the "smaller model" row. */
  smallHiddens: 32,
  /** Training-set sizes of the learning curve (characters). */
  curveTokens: [2000, 4000, 8000, 16000],
  /** |w| below this counts as zero in the sparsity column. */
  zeroBelow: 1e-3,
} as const;

/** The figures of one run (see the file comment). */
export interface GeneralizationFigures {
  /** Validation loss after the last step. */
  valLoss: number;
  /** Loss on the training tokens after the last step, without dropout. */
  trainEvalLoss: number;
  /** valLoss − trainEvalLoss. */
  gap: number;
  /** The lowest validation loss measured, and the step it was measured at (early stopping). */
  bestValLoss: number;
  bestStep: number;
  /** Fraction of the weight-matrix entries with |w| < zeroBelow. */
  sparsity: number;
}

/** Fraction of the entries of the weight matrices (≥ 2 dimensions, as the penalties see them) below `zeroBelow`. */
export function weightSparsity(
  weights: Record<string, NamedWeight>,
  zeroBelow: number = GENERALIZATION_PROTOCOL.zeroBelow,
): number {
  let zero = 0,
    total = 0;
  for (const w of Object.values(weights)) {
    if (w.shape.length < 2) continue; // the biases: not penalised (isDecayed, src/engine/optimizer.ts)
    for (const x of w.data) if (Math.abs(x) < zeroBelow) zero++;
    total += w.data.length;
  }
  return total === 0 ? 0 : zero / total;
}

/** The figures of a finished run (its model still alive). */
export function generalizationFigures(
  run: CorpusRun,
  window: number = LM_PROTOCOL.validationWindow,
): GeneralizationFigures {
  const model: LanguageModel = run.model;
  // The training tokens as the validation text is scored: non-overlapping windows, no dropout.
  const trainEvalLoss = validationLoss(model, run.train, Math.min(window, run.train.length - 1));
  const evals = run.training.evals;
  const best = evals.reduce((b, e) => (e.valLoss < b.valLoss ? { valLoss: e.valLoss, step: e.step } : b), {
    valLoss: run.valLoss,
    step: run.training.steps,
  });
  return {
    valLoss: run.valLoss,
    trainEvalLoss,
    gap: run.valLoss - trainEvalLoss,
    bestValLoss: best.valLoss,
    bestStep: best.step,
    sparsity: weightSparsity(model.getWeights()),
  };
}

/** {@link runGeneralization}'s result: the figures, the budget used and the curves. */
export interface GeneralizationRun extends GeneralizationFigures {
  steps: number;
  seconds: number;
  /** Validation loss every `evalEvery` steps. */
  evals: CorpusRun['training']['evals'];
  /** Training loss of every step (on its batch, with dropout when the run has it). */
  losses: number[];
}

/** One run and its figures: {@link trainOnCorpus}, then {@link generalizationFigures}; the model is disposed. */
export async function runGeneralization(o: CorpusRunOptions): Promise<GeneralizationRun> {
  const run = await trainOnCorpus(o);
  try {
    return {
      ...generalizationFigures(run, o.validationWindow),
      steps: run.training.steps,
      seconds: run.training.seconds,
      evals: run.training.evals,
      losses: run.training.losses,
    };
  } finally {
    run.model.dispose();
  }
}

/** The `rnnlab lm` command line that runs `o` (the options a row of the table sets). */
export function generalizationCommand(o: CorpusRunOptions): string {
  const parts = ['rnnlab lm', `--corpus ${o.corpus}`];
  const add = (flag: string, v: number | boolean | string | undefined): void => {
    if (v === undefined || v === false) return;
    parts.push(v === true ? `--${flag}` : `--${flag} ${v}`);
  };
  add('train-chars', o.trainTokens);
  add('hidden', o.numHiddens);
  add('context', o.numSteps);
  add('dropout', o.dropout);
  add('variational', o.variational);
  add('weight-decay', o.weightDecay);
  add('decoupled', o.decoupled);
  add('l1', o.l1);
  add('steps', o.maxSteps);
  add('eval-every', o.evalEvery);
  add('seed', o.seed);
  add('threads', o.threads);
  parts.push('--json');
  return parts.join(' ');
}
