/** Registers every built-in math-formula check (idempotent); `rnnlab checks` and the notebooks call it. */
import { listChecks, registerCheck } from './registry';
import { closedFormChecks } from './catalog/closed-form';
import { gradientChecks } from './catalog/gradients';
import { tfjsChecks } from './catalog/tfjs';
import { trainingChecks } from './catalog/training';
import { engineChecks } from './catalog/engine';
import { bpttChecks } from './catalog/bptt';
import { transformerChecks } from './catalog/transformer';

let registered = false;

/** Registers the built-in checks once; returns how many checks the registry holds. */
export function registerBuiltinChecks(): number {
  if (!registered) {
    registerCheck(...closedFormChecks, ...gradientChecks, ...tfjsChecks, ...trainingChecks, ...bpttChecks, ...engineChecks);
    registerCheck(...transformerChecks);
    registered = true;
  }
  return listChecks().length;
}
