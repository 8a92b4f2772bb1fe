/**
 * The translator of config.ts built from src/nn's from-scratch pieces (GRU/LSTM with hand-derived BPTT,
 * attention, dense, softmax cross-entropy), in float32 or float64: slow, but every gradient can be
 * checked against finite differences, and the engine model (model.ts) is checked against it. No dropout
 * (the checks need a deterministic loss).
 *
 * Each sentence pair runs on its own, over its own lengths (source with `<eos>`, target with `<eos>`):
 * a batch's loss is the mean over all its labels, i.e. the label-weighted mean of its sentences' losses,
 * and its gradient likewise. This is the definition the engine's packed batches must meet: a sentence's
 * encoding never depends on the padding its batch adds.
 *
 * Parameter names: `encoder/embedding`, `encoder/l{l}/W_xz` … (src/nn's per-gate names), the same for
 * `decoder/…`, `attention/W_q`, `attention/W_k`, `attention/w_v`, `combine/W`, `combine/b`, `output/W`,
 * `output/b`, and with copy (copy.ts) `copy/w_c`, `copy/w_s`, `copy/w_x`, `copy/b`.
 * {@link referenceToEngineWeights} maps them to the engine model's names and layouts.
 */
import { Rng } from '../tensor/rng';
import { DType, Tensor } from '../tensor/tensor';
import { normalInit } from '../tensor/init';
import { GRUCache, GRUParams, gruBackward, gruForward, initGRU } from '../nn/gru';
import { LSTMCache, LSTMParams, initLSTM, lstmBackward, lstmForward } from '../nn/lstm';
import { denseBackward, denseForward, initDense } from '../nn/dense';
import { softmaxCrossEntropy } from '../nn/losses';
import { Params } from '../nn/params';
import { AdditiveAttentionParams, initAdditiveAttention } from '../nn/attention-additive';
import { AttentionCache, attentionBackward, attentionForward } from '../nn/attention';
import { TranslationBatch } from '../data/translation';
import { logSoftmaxRows } from '../nn/activations';
import { Seq2SeqConfig } from './config';
import { fuseGates } from '../engine/layout';
import { copyRowLoss, sigmoid } from './copy';

/** The recurrent parameters of one layer, by src/nn's names (W_xz, W_hz, b_z, …). */
function layerParams(p: Params, prefix: string): Params {
  const out: Params = {};
  const head = `${prefix}/`;
  for (const [k, t] of Object.entries(p)) if (k.startsWith(head) && !k.slice(head.length).includes('/')) out[k.slice(head.length)] = t;
  return out;
}

/** Initial parameters (embeddings N(0, 1), recurrent and dense Glorot-uniform, zero biases). */
export function initReferenceSeq2Seq(c: Seq2SeqConfig, rng: Rng, dtype: DType = 'float64'): Params {
  const p: Params = {};
  for (const side of ['encoder', 'decoder'] as const) {
    p[`${side}/embedding`] = normalInit([side === 'encoder' ? c.srcVocabSize : c.tgtVocabSize, c.embedDim], 1, rng, dtype);
    for (let l = 0; l < c.numLayers; l++) {
      const inputs = l === 0 ? c.embedDim : c.numHiddens;
      const cell = c.cell === 'gru' ? initGRU(inputs, c.numHiddens, rng, dtype) : initLSTM(inputs, c.numHiddens, rng, dtype);
      for (const [k, t] of Object.entries(cell)) p[`${side}/l${l}/${k}`] = t;
    }
  }
  if (c.attention === 'additive') {
    const a = initAdditiveAttention(c.numHiddens, c.numHiddens, c.attentionHiddens, rng, dtype);
    for (const [k, t] of Object.entries(a)) p[`attention/${k}`] = t;
  }
  if (c.attention !== 'none') {
    const d = initDense(2 * c.numHiddens, c.numHiddens, rng, dtype);
    p['combine/W'] = d.W;
    p['combine/b'] = d.b;
  }
  const o = initDense(c.numHiddens, c.tgtVocabSize, rng, dtype);
  p['output/W'] = o.W;
  p['output/b'] = o.b;
  if (c.copy) {
    // the copy gate: U(±1/√n) for its n inputs, b_gen = 0
    const n = 2 * c.numHiddens + c.embedDim, a = 1 / Math.sqrt(n);
    for (const [k, size] of [['copy/w_c', c.numHiddens], ['copy/w_s', c.numHiddens], ['copy/w_x', c.embedDim]] as const) {
      p[k] = new Tensor([size], Float64Array.from({ length: size }, () => rng.range(-a, a)));
      if (dtype === 'float32') p[k] = new Tensor([size], Float32Array.from(p[k]!.data));
    }
    p['copy/b'] = Tensor.zeros([1], dtype);
  }
  return p;
}

