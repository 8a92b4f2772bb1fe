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
 * `combine/kernel|bias`, `output/kernel|bias` (tfjs layouts).
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
    this.rng = engineRng(init.nextU32());
    this.ws = new Workspace(engine);
  }

  /** Every parameter. */
  get params(): Parameter[] {
    return [
      this.encoderEmbedding, ...this.encoder.flatMap((l) => l.params),
      this.decoderEmbedding, ...this.decoder.flatMap((l) => l.params),
      ...(this.attention?.params ?? []), ...(this.combine?.params ?? []), ...this.output.params,
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
    const rowsOf: number[] = [], qBatch: number[] = [], labels: number[] = [];
    for (let t = 0; t < Tt; t++) {
      for (let i = 0; i < B; i++) {
        const b = decOrder[i]!, y = batch.labels[b * Tt + t]!;
        if (y < 0) continue;
        if (y >= V) throw new Error(`label ${y} at [${b}, ${t}] is outside the target vocabulary of ${V}`);
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
    const total = softmaxCrossEntropy(e, logits, lab, N, V, backward ? 1 / N : 0);
    const loss = total / N;
    if (!backward) return { loss, count: N };

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
      att.backward(elementAt(dX, 0, W, h), W, dX, W, dHenc); //               adds ∂L/∂s_n and ∂L/∂H_enc
      dRows = dX; ld = W;
    }
    scatterRowsInto(e, dS, h, rowsOf, dRows, ld, h); //                      ∂L/∂s_n back to row r = t·B + i
    const dFinals = this.backStack('d', this.decoder, Tt, B, dS, [], train);
    const toEnc = Int32Array.from(encOrder, (b) => decRow[b]!);
    this.backStack('e', this.encoder, Ts, B, dHenc, dFinals.map((d) => pickRows(d, toEnc, h)), train);
    return { loss, count: N };
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

  /** Encodes `B` source sentences (batch-major ids [B, Ts], lengths with `<eos>`) into the decoder's initial state. */
  encode(src: Int32Array, srcLens: Int32Array, srcSteps: number, recordAttention = false): DecoderState {
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
    return { rows: B, layers, keys, projected, lens: srcLens.slice(), srcSteps: Ts, attention: recordAttention ? Array.from({ length: B }, () => []) : undefined };
  }

  /** The search's step function: log P(next token) for each row, and the advanced state. */
  readonly step: StepFn<DecoderState> = (prev, st) => {
    this.check();
    const c = this.config, e = this.engine, h = c.numHiddens, V = c.tgtVocabSize, R = st.rows, Ts = st.srcSteps;
    if (prev.length !== R) throw new Error(`step: ${prev.length} previous tokens for ${R} rows`);
    const tok = this.loadTokens('dtok', prev, R, 1, V);
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
    return { logProbs, state: { ...st, layers, attention: attention ?? st.attention } };
  };

  /** The search's select function: the rows `rows` of a decoder state, in that order. */
  readonly select: SelectFn<DecoderState> = (st, rows) => {
    const h = this.config.numHiddens, a = this.config.attentionHiddens, Ts = st.srcSteps, R = rows.length;
    const pick = (x: Float32Array, width: number): Float32Array => {
      const out = new Float32Array(R * width);
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
    this.optimizer?.dispose();
    this.ws.dispose();
  }

  private check(): void {
    if (this.disposed) throw new Error('this Seq2SeqModel was disposed');
  }
}
