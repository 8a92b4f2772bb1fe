/**
 * The translator of config.ts on the engine (src/engine): float32, the recurrent layers on the fused
 * WebAssembly kernels, dense layers and softmax cross-entropy as engine GEMMs and kernels, attention as
 * src/engine/attention.ts. Same equations and weight names as the float64 reference (reference.ts), against
 * which test/seq2seq/model.test.ts checks its loss and every gradient.
 *
 * One training step (teacher forcing; B sentences, Ts source and Tt target steps; time-major inside):
 *
 *   encoder   H^(l) = RNN_l(dropout(H^(l−1)))          [Ts·B, h]    H^(0) = emb_src[x]
 *   decoder   S^(l) = RNN_l(dropout(S^(l−1)); init = encoder layer l's final state)   [Tt·B, h]
 *   only the N rows (t, b) that carry a label go further (padding is dropped, not masked):
 *   attention a_n = Σ_j α_nj h_j                       [N, h]
 *   combine   s̃_n = tanh([s_n ; a_n] W_c + b_c)        [N, h]
 *   output    logits_n = s̃_n W_out + b_out              [N, V_tgt]
 *   loss      (1/N) Σ_n −log softmax(logits_n)[y_n]
 *
 * Sentences run as packed sequences (src/engine/recurrent.ts): the encoder stops at each source's
 * `<eos>` and the decoder at each target's end, so a sentence's encoding — the keys and the decoder's
 * initial state — does not depend on how long the other sentences of its batch are, and padded steps
 * cost nothing. Inside, the encoder's rows are ordered by source length and the decoder's by target
 * length (longest first, as packing needs); the model maps between the two orders.
 *
 * Dropout acts between stacked recurrent layers, as PyTorch's nn.GRU(dropout=…) does. Weight names:
 * `encoder/embedding`, `encoder/gru_0/kernel|recurrent_kernel|bias`, …, `decoder/…`, `attention/W_q|W_k|w_v`,
 * `combine/kernel|bias`, `output/kernel|bias` (tfjs layouts), and with copy `copy/w_c|w_s|w_x|b`.
 *
 * With `copy` (copy.ts) the loss is the pointer-generator's −log P(y_n) over the extended vocabulary:
 *
 *   p_gen,n = σ(w_cᵀ a_n + w_sᵀ s_n + w_xᵀ x_n + b_gen)        x_n: the decoder's input embedding
 *   P(y_n)  = p_gen softmax(logits_n)[y_n] + (1 − p_gen) Σ_{j: ext_j = y_n} α_nj
 *
 * the softmax and its gradient by the engine's cross-entropy kernel, scaled row by row, and the gate
 * in TypeScript loops; its ∂L/∂α goes into attention's backward pass.
 */
import { Dense } from '../engine/dense';
import { logSoftmaxRows } from '../nn/activations';
import { Engine } from '../engine/engine';
import { clipGlobalNorm } from '../engine/clip';
import { softmaxCrossEntropy } from '../engine/loss';
import { Optimizer } from '../engine/optimizer';
import { Parameter } from '../engine/parameter';
import { engineRng } from '../engine/random';
import { Rng } from '../tensor/rng';
import { LayerInput, LayerState, RecurrentLayer } from '../engine/recurrent';
import { Workspace } from '../engine/workspace';
import {
  elementAt, floatsAt, gatherRowsInto, intsAt, readFloats, readRows, scatterRowsInto, tanhBackwardInPlace, tanhInPlace,
  zeroFloats,
} from '../engine/ops';
import { TranslationBatch } from '../data/translation';
import { Seq2SeqConfig } from './config';
import { TRANSLATOR_PROTOCOL } from './protocol';
import { AttentionKeys, EngineAttention } from '../engine/attention';
import { SelectFn, StepFn } from './search';
import { copyRowLoss, CopyRow, sigmoid } from './copy';

/** Batch rows ordered longest first (ties in batch order): the order packed sequences need. */
function longestFirst(lens: Int32Array): Int32Array {
  return Int32Array.from([...lens.keys()].sort((a, b) => lens[b]! - lens[a]! || a - b));
}

/** The inverse of an ordering: position[b] = i where order[i] = b. */
function positions(order: Int32Array): Int32Array {
  const pos = new Int32Array(order.length);
  order.forEach((b, i) => { pos[b] = i; });
  return pos;
}

/** A layer state whose row i is row rows[i] of `s` (rows of `width` floats). */
function pickRows(s: LayerState, rows: Int32Array, width: number): LayerState {
  const pick = (x: Float32Array): Float32Array => {
    const out = new Float32Array(rows.length * width);
    rows.forEach((r, i) => out.set(x.subarray(r * width, (r + 1) * width), i * width));
    return out;
  };
  return s.c ? { h: pick(s.h), c: pick(s.c) } : { h: pick(s.h) };
}

