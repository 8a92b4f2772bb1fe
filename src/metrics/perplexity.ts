/**
 * Perplexity: exp of the mean cross-entropy per token (in nats) — the number of equally likely choices
 * that would be as uncertain as the model. A uniform guess over V symbols scores exactly V.
 */
export function perplexity(meanCrossEntropy: number): number {
  if (!Number.isFinite(meanCrossEntropy) || meanCrossEntropy < 0)
    throw new Error(`perplexity: mean cross-entropy must be a finite number ≥ 0, got ${meanCrossEntropy}`);
  return Math.exp(meanCrossEntropy);
}