/** Rows of `table` [V, E] for `tokens` [B, T] → [B, T, E]. */
function embed(table: Tensor, tokens: Int32Array, B: number, T: number): Tensor {
  const [V, E] = table.shape as [number, number];
  const X = Tensor.zeros([B, T, E], table.dtype);
  tokens.forEach((id, r) => {
    if (!(id >= 0 && id < V)) throw new Error(`token id ${id} at position ${r} is outside the vocabulary of ${V}`);
    X.data.set(table.data.subarray(id * E, (id + 1) * E), r * E);
  });
  return X;
}

/** dTable[token] += dX row, for every position. */
function embedBackward(dTable: Tensor, tokens: Int32Array, dX: Tensor): void {
  const E = dTable.shape[1]!;
  tokens.forEach((id, r) => { for (let k = 0; k < E; k++) dTable.data[id * E + k]! += dX.data[r * E + k]!; });
}

type Cache = { kind: 'gru'; cache: GRUCache } | { kind: 'lstm'; cache: LSTMCache };
interface LayerState { H: Tensor; C?: Tensor }

function runLayer(c: Seq2SeqConfig, p: Params, X: Tensor, init?: LayerState): { H: Tensor; final: LayerState; cache: Cache } {
  if (c.cell === 'gru') {
    const f = gruForward(p as GRUParams, X, init?.H);
    return { H: f.H, final: { H: f.HT }, cache: { kind: 'gru', cache: f.cache } };
  }
  const f = lstmForward(p as LSTMParams, X, init ? { H: init.H, C: init.C! } : undefined);
  return { H: f.H, final: { H: f.HT, C: f.CT }, cache: { kind: 'lstm', cache: f.cache } };
}

function backLayer(p: Params, cache: Cache, dH: Tensor | undefined, dFinal: { dH?: Tensor; dC?: Tensor }): { grads: Params; dX: Tensor; dInit: { dH: Tensor; dC?: Tensor } } {
  if (cache.kind === 'gru') {
    const b = gruBackward(p as GRUParams, cache.cache, { dH, dHT: dFinal.dH });
    return { grads: b.grads, dX: b.dX, dInit: { dH: b.dH0 } };
  }
  const b = lstmBackward(p as LSTMParams, cache.cache, { dH, dHT: dFinal.dH, dCT: dFinal.dC });
  return { grads: b.grads, dX: b.dX, dInit: { dH: b.dH0, dC: b.dC0 } };
}

/** [B, T, a] and [B, T, b] side by side → [B, T, a + b]. */
function concatLast(X: Tensor, Y: Tensor): Tensor {
  const [B, T, a] = X.shape as [number, number, number];
  const b = Y.shape[2]!;
  const Z = Tensor.zeros([B, T, a + b], X.dtype);
  for (let r = 0; r < B * T; r++) {
    Z.data.set(X.data.subarray(r * a, (r + 1) * a), r * (a + b));
    Z.data.set(Y.data.subarray(r * b, (r + 1) * b), r * (a + b) + a);
  }
  return Z;
}

/** Row b of a batch, cut to its own lengths. */
function sentence(batch: TranslationBatch, b: number): TranslationBatch {
  const { srcSteps: Ts, tgtSteps: Tt } = batch, ls = batch.srcLens[b]!, lt = batch.tgtLens[b]!;
  if (!(ls >= 1 && ls <= Ts) || !(lt >= 1 && lt <= Tt)) throw new Error(`sentence ${b}: lengths ${ls} and ${lt} outside [1, ${Ts}] and [1, ${Tt}]`);
  for (let t = lt; t < Tt; t++) if (batch.labels[b * Tt + t]! >= 0) throw new Error(`sentence ${b}: a label at step ${t}, beyond its target length ${lt}`);
  return {
    batchSize: 1, srcSteps: ls, tgtSteps: lt,
    src: batch.src.slice(b * Ts, b * Ts + ls), srcLens: Int32Array.of(ls),
    tgtIn: batch.tgtIn.slice(b * Tt, b * Tt + lt), labels: batch.labels.slice(b * Tt, b * Tt + lt), tgtLens: Int32Array.of(lt),
    ...(batch.srcExt ? { srcExt: batch.srcExt.slice(b * Ts, b * Ts + ls), numExtra: batch.numExtra } : {}),
  };
}