/** A weight by name, as checkpoints store it. */
import type { NamedWeight } from '../engine/layout';
export type { NamedWeight };

/**
 * The decoder's state while translating `rows` hypotheses one token at a time: each layer's state,
 * the source encoding each row attends to (batch-major copies), and optionally the attention weights
 * of every step so far (for heatmaps).
 */
export interface DecoderState {
  rows: number;
  layers: LayerState[];
  /** Encoder outputs [rows, srcSteps, h]. */
  keys: Float32Array;
  /** K̃ = keys W_k [rows, srcSteps, attentionHiddens] (additive attention), else empty. */
  projected: Float32Array;
  lens: Int32Array;
  srcSteps: number;
  /** α of each generated token, per row (when recording). */
  attention?: Float32Array[][];
  /** Copy models: the source's extended ids [rows, srcSteps] (copy.ts), and how many extra ids the rows use at most. */
  ext?: Int32Array;
  numExtra?: number;
  /** Copy models: the id fed to the decoder in place of an extended id (`<unk>`). */
  unk?: number;
  /** p_gen of each generated token, per row (copy models, when recording). */
  pGen?: number[][];
}

/** Options of {@link Seq2SeqModel.trainStep}. */
export interface Seq2SeqTrainOptions {
  /** @default 0.005 */
  lr?: number;
  /** Clip the global gradient norm at this value; 0: no clipping. @default 1 */
  clip?: number;
}

export class Seq2SeqModel {
  readonly config: Seq2SeqConfig;
  readonly encoderEmbedding: Parameter;
  readonly decoderEmbedding: Parameter;
  readonly encoder: RecurrentLayer[];
  readonly decoder: RecurrentLayer[];
  readonly attention: EngineAttention | undefined;
  readonly combine: Dense | undefined;
  readonly output: Dense;
  /** The copy gate (copy models): w_c [h], w_s [h], w_x [embedDim], b_gen [1]. */
  readonly copyGate: { w_c: Parameter; w_s: Parameter; w_x: Parameter; b: Parameter } | undefined;
  /** Training steps taken. */
  steps = 0;
  private readonly rng: Rng;
  private readonly ws: Workspace;
  private optimizer: Optimizer | undefined;
  private disposed = false;

  constructor(private readonly engine: Engine, config: Seq2SeqConfig, seed = 0) {
    this.config = config;
    const c = config, init = engineRng(seed);
    // Embeddings N(0, 1) as PyTorch's nn.Embedding; recurrent and dense layers as the engine initialises them.
    this.encoderEmbedding = new Parameter(engine, 'encoder/embedding', [c.srcVocabSize, c.embedDim], init.normalArray(c.srcVocabSize * c.embedDim, 1));
    this.decoderEmbedding = new Parameter(engine, 'decoder/embedding', [c.tgtVocabSize, c.embedDim], init.normalArray(c.tgtVocabSize * c.embedDim, 1));
    const layers = (side: string): RecurrentLayer[] => Array.from({ length: c.numLayers }, (_, l) => new RecurrentLayer(engine, {
      cell: c.cell, inputSize: l === 0 ? c.embedDim : c.numHiddens, numHiddens: c.numHiddens, seed: init.nextU32(), name: `${side}/${c.cell}_${l}`,
    }));
    this.encoder = layers('encoder');
    this.decoder = layers('decoder');
    if (c.attention !== 'none') {
      this.attention = new EngineAttention(engine, { score: c.attention, queryDim: c.numHiddens, keyDim: c.numHiddens, numHiddens: c.attentionHiddens, seed: init.nextU32() });
      this.combine = new Dense(engine, { inputSize: 2 * c.numHiddens, units: c.numHiddens, seed: init.nextU32(), name: 'combine' });
    }
    this.output = new Dense(engine, { inputSize: c.numHiddens, units: c.tgtVocabSize, seed: init.nextU32(), name: 'output' });
    if (c.copy) {
      // U(±1/√n) for the gate's n = 2h + embedDim inputs, b_gen = 0 (as reference.ts)
      const a = 1 / Math.sqrt(2 * c.numHiddens + c.embedDim);
      this.copyGate = {
        w_c: new Parameter(engine, 'copy/w_c', [c.numHiddens], init.uniformArray(c.numHiddens, a)),
        w_s: new Parameter(engine, 'copy/w_s', [c.numHiddens], init.uniformArray(c.numHiddens, a)),
        w_x: new Parameter(engine, 'copy/w_x', [c.embedDim], init.uniformArray(c.embedDim, a)),
        b: new Parameter(engine, 'copy/b', [1], [0]),
      };
    }
    this.rng = engineRng(init.nextU32());
    this.ws = new Workspace(engine);
  }

