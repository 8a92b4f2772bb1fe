/**
 * The encoder–decoder translator of chapter 9, as one configuration shared by its two implementations:
 * the reference in src/nn's float64 pieces (reference.ts, gradient-checked) and the fast one on the
 * engine (model.ts, checked against the reference).
 *
 * The architecture (Sutskever et al. 2014; Cho et al. 2014; attention as Luong, Pham & Manning 2015):
 *
 *   encoder   H^(1) = RNN(emb_src[x]),  H^(l) = RNN(dropout(H^(l−1)))          [batchSize, srcSteps, numHiddens]
 *   decoder   S^(1) = RNN(emb_tgt[<bos> y_1 … y_{n}] ; init = encoder's final state of layer 1), …
 *             each decoder layer starts from the final state of the encoder layer of the same depth
 *   attention a_t = Σ_j α_tj h_j,  α_t = softmax_j(score(s_t, h_j)) over the valid source positions
 *   combine   s̃_t = tanh([s_t ; a_t] W_c + b_c)          (no attention: s̃_t = s_t)
 *   output    P(y_t | y_<t, x) = softmax(s̃_t W_out + b_out)
 *   loss      mean −log P(y_t) over the real target tokens (padding masked), teacher forcing
 *   copy      (optional, copy.ts) P(w) = p_gen P_vocab(w) + (1 − p_gen) Σ_{j: x_j = w} α_tj over the
 *             target vocabulary extended by the source's own words (See, Liu & Manning 2017)
 *
 * s_t is the top decoder layer's state and h_j the top encoder layer's output. Attention is taken
 * after the decoder's recurrence (Luong's "global attention") rather than fed into it (Bahdanau's; d2l's
 * Seq2SeqAttentionDecoder), so the decoder runs over the whole target sentence in one call of the
 * engine's recurrent kernel during training. bench/torch_seq2seq.py has both forms in PyTorch.
 */

/** Which score the decoder's attention uses ('none': no attention; the source reaches the decoder only through its initial state). */
import { TRANSLATOR_PROTOCOL } from './protocol';
export type Seq2SeqAttention = 'none' | 'additive' | 'dot' | 'scaled-dot';
export const SEQ2SEQ_ATTENTIONS: readonly Seq2SeqAttention[] = ['none', 'additive', 'dot', 'scaled-dot'];

/** The recurrent cell of encoder and decoder. */
export type Seq2SeqCell = 'gru' | 'lstm';

/** Sizes and choices of the translator. */
export interface Seq2SeqConfig {
  /** @default 'gru' */
  cell: Seq2SeqCell;
  srcVocabSize: number;
  tgtVocabSize: number;
  /** @default 256 */
  embedDim: number;
  /** @default 256 */
  numHiddens: number;
  /** Recurrent layers in the encoder and in the decoder. @default 2 */
  numLayers: number;
  /** Dropout between stacked recurrent layers while training. @default 0.2 */
  dropout: number;
  /** @default 'additive' */
  attention: Seq2SeqAttention;
  /** Hidden size of additive attention's scoring network. @default numHiddens */
  attentionHiddens: number;
  /**
   * The pointer-generator's copy mechanism (copy.ts; needs attention): P(w) mixes the vocabulary
   * distribution with the attention over the source, in a vocabulary extended by the source's own words.
   * @default false
   */
  copy: boolean;
}

/** A full configuration from the vocabulary sizes and any overrides; checks every value. */
export function seq2seqConfig(c: Partial<Seq2SeqConfig> & { srcVocabSize: number; tgtVocabSize: number }): Seq2SeqConfig {
  const P = TRANSLATOR_PROTOCOL;
  const numHiddens = c.numHiddens ?? P.numHiddens;
  const out: Seq2SeqConfig = {
    cell: c.cell ?? P.cell,
    srcVocabSize: c.srcVocabSize,
    tgtVocabSize: c.tgtVocabSize,
    embedDim: c.embedDim ?? P.embedDim,
    numHiddens,
    numLayers: c.numLayers ?? P.numLayers,
    dropout: c.dropout ?? P.dropout,
    attention: c.attention ?? P.attention,
    attentionHiddens: c.attentionHiddens ?? numHiddens,
    copy: c.copy ?? false,
  };
  if (out.copy && out.attention === 'none') throw new Error('seq2seq: copy needs attention (it copies by the attention weights), got attention none');
  if (out.cell !== 'gru' && out.cell !== 'lstm') throw new Error(`seq2seq: cell must be gru or lstm, got '${String(out.cell)}'`);
  if (!SEQ2SEQ_ATTENTIONS.includes(out.attention)) throw new Error(`seq2seq: attention must be one of ${SEQ2SEQ_ATTENTIONS.join(', ')}, got '${String(out.attention)}'`);
  for (const k of ['srcVocabSize', 'tgtVocabSize', 'embedDim', 'numHiddens', 'numLayers', 'attentionHiddens'] as const) {
    if (!Number.isInteger(out[k]) || out[k] < 1) throw new Error(`seq2seq: ${k} must be a positive integer, got ${out[k]}`);
  }
  if (!(out.dropout >= 0 && out.dropout < 1)) throw new Error(`seq2seq: dropout must be in [0, 1), got ${out.dropout}`);
  return out;
}