/**
 * The mean cross-entropy of a batch and, unless `lossOnly`, the gradient of every parameter: each
 * sentence on its own (see the file comment), weighted by its number of labels.
 */
export function referenceLossAndGradients(c: Seq2SeqConfig, p: Params, batch: TranslationBatch, lossOnly = false): { loss: number; grads: Params; count: number } {
  const parts = Array.from({ length: batch.batchSize }, (_, b) => sentenceLossAndGradients(c, p, sentence(batch, b), lossOnly));
  const count = parts.reduce((s, r) => s + r.count, 0);
  const loss = parts.reduce((s, r) => s + r.loss * r.count, 0) / count;
  if (lossOnly) return { loss, grads: {}, count };
  const grads: Params = Object.fromEntries(Object.entries(p).map(([k, t]) => [k, Tensor.zeros(t.shape, t.dtype)]));
  for (const r of parts) {
    for (const [k, g] of Object.entries(r.grads)) {
      const t = grads[k]!, w = r.count / count;
      for (let i = 0; i < t.size; i++) t.data[i]! += w * g!.data[i]!;
    }
  }
  return { loss, grads, count };
}

/** The same for one sentence pair (a batch of one, no padding). */
function sentenceLossAndGradients(c: Seq2SeqConfig, p: Params, batch: TranslationBatch, lossOnly: boolean): { loss: number; grads: Params; count: number } {
  const { batchSize: B, srcSteps: Ts, tgtSteps: Tt, srcLens } = batch;
  const h = c.numHiddens, V = c.tgtVocabSize;
  // Encoder
  const encCaches: Cache[] = [], encFinals: LayerState[] = [];
  let X = embed(p['encoder/embedding']!, batch.src, B, Ts); //           [B, Ts, E]
  for (let l = 0; l < c.numLayers; l++) {
    const r = runLayer(c, layerParams(p, `encoder/l${l}`), X);
    encCaches.push(r.cache); encFinals.push(r.final);
    X = r.H; //                                                           [B, Ts, h]
  }
  const Henc = X;
  // Decoder from the encoder's final states
  const decCaches: Cache[] = [];
  const Xdec = embed(p['decoder/embedding']!, batch.tgtIn, B, Tt); //   [B, Tt, E]   x_t
  let Y = Xdec;
  for (let l = 0; l < c.numLayers; l++) {
    const r = runLayer(c, layerParams(p, `decoder/l${l}`), Y, encFinals[l]);
    decCaches.push(r.cache);
    Y = r.H;
  }
  const S = Y; //                                                         [B, Tt, h]
  // Attention and the combined state s̃_t = tanh([s_t; a_t] W_c + b_c)
  let St = S, attn: AttentionCache | undefined, Cat: Tensor | undefined, Actx: Tensor | undefined;
  if (c.attention !== 'none') {
    const params = c.attention === 'additive' ? (layerParams(p, 'attention') as AdditiveAttentionParams) : undefined;
    const f = attentionForward(S, Henc, undefined, { score: c.attention, params, validLens: srcLens });
    attn = f.cache;
    Actx = f.A;
    Cat = concatLast(S, f.A); //                                          [B, Tt, 2h]
    St = denseForward(p['combine/W']!, p['combine/b']!, Cat);
    for (let i = 0; i < St.size; i++) St.data[i] = Math.tanh(St.data[i]!); // s̃_t   [B, Tt, h]
  }
  const logits = denseForward(p['output/W']!, p['output/b']!, St); //    [B, Tt, V]
  const cp = c.copy ? copyForward(p, batch, logits, attn!.alpha, Actx!, S, Xdec) : undefined;
  const ce = cp ?? softmaxCrossEntropy(logits.data, batch.labels, B * Tt, V);
  if (lossOnly) return { loss: ce.loss, grads: {}, count: ce.count };

  // Backward
  const grads: Params = Object.fromEntries(Object.entries(p).map(([k, t]) => [k, Tensor.zeros(t.shape, t.dtype)]));
  const add = (name: string, g: Tensor): void => { const t = grads[name]!; for (let i = 0; i < t.size; i++) t.data[i]! += g.data[i]!; };
  const ob = denseBackward(p['output/W']!, St, new Tensor(logits.shape, ce.grad));
  add('output/W', ob.dW); add('output/b', ob.db);
  let dS = ob.dX; //                                                      ∂L/∂s_t (or ∂L/∂s̃_t)
  const dHenc = Tensor.zeros(Henc.shape, Henc.dtype);
  if (c.attention !== 'none') {
    const dZ = ob.dX;
    for (let i = 0; i < dZ.size; i++) dZ.data[i]! *= 1 - St.data[i]! * St.data[i]!; // through the tanh
    const cb = denseBackward(p['combine/W']!, Cat!, dZ);
    add('combine/W', cb.dW); add('combine/b', cb.db);
    dS = Tensor.zeros(S.shape, S.dtype);
    const dA = Tensor.zeros(S.shape, S.dtype);
    for (let r = 0; r < B * Tt; r++) {
      dS.data.set(cb.dX.data.subarray(r * 2 * h, r * 2 * h + h), r * h);
      dA.data.set(cb.dX.data.subarray(r * 2 * h + h, (r + 1) * 2 * h), r * h);
    }
    if (cp) {
      // the copy gate's share: ∂L/∂c_t += ∂L/∂z w_c, ∂L/∂s_t += ∂L/∂z w_s (copy.ts), its weights' gradients
      const wc = p['copy/w_c']!.data, ws = p['copy/w_s']!.data;
      for (let r = 0; r < B * Tt; r++) {
        const dz = cp.dz[r]!;
        if (dz === 0) continue;
        for (let k = 0; k < h; k++) {
          dA.data[r * h + k]! += dz * wc[k]!;
          dS.data[r * h + k]! += dz * ws[k]!;
        }
      }
      for (const [k, g] of Object.entries(cp.grads)) add(k, g);
    }
    const ab = attentionBackward(attn!, dA, cp?.dAlpha);
    for (let i = 0; i < dS.size; i++) dS.data[i]! += ab.dQ.data[i]!;
    for (let i = 0; i < dHenc.size; i++) dHenc.data[i]! += ab.dK.data[i]!; // keys and values are H_enc
    for (const [k, g] of Object.entries(ab.grads)) add(`attention/${k}`, g!);
  }
  // Decoder layers, top down; each returns the gradient of its initial state = the encoder's final state
  const dEncFinal: { dH: Tensor; dC?: Tensor }[] = [];
  let dOut: Tensor = dS;
  for (let l = c.numLayers - 1; l >= 0; l--) {
    const lp = layerParams(p, `decoder/l${l}`);
    const b = backLayer(lp, decCaches[l]!, dOut, {});
    for (const [k, g] of Object.entries(b.grads)) add(`decoder/l${l}/${k}`, g);
    dEncFinal[l] = b.dInit;
    dOut = b.dX;
  }
  if (cp) {
    // ∂L/∂x_t += ∂L/∂z w_x: x_t is the decoder's input embedding
    const wx = p['copy/w_x']!.data, E = wx.length;
    for (let r = 0; r < B * Tt; r++) for (let k = 0; k < E; k++) dOut.data[r * E + k]! += cp.dz[r]! * wx[k]!;
  }
  embedBackward(grads['decoder/embedding']!, batch.tgtIn, dOut);
  // Encoder layers, top down
  dOut = dHenc;
  for (let l = c.numLayers - 1; l >= 0; l--) {
    const lp = layerParams(p, `encoder/l${l}`);
    const b = backLayer(lp, encCaches[l]!, dOut, dEncFinal[l]!);
    for (const [k, g] of Object.entries(b.grads)) add(`encoder/l${l}/${k}`, g);
    dOut = b.dX;
  }
  embedBackward(grads['encoder/embedding']!, batch.src, dOut);
  return { loss: ce.loss, grads, count: ce.count };
}