  /** Every parameter. */
  get params(): Parameter[] {
    return [
      this.encoderEmbedding, ...this.encoder.flatMap((l) => l.params),
      this.decoderEmbedding, ...this.decoder.flatMap((l) => l.params),
      ...(this.attention?.params ?? []), ...(this.combine?.params ?? []), ...this.output.params,
      ...(this.copyGate ? [this.copyGate.w_c, this.copyGate.w_s, this.copyGate.w_x, this.copyGate.b] : []),
    ];
  }

  /** Number of scalar parameters. */
  get numParams(): number {
    return this.params.reduce((s, p) => s + p.size, 0);
  }

  /** Copies of every weight by name. */
  getWeights(): Record<string, NamedWeight> {
    const out: Record<string, NamedWeight> = {};
    for (const p of this.params) out[p.name] = { shape: [...p.shape], data: p.get() };
    return out;
  }

  /** Sets every weight by name; each must be present with its shape. */
  setWeights(w: Record<string, NamedWeight>): void {
    for (const p of this.params) {
      const x = w[p.name];
      if (x === undefined) throw new Error(`setWeights: missing weight '${p.name}'`);
      if (x.shape.length !== p.shape.length || x.shape.some((d, i) => d !== p.shape[i])) {
        throw new Error(`setWeights: expected '${p.name}' of shape [${p.shape.join(', ')}], got [${x.shape.join(', ')}]`);
      }
      p.set(x.data);
    }
  }

  /**
   * Batch-major ids [B, T] → time-major int32 block in engine memory, checked against the vocabulary;
   * with `order`, row i of the block is batch row order[i].
   */
  private loadTokens(name: string, ids: Int32Array, B: number, T: number, V: number, order?: Int32Array): number {
    if (ids.length !== B * T) throw new Error(`expected ${name} of shape [${B}, ${T}] (${B * T} ids), got ${ids.length}`);
    const ptr = this.ws.get(name, B * T);
    const dst = intsAt(this.engine, ptr, B * T); // [T, B] time-major
    for (let i = 0; i < B; i++) {
      const b = order ? order[i]! : i;
      for (let t = 0; t < T; t++) {
        const v = ids[b * T + t]!;
        if (!(v >= 0 && v < V)) throw new Error(`${name}[${b}, ${t}] = ${v} is outside the vocabulary [0, ${V})`);
        dst[t * B + i] = v;
      }
    }
    return ptr;
  }

  /**
   * Runs stacked layers over sequences of `lengths` (sorted longest first); dropout between them when
   * training. Returns the top layer's outputs' address.
   */
  private runStack(side: 'e' | 'd', layers: RecurrentLayer[], tokens: number, embedding: Parameter, T: number, B: number, init: LayerState[] | undefined, train: boolean, lengths: Int32Array): number {
    const e = this.engine, n = T * B * this.config.numHiddens, p = this.config.dropout;
    let input = 0;
    layers.forEach((layer, l) => {
      const src: LayerInput = l === 0 ? { tokens, embedding } : { X: input };
      layer.forward(src, T, B, init?.[l], lengths);
      input = layer.outputs();
      if (train && p > 0 && l < layers.length - 1) {
        const mask = this.ws.get(`${side}mask${l}`, n), out = this.ws.get(`${side}drop${l}`, n);
        e.kernels.dropoutMask(n, mask, p, this.rng.nextU32());
        e.kernels.mulInto(n, out, input, mask);
        input = out;
      }
    });
    return input;
  }

  /** Backward through stacked layers from dTop (0 = none) and the final states' gradients; returns the initial states' gradients. */
  private backStack(side: 'e' | 'd', layers: RecurrentLayer[], T: number, B: number, dTop: number, dFinal: (LayerState | undefined)[], train: boolean): LayerState[] {
    const n = T * B * this.config.numHiddens, p = this.config.dropout;
    const bufs = [this.ws.get(`${side}dX0`, n), this.ws.get(`${side}dX1`, n)];
    const dInit: LayerState[] = [];
    let dOut = dTop, k = 0;
    for (let l = layers.length - 1; l >= 0; l--) {
      const dX = l > 0 ? bufs[k]! : 0;
      dInit[l] = layers[l]!.backward(dOut, dFinal[l], dX);
      if (l > 0) {
        if (train && p > 0) this.engine.kernels.mulInto(n, dX, dX, this.ws.get(`${side}mask${l - 1}`, 0));
        dOut = dX;
        k = 1 - k;
      }
    }
    return dInit;
  }

