/**
 * The engine's Transformer (src/engine/transformerModel.ts: float32, GEMM kernels, threads) against the
 * float64 reference (src/nn/transformer-lm.ts) on the same weights and tokens: the logits, the mean
 * cross-entropy, and the gradient of every parameter. Also the generation path: logits from the
 * key/value cache, one token at a time, against the full forward over the whole prefix.
 */
import { Rng, Tensor } from '../tensor/index';
import {
  flattenTransformerLM, initTransformerLM, Params, PositionalKind, softmaxCrossEntropy, transformerLMForward,
  transformerLMLossAndGradients, TransformerLMParams, TransformerSizes,
} from '../nn/index';
import { Engine, KVCache, TransformerModel } from '../engine/index';
import { relativeTo } from './crossCheck';

/** The engine's parameter name of each reference tensor name (`block0/W_q` → `block_0/attention/W_q`). */
export function engineTransformerName(name: string): string {
  const fixed: Record<string, string> = {
    embedding: 'embedding/embeddings', positions: 'position/embeddings',
    lnf_g: 'ln_f/gamma', lnf_b: 'ln_f/beta', W_out: 'dense/kernel', b_out: 'dense/bias',
  };
  if (fixed[name]) return fixed[name]!;
  const m = /^block(\d+)\/(.+)$/.exec(name);
  if (!m) throw new Error(`no engine name for reference tensor '${name}'`);
  const local: Record<string, string> = {
    ln1_g: 'ln1/gamma', ln1_b: 'ln1/beta', W_q: 'attention/W_q', W_k: 'attention/W_k', W_v: 'attention/W_v',
    W_o: 'attention/W_o', b_o: 'attention/b_o', ln2_g: 'ln2/gamma', ln2_b: 'ln2/beta',
    W_1: 'ffn/W_1', b_1: 'ffn/b_1', W_2: 'ffn/W_2', b_2: 'ffn/b_2',
  };
  if (!local[m[2]!]) throw new Error(`no engine name for reference tensor '${name}'`);
  return `block_${m[1]}/${local[m[2]!]}`;
}

/** Sizes of the cross-check. */
export const ENGINE_CHECK_SIZES: TransformerSizes = { vocabSize: 11, d: 16, numHeads: 4, numLayers: 2,
  ffnDim: 24, maxLen: 12, positional: 'learned' };

function referenceAndEngine(engine: Engine, positional: PositionalKind,
  seed: number): { p: TransformerLMParams; s: TransformerSizes; model: TransformerModel; rng: Rng } {
  const s = { ...ENGINE_CHECK_SIZES, positional };
  const rng = new Rng(seed);
  const p = initTransformerLM(s, rng, 'float64');
  for (const [k, t] of Object.entries(flattenTransformerLM(p))) {
    // gains near 1, biases and embeddings away from their initial values
    const draw = /_g$/.test(k) ? () => 1 + rng.normal(0, 0.2)
      : /(_b|b_o|b_1|b_2|b_out)$/.test(k) ? () => rng.normal(0, 0.2)
        : k === 'embedding' || k === 'positions' ? () => rng.normal(0, 0.5) : undefined;
    if (draw) for (let i = 0; i < t.size; i++) t.data[i] = draw();
  }
  const model = new TransformerModel(engine, {
    vocabSize: s.vocabSize, d: s.d, numHeads: s.numHeads, numLayers: s.numLayers, ffnDim: s.ffnDim,
    maxLen: s.maxLen, positional, seed,
  });
  const named = Object.entries(flattenTransformerLM(p)).map(
    ([k, t]) => [engineTransformerName(k), t] as const);
  model.setWeights(Object.fromEntries(named.map(([k, t]) => [k, { shape: t.shape, data: t.data }])));
  return { p, s, model, rng };
}

/**
 * Relative errors ‖engine − reference‖/‖reference‖ of the logits, the loss and every parameter's
 * gradient, for B sequences of T tokens.
 */
export function transformerEngineVsReference(engine: Engine, positional: PositionalKind = 'learned', B = 3,
  T = 10, seed = 31): Record<string, number> {
  const { p, s, model, rng } = referenceAndEngine(engine, positional, seed);
  try {
    const X = Int32Array.from({ length: B * T }, () => rng.int(s.vocabSize)),
      Y = Int32Array.from({ length: B * T }, () => rng.int(s.vocabSize));
    const ref = transformerLMForward(p, s, X, B, T).logits;
    const refLoss = softmaxCrossEntropy(ref.data, Y, B * T, s.vocabSize).loss;
    const logitsPtr = model.forward(X, B, T);
    const logits = new Float32Array(engine.mem.memory.buffer, logitsPtr, ref.size).slice();
    const out: Record<string, number> = { logits: relativeTo(logits, ref.data) };
    const loss = model.lossAndGradients(X, Y, B, T);
    out.loss = Math.abs(loss - refLoss) / refLoss;
    const grads: Params = flattenTransformerLM(transformerLMLossAndGradients(p, s, X, Y, B, T).grads);
    const byName = new Map(model.params.map((q) => [q.name, q]));
    for (const [k, g] of Object.entries(grads)) {
      out[`∂${k}`] = relativeTo(byName.get(engineTransformerName(k))!.grad.toArray(), g.data);
    }
    return out;
  } finally {
    model.dispose();
  }
}

/**
 * Generation through the key/value cache against full forwards: for each t, the logits after token t
 * from `step` vs the reference's logits at position t of the whole prefix. Runs past maxLen, so the
 * cache's restart (a prefill of the last maxLen/2 tokens) is compared with the reference on that window.
 */
export function transformerCacheVsReference(engine: Engine, positional: PositionalKind = 'sinusoidal', B = 2,
  seed = 32): number {
  const { p, s, model, rng } = referenceAndEngine(engine, positional, seed);
  try {
    const steps = s.maxLen + 5, X = Int32Array.from({ length: B * steps }, () => rng.int(s.vocabSize));
    let cache: KVCache | undefined, worst = 0, start = 0;
    for (let t = 0; t < steps; t++) {
      // the restart keeps maxLen/2 tokens, x_t included
      if (cache !== undefined && cache.t >= s.maxLen) start = t + 1 - Math.floor(s.maxLen / 2);
      const r = model.step(Int32Array.from({ length: B }, (_, b) => X[b * steps + t]!), cache);
      cache = r.cache;
      const n = t + 1 - start, window = new Int32Array(B * n);
      for (let b = 0; b < B; b++) window.set(X.subarray(b * steps + start, b * steps + t + 1), b * n);
      const ref = transformerLMForward(p, s, window, B, n).logits,
        last = Tensor.zeros([B, s.vocabSize], 'float64');
      for (let b = 0; b < B; b++) last.data.set(ref.data.subarray((b * n + n - 1) * s.vocabSize,
        (b * n + n) * s.vocabSize), b * s.vocabSize);
      worst = Math.max(worst, relativeTo(r.logits, last.data));
    }
    return worst;
  } finally {
    model.dispose();
  }
}