/**
 * The copy loss of copy.ts for every target position of one sentence pair (B = 1): P(y_t) from the
 * vocabulary distribution, the attention weights α [1, Tt, Ts] over the source's extended ids and
 * p_gen,t = σ(w_cᵀ c_t + w_sᵀ s_t + w_xᵀ x_t + b). Returns the mean loss, ∂L/∂logits (as
 * softmaxCrossEntropy does), and per position ∂L/∂z_t and ∂L/∂α_t (scaled by 1/count), with the
 * gradients of the gate's weights.
 */
function copyForward(p: Params, batch: TranslationBatch, logits: Tensor, alpha: Tensor, Actx: Tensor, S: Tensor, Xdec: Tensor):
{ loss: number; grad: Float64Array; count: number; dz: Float64Array; dAlpha: Tensor; grads: Params; pGen: Float64Array } {
  const { srcSteps: Ts, tgtSteps: Tt } = batch, V = logits.shape[2]!, h = S.shape[2]!, E = Xdec.shape[2]!;
  if (!batch.srcExt) throw new Error('copy: the batch has no srcExt (build it with makeCopyBatch)');
  const wc = p['copy/w_c']!.data, ws = p['copy/w_s']!.data, wx = p['copy/w_x']!.data, b = p['copy/b']!.data[0]!;
  const logq = Float64Array.from(logits.data);
  logSoftmaxRows(logq, Tt, V); //                                         log P_vocab   [Tt, V]
  const grad = new Float64Array(Tt * V), dz = new Float64Array(Tt), pGen = new Float64Array(Tt);
  const dAlpha = Tensor.zeros(alpha.shape, 'float64');
  const rows: { t: number; y: number; row: ReturnType<typeof copyRowLoss> }[] = [];
  for (let t = 0; t < Tt; t++) {
    const y = batch.labels[t]!;
    let z = b;
    for (let k = 0; k < h; k++) z += wc[k]! * Actx.data[t * h + k]! + ws[k]! * S.data[t * h + k]!;
    for (let k = 0; k < E; k++) z += wx[k]! * Xdec.data[t * E + k]!;
    pGen[t] = sigmoid(z); //                                                p_gen,t = σ(z_t)
    if (y < 0) continue;
    const qy = y < V ? Math.exp(logq[t * V + y]!) : 0;
    let mass = 0;
    for (let j = 0; j < Ts; j++) if (batch.srcExt[j] === y) mass += alpha.data[t * Ts + j]!; // Σ_{j: ext_j = y} α_tj
    rows.push({ t, y, row: copyRowLoss(qy, mass, pGen[t]!) });
  }
  const count = rows.length;
  const grads: Params = { 'copy/w_c': Tensor.zeros([h], 'float64'), 'copy/w_s': Tensor.zeros([h], 'float64'), 'copy/w_x': Tensor.zeros([E], 'float64'), 'copy/b': Tensor.zeros([1], 'float64') };
  let loss = 0;
  for (const { t, y, row } of rows) {
    loss += row.loss;
    if (y < V) for (let k = 0; k < V; k++) grad[t * V + k] = (row.logitScale * (Math.exp(logq[t * V + k]!) - (k === y ? 1 : 0))) / count;
    const d = row.dz / count;
    dz[t] = d;
    for (let j = 0; j < Ts; j++) if (batch.srcExt[j] === y) dAlpha.data[t * Ts + j] = row.dAlpha / count;
    for (let k = 0; k < h; k++) {
      grads['copy/w_c']!.data[k]! += d * Actx.data[t * h + k]!;
      grads['copy/w_s']!.data[k]! += d * S.data[t * h + k]!;
    }
    for (let k = 0; k < E; k++) grads['copy/w_x']!.data[k]! += d * Xdec.data[t * E + k]!;
    grads['copy/b']!.data[0]! += d;
  }
  return { loss: loss / count, grad, count, dz, dAlpha, grads, pGen };
}