  /**
   * Loss of a batch, and with `backward` the gradient of every parameter (left in `param.grad`).
   * `train` applies dropout.
   */
  lossAndGradients(batch: TranslationBatch, options: { train?: boolean; backward?: boolean } = {}): { loss: number; count: number } {
    this.check();
    const train = options.train ?? true, backward = options.backward ?? true;
    const c = this.config, e = this.engine, h = c.numHiddens, V = c.tgtVocabSize;
    const { batchSize: B, srcSteps: Ts, tgtSteps: Tt } = batch;
    if (batch.srcLens.length !== B || batch.tgtLens.length !== B) throw new Error(`expected ${B} srcLens and tgtLens, got ${batch.srcLens.length} and ${batch.tgtLens.length}`);
    // Encoder rows by source length, decoder rows by target length (longest first).
    const encOrder = longestFirst(batch.srcLens), decOrder = longestFirst(batch.tgtLens);
    const encRow = positions(encOrder), decRow = positions(decOrder);
    const srcLens = Int32Array.from(encOrder, (b) => batch.srcLens[b]!), tgtLens = Int32Array.from(decOrder, (b) => batch.tgtLens[b]!);
    const srcTok = this.loadTokens('src', batch.src, B, Ts, c.srcVocabSize, encOrder);
    const tgtTok = this.loadTokens('tgtIn', batch.tgtIn, B, Tt, V, decOrder);
    // Encoder, then the decoder from the encoder's final states (decoder row i: sentence decOrder[i]).
    const Henc = this.runStack('e', this.encoder, srcTok, this.encoderEmbedding, Ts, B, undefined, train, srcLens);
    const toDec = Int32Array.from(decOrder, (b) => encRow[b]!);
    const finals = this.encoder.map((l) => pickRows(l.finalState(), toDec, h));
    const S = this.runStack('d', this.decoder, tgtTok, this.decoderEmbedding, Tt, B, finals, train, tgtLens);
    // The rows that carry a label: r = t·B + i (time-major, decoder order), in that order.
    const rowsOf: number[] = [], qBatch: number[] = [], labels: number[] = [], pairOf: number[] = [];
    const Vext = V + (c.copy ? batch.numExtra ?? 0 : 0);
    if (c.copy && !batch.srcExt) throw new Error('lossAndGradients: a copy model needs batches with srcExt (makeCopyBatch)');
    for (let t = 0; t < Tt; t++) {
      for (let i = 0; i < B; i++) {
        const b = decOrder[i]!, y = batch.labels[b * Tt + t]!;
        if (y < 0) continue;
        if (y >= Vext) throw new Error(`label ${y} at [${b}, ${t}] is outside the ${c.copy ? 'extended ' : ''}target vocabulary of ${Vext}`);
        pairOf.push(b);
        if (t >= batch.tgtLens[b]!) throw new Error(`label ${y} at [${b}, ${t}] lies beyond the target's length tgtLens[${b}] = ${batch.tgtLens[b]}`);
        rowsOf.push(t * B + i); qBatch.push(encRow[b]!); labels.push(y);
      }
    }
    const N = rowsOf.length;
    if (N === 0) throw new Error('lossAndGradients: the batch has no labels');
    const att = this.attention, W = att ? 2 * h : h;
    const X = this.ws.get('X', N * W); //                     [N, 2h]: [s_n ; a_n], or [N, h]: s_n
    const St = att ? this.ws.get('St', N * h) : X; //         s̃_n
    const logits = this.ws.get('logits', N * V);
    const lab = this.ws.get('labels', N);
    const keys: AttentionKeys = { K: Henc, Kp: att?.score === 'additive' ? this.ws.get('Kp', Ts * B * c.attentionHiddens) : 0, rows: Ts * B, strideB: 1, strideJ: B, numKeys: Ts, lens: srcLens };
    gatherRowsInto(e, X, W, S, h, rowsOf, h); //                s_n: the decoder states of labelled rows
    intsAt(e, lab, N).set(labels);
    const qb = Int32Array.from(qBatch);
    if (att) {
      if (att.score === 'additive') att.projectKeys(Henc, Ts * B, keys.Kp);
      att.forward(X, W, N, qb, keys, elementAt(X, 0, W, h), W); //            a_n into the right half
      this.combine!.forward(X, N, St);
      tanhInPlace(e, St, N * h); //                                             s̃_n = tanh(·)
    }
    this.output.forward(St, N, logits);
    const cp = c.copy ? this.copyForward(batch, X, W, N, logits, rowsOf, pairOf, labels, Tt, Ts, lab) : undefined;
    const total = cp ? cp.total : softmaxCrossEntropy(e, logits, lab, N, V, backward ? 1 / N : 0);
    const loss = total / N;
    if (!backward) return { loss, count: N };
    if (cp) {
      // ∂L/∂logits_n = (g A / P)(q − onehot(y)) / N: the kernel left q − onehot in the logits; scale each row
      cp.rows.forEach((r, n) => e.kernels.scale(V, logits + 4 * n * V, r.logitScale / N));
    }

    for (const p of this.params) p.zeroGrad();
    const dSt = this.ws.get('dSt', N * h);
    this.output.backward(St, logits, N, dSt); //                              ∂L/∂s̃_n
    const dS = this.ws.get('dS', Tt * B * h); //                               ∂L/∂s_t, all rows
    const dHenc = att ? this.ws.get('dHenc', Ts * B * h) : 0;
    zeroFloats(e, dS, Tt * B * h);
    let dRows = dSt, ld = h;
    if (att) {
      zeroFloats(e, dHenc, Ts * B * h);
      tanhBackwardInPlace(e, dSt, St, N * h); //                                through tanh
      const dX = this.ws.get('dX', N * W);
      this.combine!.backward(X, dSt, N, dX); //                               [∂L/∂s_n ; ∂L/∂a_n]
      const dAlphaExtra = cp ? this.copyBackward(batch, X, W, dX, N, cp, rowsOf, pairOf, labels, Tt, Ts) : undefined;
      att.backward(elementAt(dX, 0, W, h), W, dX, W, dHenc, dAlphaExtra); //   adds ∂L/∂s_n and ∂L/∂H_enc
      dRows = dX; ld = W;
    }
    scatterRowsInto(e, dS, h, rowsOf, dRows, ld, h); //                      ∂L/∂s_n back to row r = t·B + i
    const dFinals = this.backStack('d', this.decoder, Tt, B, dS, [], train);
    const toEnc = Int32Array.from(encOrder, (b) => decRow[b]!);
    this.backStack('e', this.encoder, Ts, B, dHenc, dFinals.map((d) => pickRows(d, toEnc, h)), train);
    return { loss, count: N };
  }

