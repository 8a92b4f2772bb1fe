/**
 * Synthetic sequence tasks whose difficulty is a known time lag — the experiments of chapters 4 and 5.
 */
import { Rng } from '../tensor';
import { Tensor } from '../tensor';

/**
 * "Remember the first symbol": step 0 shows one of `numClasses` class symbols, steps 1…T−1 show random
 * distractor symbols (ids numClasses … numClasses + numDistractors − 1), and the label is the class
 * shown at step 0. Solving it means carrying one symbol across T − 1 steps; chance is 1/numClasses.
 * X is one-hot [batchSize, numSteps, numClasses + numDistractors].
 */
export function firstSymbolTask(batchSize: number, numSteps: number, rng: Rng, numClasses = 4, numDistractors = 4): { X: Tensor; y: Int32Array } {
  if (numSteps < 2) throw new Error(`firstSymbolTask: numSteps must be ≥ 2, got ${numSteps}`);
  const V = numClasses + numDistractors;
  const X = Tensor.zeros([batchSize, numSteps, V]);
  const y = new Int32Array(batchSize);
  for (let b = 0; b < batchSize; b++) {
    y[b] = rng.int(numClasses);
    X.data[(b * numSteps) * V + y[b]!] = 1;
    for (let t = 1; t < numSteps; t++) X.data[(b * numSteps + t) * V + numClasses + rng.int(numDistractors)] = 1;
  }
  return { X, y };
}
