/** The confusion matrix of a classifier: how often each true class was predicted as each class. */

/**
 * counts[i][j] = number of items of true class i predicted as class j (rows: truth, columns:
 * prediction), for classes 0..numClasses−1. The diagonal holds the hits; row sums are the class sizes.
 */
export function confusionMatrix(
  predicted: ArrayLike<number>,
  labels: ArrayLike<number>,
  numClasses: number,
): number[][] {
  if (predicted.length !== labels.length)
    throw new Error(`confusionMatrix: ${predicted.length} predictions for ${labels.length} labels`);
  if (!(Number.isInteger(numClasses) && numClasses >= 1))
    throw new Error(`confusionMatrix: numClasses must be an integer ≥ 1, got ${numClasses}`);
  const counts = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let n = 0; n < labels.length; n++) {
    const t = labels[n]!,
      p = predicted[n]!;
    if (!(Number.isInteger(t) && t >= 0 && t < numClasses))
      throw new Error(`confusionMatrix: label ${t} at ${n} is outside 0..${numClasses - 1}`);
    if (!(Number.isInteger(p) && p >= 0 && p < numClasses))
      throw new Error(`confusionMatrix: prediction ${p} at ${n} is outside 0..${numClasses - 1}`);
    counts[t]![p]!++;
  }
  return counts;
}