  /**
   * The copy loss of every label row n (copy.ts): p_gen,n from [s_n ; a_n] (the block X) and the
   * decoder input's embedding, P_vocab(y_n) = exp(−CE_n) from the engine's cross-entropy kernel run on
   * the row alone (which leaves q − onehot(y_n) in the row), the copy mass Σ_{j: ext_j = y_n} α_nj.
   * Where y_n ≥ V the label is −1 for the kernel (it zeroes the row: no vocabulary gradient there).
   */
  private copyForward(batch: TranslationBatch, X: number, W: number, N: number, logits: number, rowsOf: number[], pairOf: number[], labels: number[], Tt: number, Ts: number, lab: number):
  { total: number; rows: CopyRow[]; g: Float64Array } {
    const c = this.config, h = c.numHiddens, E = c.embedDim, V = c.tgtVocabSize, B = batch.batchSize, gate = this.copyGate!;
    const f = this.engine.mem.f32(), i32 = this.engine.mem.i32();
    const wc = gate.w_c.value.ptr >> 2, ws = gate.w_s.value.ptr >> 2, wx = gate.w_x.value.ptr >> 2, emb = this.decoderEmbedding.value.ptr >> 2;
    const bGen = f[gate.b.value.ptr >> 2]!, alpha = this.attention!.alpha, ext = batch.srcExt!;
    const rows: CopyRow[] = [], g = new Float64Array(N), out = this.engine.reductionSlots(1);
    let total = 0;
    for (let n = 0; n < N; n++) {
      const b = pairOf[n]!, t = Math.floor(rowsOf[n]! / B), y = labels[n]!, tok = batch.tgtIn[b * Tt + t]!;
      const xs = (X >> 2) + n * W, xe = emb + tok * E;
      let z = bGen; //                                         z = w_cᵀ a_n + w_sᵀ s_n + w_xᵀ x_n + b_gen
      for (let k = 0; k < h; k++) z += f[wc + k]! * f[xs + h + k]! + f[ws + k]! * f[xs + k]!;
      for (let k = 0; k < E; k++) z += f[wx + k]! * f[xe + k]!;
      g[n] = sigmoid(z);
      if (y >= V) i32[(lab >> 2) + n] = -1;
      this.engine.kernels.softmaxCE(1, V, logits + 4 * n * V, lab + 4 * n, 1, out);
      const qy = y < V ? Math.exp(-new Float64Array(this.engine.mem.memory.buffer, out, 1)[0]!) : 0; // P_vocab(y_n)
      let mass = 0;
      for (let j = 0; j < batch.srcLens[b]!; j++) if (ext[b * Ts + j] === y) mass += alpha[n * Ts + j]!;
      const r = copyRowLoss(qy, mass, g[n]!);
      rows.push(r);
      total += r.loss;
    }
    return { total, rows, g };
  }

