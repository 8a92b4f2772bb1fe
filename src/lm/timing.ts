/**
 * Parallelism, measured (chapter 14): the time of one training step of the LSTM and of the Transformer
 * against the sequence length, the same number of tokens per step at every length (batch = tokens/length),
 * and the time and memory per generated token. The two models are timed interleaved — length by
 * length, repeat by repeat — in one process on one engine, so that a busy machine slows both alike;
 * each figure is the fastest of its repeats.
 *
 * Why the lengths matter: the LSTM's work per token is the same at every length, but its T steps run
 * one after the other (H_t needs H_{t−1}); the Transformer computes all T positions at once in large
 * matrix products, and its attention costs O(T²) per sequence — O(T) per token.
 */
import { Engine, SequenceModel, TransformerModel, KVCache } from '../engine/index';
import { LM_PROTOCOL, TRANSFORMER_PROTOCOL } from './protocol';

/** One row of {@link stepTimesByLength}. */
export interface StepTimeRow {
  length: number;
  batchSize: number;
  lstmSeconds: number;
  transformerSeconds: number;
}

function randomIds(n: number, V: number, seed: number): Int32Array {
  let s = seed >>> 0;
  return Int32Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0; // a linear congruential generator
    return s % V;
  });
}

/** The LSTM of LM_PROTOCOL and the Transformer of TRANSFORMER_PROTOCOL over `V` tokens (context `maxLen`). */
function protocolModels(
  engine: Engine,
  V: number,
  maxLen: number,
): { lstm: SequenceModel; tr: TransformerModel } {
  const TP = TRANSFORMER_PROTOCOL;
  const lstm = new SequenceModel(engine, {
    cell: 'lstm',
    vocabSize: V,
    embedDim: LM_PROTOCOL.embedDim,
    numHiddens: LM_PROTOCOL.numHiddens,
    numLayers: LM_PROTOCOL.numLayers,
  });
  const tr = new TransformerModel(engine, {
    vocabSize: V,
    d: TP.d,
    numHeads: TP.numHeads,
    numLayers: TP.numLayers,
    ffnDim: TP.ffnMultiple * TP.d,
    maxLen,
    positional: TP.positional,
  });
  return { lstm, tr };
}

/**
 * Seconds per training step (forward, backward, Adam) of the protocol's LSTM and Transformer at each
 * length, `tokens` tokens per step; the fastest of `repeats` after one warm-up step.
 */
export function stepTimesByLength(
  engine: Engine,
  o: { lengths: number[]; tokens?: number; repeats?: number; vocabSize?: number },
): StepTimeRow[] {
  const tokens = o.tokens ?? LM_PROTOCOL.batchSize * LM_PROTOCOL.numSteps,
    repeats = o.repeats ?? 3,
    V = o.vocabSize ?? 65;
  const TP = TRANSFORMER_PROTOCOL;
  return o.lengths.map((L) => {
    const B = Math.max(1, Math.floor(tokens / L));
    const { lstm, tr } = protocolModels(engine, V, L);
    const X = randomIds(B * L, V, L),
      Y = randomIds(B * L, V, L + 1);
    const best = { lstm: Infinity, tr: Infinity };
    try {
      for (let r = 0; r <= repeats; r++) {
        let t0 = performance.now();
        lstm.trainStep(X, Y, B, L, { lr: 1e-3, clip: LM_PROTOCOL.clip });
        if (r > 0) best.lstm = Math.min(best.lstm, (performance.now() - t0) / 1000);
        t0 = performance.now();
        tr.trainStep(X, Y, B, L, { lr: 1e-3, clip: TP.clip });
        if (r > 0) best.tr = Math.min(best.tr, (performance.now() - t0) / 1000);
      }
    } finally {
      lstm.dispose();
      tr.dispose();
    }
    return { length: L, batchSize: B, lstmSeconds: best.lstm, transformerSeconds: best.tr };
  });
}

/** One row of {@link generationCosts}: at `position` tokens, seconds for the next token and state bytes. */
export interface GenerationRow {
  position: number;
  lstmSeconds: number;
  transformerSeconds: number;
  lstmStateBytes: number;
  transformerCacheBytes: number;
}

/**
 * Generating `length` tokens for one sequence, token by token: the seconds each token took (mean over
 * the tokens in each bucket of `every`) and the state carried — the LSTM's H and C (fixed), the
 * Transformer's keys and values (growing). The Transformer's context is `length` (no restart).
 */
export function generationCosts(
  engine: Engine,
  o: { length: number; every?: number; vocabSize?: number },
): GenerationRow[] {
  const V = o.vocabSize ?? 65,
    every = o.every ?? 32;
  const { lstm, tr } = protocolModels(engine, V, o.length);
  const rows: GenerationRow[] = [];
  try {
    let state: ReturnType<SequenceModel['stepLogits']>['state'] | undefined, cache: KVCache | undefined;
    let sumL = 0,
      sumT = 0;
    const token = new Int32Array([1]);
    for (let t = 1; t <= o.length; t++) {
      let t0 = performance.now();
      state = lstm.stepLogits(token, state).state;
      sumL += performance.now() - t0;
      t0 = performance.now();
      cache = tr.step(token, cache).cache;
      sumT += performance.now() - t0;
      if (t % every === 0) {
        rows.push({
          position: t,
          lstmSeconds: sumL / every / 1000,
          transformerSeconds: sumT / every / 1000,
          lstmStateBytes: state.reduce((s, l) => s + 4 * (l.h.length + (l.c?.length ?? 0)), 0),
          transformerCacheBytes: cache.K.reduce((s, k, l) => s + 4 * (k.length + cache!.V[l]!.length), 0),
        });
        sumL = sumT = 0;
      }
    }
  } finally {
    lstm.dispose();
    tr.dispose();
  }
  return rows;
}
