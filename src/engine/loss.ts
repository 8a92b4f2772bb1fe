/**
 * Softmax cross-entropy over rows of logits, on the engine:
 *
 *   loss = Σ_rows −log softmax(z)_y,     ∂(scale·loss)/∂z = scale·(softmax(z) − onehot(y))
 *
 * The logits are replaced by that gradient in place (the forward values are not needed afterwards).
 * Rows whose label is negative are ignored (no loss, zero gradient): padding in translation batches.
 */
import { Engine, splitRange } from './engine';
import { Job } from './pool';

/**
 * Parts the rows are summed in when there are many: a fixed number, whatever the thread count, so
 * that the loss is bit-identical on 1 thread or 64 (floating-point addition depends on the order).
 */
const LOSS_PARTS = 16;

/**
 * Returns Σ_rows CE over logits [rows, V] (address) with int32 labels (address); overwrites the logits
 * with gradScale·(softmax − onehot). Split over threads by rows, in {@link LOSS_PARTS} fixed parts
 * whose sums are added in order.
 */
export function softmaxCrossEntropy(
  engine: Engine,
  logits: number,
  labels: number,
  rows: number,
  V: number,
  gradScale: number,
): number {
  const parts = rows * V >= 1 << 15 ? splitRange(rows, LOSS_PARTS, 1) : [[0, rows] as [number, number]];
  const out = engine.reductionSlots(parts.length);
  const jobs: Job[] = parts.map(([r0, n], t) => ({
    op: 'softmaxCE',
    args: [n, V, logits + 4 * r0 * V, labels + 4 * r0, gradScale, out + 8 * t],
  }));
  // As many jobs at a time as there are threads; every part writes its own slot.
  for (let j = 0; j < jobs.length; j += engine.threads) engine.parallel(jobs.slice(j, j + engine.threads));
  const sums = new Float64Array(engine.mem.memory.buffer, out, parts.length);
  let total = 0;
  for (const s of sums) total += s;
  return total;
}