/**
 * The reference parameters under the engine model's names and layouts (float32): gate blocks side by
 * side in tfjs's order (src/engine/layout.ts: GRU z, r, h; LSTM i, f, c, o) as `…/kernel` [in, g·h], `…/recurrent_kernel`
 * [h, g·h], `…/bias` [g·h].
 */
export function referenceToEngineWeights(c: Seq2SeqConfig, p: Params): Record<string, { shape: number[]; data: Float32Array }> {
  const out: Record<string, { shape: number[]; data: Float32Array }> = {};
  const put = (name: string, t: Tensor): void => { out[name] = { shape: [...t.shape], data: Float32Array.from(t.data) }; };
  for (const side of ['encoder', 'decoder'] as const) {
    put(`${side}/embedding`, p[`${side}/embedding`]!);
    for (let l = 0; l < c.numLayers; l++) {
      const w = fuseGates(c.cell, layerParams(p, `${side}/l${l}`));
      put(`${side}/${c.cell}_${l}/kernel`, w.kernel);
      put(`${side}/${c.cell}_${l}/recurrent_kernel`, w.recurrentKernel);
      put(`${side}/${c.cell}_${l}/bias`, w.bias);
    }
  }
  for (const [k, t] of Object.entries(p)) {
    if (k.startsWith('attention/')) put(k, t);
    if (k === 'combine/W') put('combine/kernel', t);
    if (k === 'combine/b') put('combine/bias', t);
    if (k === 'output/W') put('output/kernel', t);
    if (k === 'output/b') put('output/bias', t);
    if (k.startsWith('copy/')) put(k, t);
  }
  return out;
}