  /**
   * The copy gate's backward pass: adds ∂L/∂z w_s and ∂L/∂z w_c into [∂L/∂s_n ; ∂L/∂a_n] (the block dX),
   * ∂L/∂z w_x into the decoder embedding's rows, accumulates the gate's gradients; returns ∂L/∂α [N, Ts]
   * from the copy distribution.
   */
  private copyBackward(batch: TranslationBatch, X: number, W: number, dX: number, N: number, cp: { rows: CopyRow[] }, rowsOf: number[], pairOf: number[], labels: number[], Tt: number, Ts: number): Float32Array {
    const c = this.config, h = c.numHiddens, E = c.embedDim, B = batch.batchSize, gate = this.copyGate!, ext = batch.srcExt!;
    const f = this.engine.mem.f32();
    const wc = gate.w_c.value.ptr >> 2, ws = gate.w_s.value.ptr >> 2, wx = gate.w_x.value.ptr >> 2;
    const dwc = gate.w_c.grad.ptr >> 2, dws = gate.w_s.grad.ptr >> 2, dwx = gate.w_x.grad.ptr >> 2, db = gate.b.grad.ptr >> 2;
    const emb = this.decoderEmbedding.value.ptr >> 2, demb = this.decoderEmbedding.grad.ptr >> 2;
    const dAlpha = new Float32Array(N * Ts);
    for (let n = 0; n < N; n++) {
      const r = cp.rows[n]!, dz = r.dz / N, b = pairOf[n]!, y = labels[n]!;
      const t = Math.floor(rowsOf[n]! / B), tok = batch.tgtIn[b * Tt + t]!;
      const xs = (X >> 2) + n * W, ds = (dX >> 2) + n * W, xe = emb + tok * E, de = demb + tok * E;
      for (let k = 0; k < h; k++) {
        f[dwc + k]! += dz * f[xs + h + k]!; //                 ∂L/∂w_c += ∂L/∂z a_n
        f[dws + k]! += dz * f[xs + k]!; //                     ∂L/∂w_s += ∂L/∂z s_n
        f[ds + k]! += dz * f[ws + k]!; //                      ∂L/∂s_n += ∂L/∂z w_s
        f[ds + h + k]! += dz * f[wc + k]!; //                  ∂L/∂a_n += ∂L/∂z w_c
      }
      for (let k = 0; k < E; k++) {
        f[dwx + k]! += dz * f[xe + k]!; //                     ∂L/∂w_x += ∂L/∂z x_n
        f[de + k]! += dz * f[wx + k]!; //                      ∂L/∂x_n += ∂L/∂z w_x
      }
      f[db]! += dz;
      for (let j = 0; j < batch.srcLens[b]!; j++) if (ext[b * Ts + j] === y) dAlpha[n * Ts + j] = r.dAlpha / N;
    }
    return dAlpha;
  }

  /** One training step: gradients, clipping, Adam. Returns the loss before the update and the gradient norm. */
  trainStep(batch: TranslationBatch, o: Seq2SeqTrainOptions = {}): { loss: number; gradNorm: number } {
    const { loss } = this.lossAndGradients(batch, { train: true });
    const params = this.params, clip = o.clip ?? TRANSLATOR_PROTOCOL.clip;
    const gradNorm = clip > 0 ? clipGlobalNorm(this.engine, params, clip) : Number.NaN;
    this.optimizer ??= new Optimizer(this.engine, 'adam');
    this.optimizer.step(params, o.lr ?? TRANSLATOR_PROTOCOL.lr);
    this.steps++;
    return { loss, gradNorm };
  }

  /** Mean cross-entropy per target token without dropout or gradients. */
  evaluate(batch: TranslationBatch): number {
    return this.lossAndGradients(batch, { train: false, backward: false }).loss;
  }

