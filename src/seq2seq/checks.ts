/**
 * The translator's checks (listed for `rnnlab checks` by src/catalog/index.ts):
 *
 * - the float64 reference (reference.ts): every parameter's gradient against central differences;
 * - the engine model (model.ts, float32) against the reference with the same weights: the loss and
 *   every parameter's gradient.
 *
 * Both on a hand-made batch of three sentence pairs with padding on both sides, for GRU and LSTM and
 * every attention variant; and the same two for the pointer-generator's copy mechanism (copy.ts) on a
 * batch whose labels include source words outside the target vocabulary.
 */
import { createEngine } from '../engine/engine';
import { Engine } from '../engine/engine';
import { relativeTo } from '../checks/crossCheck';
import { gradCheck } from '../checks/gradcheck';
import { FormulaCheck } from '../checks/registry';
import { Rng } from '../tensor/rng';
import { TranslationBatch } from '../data/translation';
import { Seq2SeqAttention, Seq2SeqCell, seq2seqConfig, Seq2SeqConfig } from './config';
import { Seq2SeqModel } from './model';
import { initReferenceSeq2Seq, referenceLossAndGradients, referenceToEngineWeights } from './reference';
import { Params } from '../nn/params';

/** Three pairs: sources of 4, 2, 3 tokens with `<eos>` (padded to 4), targets of 5, 3, 2 labels (padded to 5). */
export function tinyTranslationBatch(): TranslationBatch {
  const src = Int32Array.from([4, 5, 6, 3, 6, 3, 1, 1, 5, 4, 3, 1]);
  const tgtIn = Int32Array.from([2, 4, 5, 6, 7, 2, 6, 4, 1, 1, 2, 5, 1, 1, 1]);
  const labels = Int32Array.from([4, 5, 6, 7, 3, 6, 4, 3, -1, -1, 5, 3, -1, -1, -1]);
  return { batchSize: 3, srcSteps: 4, tgtSteps: 5, src, srcLens: Int32Array.from([4, 2, 3]), tgtIn, labels, tgtLens: Int32Array.from([5, 3, 2]) };
}

/**
 * {@link tinyTranslationBatch} with the copy fields (copy.ts): the sources' extended ids (8 and 9 are
 * source words outside the target vocabulary of 8) and labels that copy them — 8 and 9 only by
 * copying, 5 and 6 both ways (in the vocabulary and in the source), 4 and 7 only by generating.
 */
export function tinyCopyBatch(): TranslationBatch {
  const b = tinyTranslationBatch();
  return {
    ...b,
    srcExt: Int32Array.from([5, 8, 9, 3, 8, 3, -1, -1, 9, 6, 3, -1]),
    numExtra: 2,
    labels: Int32Array.from([8, 5, 9, 7, 3, 8, 4, 3, -1, -1, 6, 3, -1, -1, -1]),
  };
}

/** A tiny translator: vocabularies 7 and 8, embedding 3, 4 hidden units, 2 layers, attention size 3, no dropout. */
export function tinySeq2SeqConfig(cell: Seq2SeqCell, attention: Seq2SeqAttention, copy = false): Seq2SeqConfig {
  return seq2seqConfig({ cell, attention, srcVocabSize: 7, tgtVocabSize: 8, embedDim: 3, numHiddens: 4, numLayers: 2, dropout: 0, attentionHiddens: 3, copy });
}

/** Reference parameters for the checks: non-zero biases, attention weights ×4 (so that no gradient is tiny). */
export function checkParamsFor(c: Seq2SeqConfig, seed = 5, round32 = false): Params {
  const p = initReferenceSeq2Seq(c, new Rng(seed), 'float64');
  for (const [k, t] of Object.entries(p)) {
    for (let i = 0; i < t.size; i++) {
      if (/\/b/.test(k)) t.data[i] = 0.3 * Math.sin(i + k.length);
      if (k.startsWith('attention/') || k.startsWith('copy/')) t.data[i]! *= 4;
      if (round32) t.data[i] = Math.fround(t.data[i]!);
    }
  }
  return p;
}

/**
 * Relative errors of the reference's analytic gradients against central differences, by parameter.
 * ε = 1e-4: some gradients are ~1e-5 while the loss is ~2, and rounding (1e-16·|L|/ε) would dominate at 1e-6.
 */
