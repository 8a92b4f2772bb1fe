/**
 * The catalog: every math-formula check of `rnnlab checks`, listed here explicitly (nothing registers
 * itself when a module loads). The check definitions live in this folder; a task's checks that need
 * the task's code live in the task folder (`seq2seq/checks.ts`), so this module sits above the task
 * folders and below `cli/`. Add a new check to its group's file, or a new group to `catalogChecks()`.
 *
 * The `checks` namespace of `rnnlab` is this module: the tools of `src/checks/` plus the catalog.
 */
import { CheckResult, FormulaCheck, listChecks, registerCheck, runChecks as runRegistered } from '../checks';
import { closedFormChecks } from './closed-form';
import { gradientChecks } from './gradients';
import { tfjsChecks } from './tfjs';
import { trainingChecks } from './training';
import { decoupledChecks, optimizerChecks } from './optimizers';
import { engineChecks } from './engine';
import { bpttChecks } from './bptt';
import { attentionChecks } from './attention';
import { transformerChecks } from './transformer';
import { copyChecks, seq2seqChecks } from '../seq2seq/index';
import { forecastChecks } from './forecast';
import { speechChecks } from '../speech/index';
import { dropoutChecks } from './dropout';
import { errataChecks } from './errata';

export * from '../checks/index';
export { attentionChecks, attentionGradCase } from './attention';
export type { AttentionGradCase } from './attention';
export { forecastChecks, headGradientError, engineHeadError } from './forecast';

/** Every check of the catalog, in the order `rnnlab checks` runs them. */
export function catalogChecks(): FormulaCheck[] {
  return [
    ...closedFormChecks,
    ...gradientChecks,
    ...tfjsChecks,
    ...trainingChecks,
    ...optimizerChecks,
    ...decoupledChecks,
    ...bpttChecks,
    ...engineChecks,
    ...attentionChecks,
    ...seq2seqChecks,
    ...copyChecks,
    ...transformerChecks,
    ...speechChecks,
    ...forecastChecks,
    ...dropoutChecks,
    ...errataChecks,
  ];
}

let registered = false;

/** Registers the catalog's checks once (idempotent); returns how many checks the registry holds. */
export function registerBuiltinChecks(): number {
  if (!registered) {
    registerCheck(...catalogChecks());
    registered = true;
  }
  return listChecks().length;
}

/**
 * Runs the catalog's checks whose name contains `filter` (the catalog is registered first, so a
 * notebook's `checks.runChecks('attention/')` needs no set-up); a check that throws fails with its message.
 */
export async function runChecks(
  filter?: string,
  onResult?: (r: CheckResult) => void,
): Promise<CheckResult[]> {
  registerBuiltinChecks();
  return runRegistered(filter, onResult);
}
