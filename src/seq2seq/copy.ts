/**
 * The copy mechanism of the pointer-generator network (See, Liu & Manning 2017, "Get To The Point:
 * Summarization with Pointer-Generator Networks", §2.2), for the translator of config.ts with
 * `copy: true`. At decoder step t, with c_t = a_t the attention context, s_t the top decoder state and
 * x_t the decoder's input embedding:
 *
 *   p_gen,t = σ(w_cᵀ c_t + w_sᵀ s_t + w_xᵀ x_t + b_gen)                 generate (1) or copy (0)
 *   P_vocab = softmax(s̃_t W_out + b_out)                                 over the target vocabulary V
 *   P(w)    = p_gen P_vocab(w) [w < V] + (1 − p_gen) Σ_{j: ext_j = w} α_tj
 *   L_t     = −log P(y_t)
 *
 * over an extended vocabulary: ids 0 … V−1 are the target vocabulary, ids V, V+1, … the source's own
 * out-of-vocabulary words (package names, versions, acronyms) in order of first appearance; ext_j is
 * the extended id of source token j. A target word that is neither in V nor in its source stays
 * `<unk>`. The decoder is fed `<unk>` for an extended id (it has no embedding).
 *
 * Backward, with q = P_vocab, A = q_y [y < V], C = Σ_{j: ext_j = y} α_tj, g = p_gen, P = gA + (1−g)C:
 *
 *   ∂L/∂logits_k = (g A / P) (q_k − [k = y])                  (0 when y ≥ V: A = 0)
 *   ∂L/∂z        = −(A − C) g (1 − g) / P                     z = the argument of σ
 *   ∂L/∂α_tj     = −(1 − g) [ext_j = y] / P                   added to attention's own ∂L/∂α
 *   ∂L/∂w_c = ∂L/∂z c_t,  ∂L/∂w_s = ∂L/∂z s_t,  ∂L/∂w_x = ∂L/∂z x_t,
 *   ∂L/∂b_gen = ∂L/∂z
 *   ∂L/∂c_t += ∂L/∂z w_c,  ∂L/∂s_t += ∂L/∂z w_s,  ∂L/∂x_t += ∂L/∂z w_x
 *
 * {@link copyRowLoss} computes these per-row scalars for both models; the float64 reference
 * (reference.ts) is gradient-checked through them against central differences, and the engine model
 * (model.ts) against the reference (checks.ts).
 */
import { BOS, EOS, PAD, makeBatch, TranslationBatch, Vocab } from '../data/index';

/** The copy gate's parameters' names and shapes: w_c [h], w_s [h], w_x [embedDim], b_gen [1]. */
export const COPY_PARAM_NAMES = ['copy/w_c', 'copy/w_s', 'copy/w_x', 'copy/b'] as const;

/** The loss of one target position and the scalars its backward needs (see the file comment). */
export interface CopyRow {
  /** −log P(y). */
  loss: number;
  /** P(y). */
  p: number;
  /** g A / P: ∂L/∂logits = this · (q − onehot(y)). */
  logitScale: number;
  /** ∂L/∂z. */
  dz: number;
  /** ∂L/∂α_tj for every j with ext_j = y. */
  dAlpha: number;
}

/**
 * One row: `qy` = P_vocab(y) (0 when y ≥ V), `copyMass` = Σ_{j: ext_j = y} α_tj, `g` = p_gen.
 * @throws when P(y) = 0 (a label that can be neither generated nor copied)
 */
export function copyRowLoss(qy: number, copyMass: number, g: number): CopyRow {
  const p = g * qy + (1 - g) * copyMass; //                      P(y) = g A + (1 − g) C
  if (!(p > 0))
    throw new Error(
      `copy: P(y) = ${p} (P_vocab(y) = ${qy}, copy mass ${copyMass}, p_gen ${g}); ` +
        'the label can be neither generated nor copied',
    );
  return {
    loss: -Math.log(p),
    p,
    logitScale: (g * qy) / p,
    dz: (-(qy - copyMass) * g * (1 - g)) / p,
    dAlpha: -(1 - g) / p,
  };
}

/** σ(z). */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** A pair as the copy batch needs it: tokens without `<eos>`. */
export interface CopyPair {
  src: readonly string[];
  tgt: readonly string[];
}

/** A batch with the copy fields filled, and each row's out-of-vocabulary source words. */
export interface CopyBatch extends TranslationBatch {
  srcExt: Int32Array;
  numExtra: number;
  /** oovs[b][k] is the word of extended id V + k in row b. */
  oovs: string[][];
}

/**
 * Extended ids of a source sentence: a word in the target vocabulary keeps its id; any other word
 * gets V + k, k its rank among the sentence's distinct such words; `<eos>` (appended) maps to the
 * target `<eos>`.
 */
export function extendSource(src: readonly string[], tgtVocab: Vocab): { ext: Int32Array; oovs: string[] } {
  const V = tgtVocab.size,
    oovs: string[] = [],
    ext = new Int32Array(src.length + 1);
  src.forEach((w, j) => {
    if (tgtVocab.has(w)) {
      ext[j] = tgtVocab.id(w);
      return;
    }
    let k = oovs.indexOf(w);
    if (k < 0) {
      k = oovs.length;
      oovs.push(w);
    }
    ext[j] = V + k;
  });
  ext[src.length] = tgtVocab.id(EOS);
  return { ext, oovs };
}

/**
 * {@link makeBatch} plus the copy fields: `srcExt` [B, srcSteps] (extended ids; −1 on padding), and
 * labels in the extended vocabulary (a target word outside V that its source holds gets its source
 * OOV id; decoder inputs stay in V).
 */
export function makeCopyBatch(pairs: readonly CopyPair[], srcVocab: Vocab, tgtVocab: Vocab): CopyBatch {
  for (const t of [PAD, BOS, EOS])
    if (!tgtVocab.has(t)) throw new Error(`makeCopyBatch: the target vocabulary has no ${t}`);
  const batch = makeBatch(
    pairs.map((p, i) => ({ src: [...p.src], tgt: [...p.tgt], line: i })),
    srcVocab,
    tgtVocab,
  );
  const { batchSize: B, srcSteps: Ts, tgtSteps: Tt } = batch,
    V = tgtVocab.size;
  const srcExt = new Int32Array(B * Ts).fill(-1),
    oovs: string[][] = [];
  let numExtra = 0;
  pairs.forEach((p, b) => {
    const e = extendSource(p.src, tgtVocab);
    srcExt.set(e.ext, b * Ts);
    oovs.push(e.oovs);
    numExtra = Math.max(numExtra, e.oovs.length);
    p.tgt.forEach((w, t) => {
      if (tgtVocab.has(w)) return;
      const k = e.oovs.indexOf(w);
      if (k >= 0) batch.labels[b * Tt + t] = V + k;
    });
  });
  return { ...batch, srcExt, numExtra, oovs };
}

/** Words of extended ids: the target vocabulary's, or the row's source OOVs. */
export function decodeExtended(ids: readonly number[], tgtVocab: Vocab, oovs: readonly string[]): string[] {
  const V = tgtVocab.size;
  return ids.map((id) => {
    if (id < V) return tgtVocab.token(id);
    const w = oovs[id - V];
    if (w === undefined)
      throw new Error(`decodeExtended: id ${id} is beyond the ${oovs.length} source OOVs of this row`);
    return w;
  });
}