export function referenceGradientErrors(cell: Seq2SeqCell, attention: Seq2SeqAttention, copy = false): Record<string, number> {
  const c = tinySeq2SeqConfig(cell, attention, copy), p = checkParamsFor(c), batch = copy ? tinyCopyBatch() : tinyTranslationBatch();
  const { grads } = referenceLossAndGradients(c, p, batch);
  return Object.fromEntries(gradCheck(() => referenceLossAndGradients(c, p, batch, true).loss, p, grads, 1e-4).map((r) => [r.name, r.relError]));
}

/** Relative errors of the engine model's loss and gradients against the reference with the same (float32) weights. */
export function engineVsReferenceErrors(engine: Engine, cell: Seq2SeqCell, attention: Seq2SeqAttention, copy = false): Record<string, number> {
  const c = tinySeq2SeqConfig(cell, attention, copy), p = checkParamsFor(c, 5, true), batch = copy ? tinyCopyBatch() : tinyTranslationBatch();
  const ref = referenceLossAndGradients(c, p, batch);
  const model = new Seq2SeqModel(engine, c);
  try {
    model.setWeights(referenceToEngineWeights(c, p));
    const { loss } = model.lossAndGradients(batch, { train: false });
    const expected = referenceToEngineWeights(c, ref.grads);
    const errors: Record<string, number> = { loss: Math.abs(loss - ref.loss) / Math.abs(ref.loss) };
    for (const q of model.params) errors[q.name] = relativeTo(q.grad.toArray(), expected[q.name]!.data);
    return errors;
  } finally {
    model.dispose();
  }
}

const CELLS: Seq2SeqCell[] = ['gru', 'lstm'];
const ATTENTIONS: Seq2SeqAttention[] = ['none', 'additive', 'dot', 'scaled-dot'];

/** The translator's checks (see the file comment). */
export const seq2seqChecks: FormulaCheck[] = CELLS.flatMap((cell) => ATTENTIONS.flatMap((attention): FormulaCheck[] => [
  {
    name: `seq2seq/reference-${cell}-${attention}-grads-vs-finite-differences`,
    equation: `encoder–decoder (${cell.toUpperCase()}, attention ${attention}), masked cross-entropy: worst ∂L/∂θ over every parameter vs central differences (float64, ε = 1e-4)`,
    section: '000 §4, 003 §3.3, 004 §2.2',
    tolerance: 1e-6,
    measure: 'relative',
    run: () => Math.max(...Object.values(referenceGradientErrors(cell, attention))),
  },
  {
    name: `seq2seq/engine-${cell}-${attention}-vs-reference`,
    equation: `engine translator (float32 kernels, padding rows dropped) vs src/nn reference (float64): loss and ∂L/∂θ of every parameter`,
    section: '000 §4, 003 §3.3, 004 §2.2',
    tolerance: 1e-4,
    measure: 'relative',
    run: async () => {
      const engine = await createEngine({ threads: 1 });
      try {
        return Math.max(...Object.values(engineVsReferenceErrors(engine, cell, attention)));
      } finally {
        await engine.dispose();
      }
    },
  },
]));

/** The pointer-generator's checks (copy.ts), for both cells with additive and dot attention. */
export const copyChecks: FormulaCheck[] = CELLS.flatMap((cell) => (['additive', 'dot'] as const).flatMap((attention): FormulaCheck[] => [
  {
    name: `seq2seq/copy-reference-${cell}-${attention}-grads-vs-finite-differences`,
    equation: `pointer-generator (${cell.toUpperCase()}, attention ${attention}): L = −log(p_gen P_vocab(y) + (1 − p_gen) Σ_{j: x_j = y} α_tj), p_gen = σ(w_cᵀc_t + w_sᵀs_t + w_xᵀx_t + b): worst ∂L/∂θ vs central differences (float64, ε = 1e-4)`,
    section: 'See, Liu & Manning 2017 §2.2; 003 §4.1',
    tolerance: 1e-6,
    measure: 'relative',
    run: () => Math.max(...Object.values(referenceGradientErrors(cell, attention, true))),
  },
  {
    name: `seq2seq/copy-engine-${cell}-${attention}-vs-reference`,
    equation: 'engine pointer-generator (float32; softmax by the kernel, gate and copy mass in TypeScript) vs the float64 reference: loss and ∂L/∂θ of every parameter',
    section: 'See, Liu & Manning 2017 §2.2; 003 §4.1',
    tolerance: 1e-4,
    measure: 'relative',
    run: async () => {
      const engine = await createEngine({ threads: 1 });
      try {
        return Math.max(...Object.values(engineVsReferenceErrors(engine, cell, attention, true)));
      } finally {
        await engine.dispose();
      }
    },
  },
]));