  /**
   * Encodes `B` source sentences (batch-major ids [B, Ts], lengths with `<eos>`) into the decoder's
   * initial state. Copy models need `copy`: the sources' extended ids [B, Ts] (copy.ts), the most extra
   * ids of any row, and the `<unk>` id fed to the decoder for an extended id.
   */
  encode(src: Int32Array, srcLens: Int32Array, srcSteps: number, recordAttention = false, copy?: { ext: Int32Array; numExtra: number; unk: number }): DecoderState {
    if (this.config.copy && !copy) throw new Error('encode: a copy model needs the sources\' extended ids (copy)');
    if (copy && copy.ext.length !== srcLens.length * srcSteps) throw new Error(`encode: expected ext of shape [${srcLens.length}, ${srcSteps}], got ${copy.ext.length} ids`);
    this.check();
    const c = this.config, h = c.numHiddens, B = srcLens.length, Ts = srcSteps, a = c.attentionHiddens;
    // The encoder's rows by length (longest first); the state returned is in the callers' order.
    const order = longestFirst(srcLens), row = positions(order);
    const tok = this.loadTokens('src', src, B, Ts, c.srcVocabSize, order);
    const Henc = this.runStack('e', this.encoder, tok, this.encoderEmbedding, Ts, B, undefined, false, Int32Array.from(order, (b) => srcLens[b]!));
    const layers = this.encoder.map((l) => pickRows(l.finalState(), row, h));
    // Batch-major copies: row b·Ts + t is the encoder's time-major row t·B + row[b].
    const fromRow = new Int32Array(B * Ts);
    for (let b = 0; b < B; b++) for (let t = 0; t < Ts; t++) fromRow[b * Ts + t] = t * B + row[b]!;
    const keys = readRows(this.engine, Henc, h, fromRow, h); //                [B, Ts, h]
    let projected: Float32Array = new Float32Array(0);
    if (this.attention?.score === 'additive') {
      const Kp = this.ws.get('Kp', Ts * B * a);
      this.attention.projectKeys(Henc, Ts * B, Kp);
      projected = readRows(this.engine, Kp, a, fromRow, a); //                  [B, Ts, a]
    }
    return {
      rows: B, layers, keys, projected, lens: srcLens.slice(), srcSteps: Ts, attention: recordAttention ? Array.from({ length: B }, () => []) : undefined,
      ...(copy ? { ext: copy.ext.slice(), numExtra: copy.numExtra, unk: copy.unk, pGen: recordAttention ? Array.from({ length: B }, () => []) : undefined } : {}),
    };
  }

  /** The search's step function: log P(next token) for each row, and the advanced state. */
  readonly step: StepFn<DecoderState> = (prev, st) => {
    this.check();
    const c = this.config, e = this.engine, h = c.numHiddens, V = c.tgtVocabSize, R = st.rows, Ts = st.srcSteps;
    if (prev.length !== R) throw new Error(`step: ${prev.length} previous tokens for ${R} rows`);
    // a copied word (extended id ≥ V) has no embedding: the decoder reads <unk>
    const fed = c.copy ? prev.map((v) => (v >= V ? st.unk! : v)) : prev;
    const tok = this.loadTokens('dtok', fed, R, 1, V);
    let input = 0;
    const layers: LayerState[] = [];
    this.decoder.forEach((layer, l) => {
      layer.forward(l === 0 ? { tokens: tok, embedding: this.decoderEmbedding } : { X: input }, 1, R, st.layers[l]);
      input = layer.outputs();
      layers.push(layer.finalState());
    });
    const att = this.attention, W = att ? 2 * h : h;
    const X = this.ws.get('dec/X', R * W), logits = this.ws.get('dec/logits', R * V);
    let top = input;
    let attention: Float32Array[][] | undefined;
    if (att) {
      const a = c.attentionHiddens;
      const K = this.ws.get('dec/K', R * Ts * h), Kp = att.score === 'additive' ? this.ws.get('dec/Kp', R * Ts * a) : 0, St = this.ws.get('dec/St', R * h);
      floatsAt(e, K, R * Ts * h).set(st.keys);
      if (Kp) floatsAt(e, Kp, R * Ts * a).set(st.projected);
      const qb = new Int32Array(R);
      for (let r = 0; r < R; r++) qb[r] = r;
      gatherRowsInto(e, X, W, input, h, qb, h); //                               s_r into the left half
      att.forward(X, W, R, qb, { K, Kp, rows: R * Ts, strideB: Ts, strideJ: 1, numKeys: Ts, lens: st.lens }, elementAt(X, 0, W, h), W);
      this.combine!.forward(X, R, St);
      tanhInPlace(e, St, R * h);
      top = St;
      if (st.attention) attention = st.attention.map((hist, r) => [...hist, att.alpha.slice(r * Ts, (r + 1) * Ts)]);
    }
    this.output.forward(top, R, logits);
    const logProbs = readFloats(e, logits, R * V);
    logSoftmaxRows(logProbs, R, V); //                          [R, V] log P(next token)
    if (c.copy) {
      const mixed = this.copyStep(logProbs, X, W, fed, st);
      return { logProbs: mixed.logProbs, state: { ...st, layers, attention: attention ?? st.attention, pGen: mixed.pGen } };
    }
    return { logProbs, state: { ...st, layers, attention: attention ?? st.attention } };
  };

  /**
   * The pointer-generator's output distribution at one decoding step, over the extended vocabulary of
   * V + numExtra ids: P(w) = p_gen P_vocab(w) + (1 − p_gen) Σ_{j: ext_j = w} α_j (copy.ts), as log P.
   */
  private copyStep(logVocab: Float32Array, X: number, W: number, fed: Int32Array, st: DecoderState): { logProbs: Float64Array; pGen?: number[][] } {
    const c = this.config, h = c.numHiddens, E = c.embedDim, V = c.tgtVocabSize, R = st.rows, Ts = st.srcSteps;
    const Vx = V + st.numExtra!, gate = this.copyGate!, alpha = this.attention!.alpha, ext = st.ext!;
    const f = this.engine.mem.f32();
    const wc = gate.w_c.value.ptr >> 2, ws = gate.w_s.value.ptr >> 2, wx = gate.w_x.value.ptr >> 2, emb = this.decoderEmbedding.value.ptr >> 2;
    const bGen = f[gate.b.value.ptr >> 2]!;
    const P = new Float64Array(R * Vx), pGen = st.pGen ? st.pGen.map((p) => [...p]) : undefined;
    for (let r = 0; r < R; r++) {
      const xs = (X >> 2) + r * W, xe = emb + fed[r]! * E;
      let z = bGen;
      for (let k = 0; k < h; k++) z += f[wc + k]! * f[xs + h + k]! + f[ws + k]! * f[xs + k]!;
      for (let k = 0; k < E; k++) z += f[wx + k]! * f[xe + k]!;
      const g = sigmoid(z); //                                  p_gen = σ(w_cᵀ a + w_sᵀ s + w_xᵀ x + b_gen)
      pGen?.[r]!.push(g);
      for (let w = 0; w < V; w++) P[r * Vx + w] = g * Math.exp(logVocab[r * V + w]!);
      for (let j = 0; j < st.lens[r]!; j++) P[r * Vx + ext[r * Ts + j]!]! += (1 - g) * alpha[r * Ts + j]!;
    }
    for (let i = 0; i < P.length; i++) P[i] = Math.log(P[i]!); // log 0 = −∞: ids this row can neither generate nor copy
    return { logProbs: P, pGen };
  }

  /** The search's select function: the rows `rows` of a decoder state, in that order. */
  readonly select: SelectFn<DecoderState> = (st, rows) => {
    const h = this.config.numHiddens, a = this.config.attentionHiddens, Ts = st.srcSteps, R = rows.length;
    const pick = (x: Float32Array, width: number): Float32Array => {
      const out = new Float32Array(R * width);
      rows.forEach((r, i) => out.set(x.subarray(r * width, (r + 1) * width), i * width));
      return out;
    };
    const pick32 = (x: Int32Array, width: number): Int32Array => {
      const out = new Int32Array(R * width);
      rows.forEach((r, i) => out.set(x.subarray(r * width, (r + 1) * width), i * width));
      return out;
    };
    return {
      rows: R,
      layers: st.layers.map((s) => (s.c ? { h: pick(s.h, h), c: pick(s.c, h) } : { h: pick(s.h, h) })),
      keys: pick(st.keys, Ts * h),
      projected: st.projected.length ? pick(st.projected, Ts * a) : st.projected,
      lens: Int32Array.from(rows, (r) => st.lens[r]!),
      srcSteps: Ts,
      attention: st.attention ? rows.map((r) => st.attention![r]!) : undefined,
      ...(st.ext ? { ext: pick32(st.ext, Ts), numExtra: st.numExtra, unk: st.unk, pGen: st.pGen ? rows.map((r) => [...st.pGen![r]!]) : undefined } : {}),
    };
  };

  /** Frees the model's engine memory (the engine stays). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.encoderEmbedding.dispose();
    this.decoderEmbedding.dispose();
    for (const l of [...this.encoder, ...this.decoder]) l.dispose();
    this.attention?.dispose();
    this.combine?.dispose();
    this.output.dispose();
    if (this.copyGate) for (const q of Object.values(this.copyGate)) q.dispose();
    this.optimizer?.dispose();
    this.ws.dispose();
  }

  private check(): void {
    if (this.disposed) throw new Error('this Seq2SeqModel was disposed');
  }
}
