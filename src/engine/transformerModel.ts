/**
 * A decoder-only Transformer language model on the engine (the reference is src/nn/transformer-lm.ts):
 *
 *   X^(0) = emb[x] + P                 [B·T, d]   P sinusoidal (fixed) or learned [maxLen, d]
 *   X^(l) = Block_l(X^(l−1))           pre-norm blocks with causal multi-head attention (transformerBlock.ts)
 *   O = LN_f(X^(L)) W_out + b_out      [B·T, vocabSize]
 *   loss = mean over (b, t) of −log softmax(O_{b,t})[y_{b,t}]     (labels < 0 are not scored)
 *
 * Rows are batch-major (row b·T + t), as the token arrays arrive. For generation, {@link
 * TransformerModel.step} runs one position at a time against a cache of every block's keys and values
 * — the Transformer's "state" grows with the text (2·numLayers·t·d floats per sequence), where a
 * recurrent network's stays the same size.
 */
import { clipGlobalNorm } from './clip';
import { Engine } from './engine';
import { softmaxCrossEntropy } from './loss';
import { Optimizer } from './optimizer';
import { Parameter } from './parameter';
import { engineRng } from './random';
import { BlockScratch, TransformerBlock, WEIGHT_STD, blockScratch } from './transformerBlock';
import { layerNormRows, layerNormRowsBackward } from './transformerOps';
import { Workspace } from './workspace';

export type PositionalEncoding = 'sinusoidal' | 'learned';

/** Options of {@link TransformerModel}. */
export interface TransformerModelOptions {
  vocabSize: number;
  /** Model width. @default 128 */
  d?: number;
  /** @default 4 */
  numHeads?: number;
  /** @default 4 */
  numLayers?: number;
  /** Feed-forward width. @default 4·d */
  ffnDim?: number;
  /** Longest sequence the model reads at once (its context). @default 64 */
  maxLen?: number;
  /** @default 'sinusoidal' */
  positional?: PositionalEncoding;
  /** Seed of the initial weights. @default 0 */
  seed?: number;
}

/** One sequence batch's generation cache: per block the keys and values [B, t, d], and the tokens [B, t]. */
export interface KVCache { K: Float32Array[]; V: Float32Array[]; tokens: Int32Array; B: number; t: number }

/** P[t, 2i] = sin(t/10000^{2i/d}), P[t, 2i+1] = cos(t/10000^{2i/d}) — as src/nn/positional-encoding.ts. */
export function sinusoidTable(n: number, d: number): Float32Array {
  const P = new Float32Array(n * d);
  for (let t = 0; t < n; t++) for (let j = 0; j < d; j++) {
    const angle = t / Math.pow(10000, (j - (j % 2)) / d);
    P[t * d + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
  }
  return P;
}

export class TransformerModel {
  readonly vocabSize: number;
  readonly d: number;
  readonly numHeads: number;
  readonly numLayers: number;
  readonly ffnDim: number;
  readonly maxLen: number;
  readonly positional: PositionalEncoding;
  readonly embedding: Parameter;
  /** Learned positions [maxLen, d] (undefined when sinusoidal). */
  readonly positions: Parameter | undefined;
  readonly blocks: TransformerBlock[];
  readonly lnf_g: Parameter;
  readonly lnf_b: Parameter;
  readonly W_out: Parameter;
  readonly b_out: Parameter;
  private readonly ws: Workspace;
  private optimizer: Optimizer | undefined;
  private last: { B: number; T: number } | undefined;
  private disposed = false;

  constructor(private readonly engine: Engine, o: TransformerModelOptions) {
    this.vocabSize = o.vocabSize;
    this.d = o.d ?? 128;
    this.numHeads = o.numHeads ?? 4;
    this.numLayers = o.numLayers ?? 4;
    this.ffnDim = o.ffnDim ?? 4 * this.d;
    this.maxLen = o.maxLen ?? 64;
    this.positional = o.positional ?? 'sinusoidal';
    for (const k of ['vocabSize', 'd', 'numHeads', 'numLayers', 'ffnDim', 'maxLen'] as const) {
      if (!Number.isInteger(this[k]) || this[k] < 1) {
        throw new Error(`${k} must be a positive integer; got ${this[k]}`);
      }
    }
    if (this.positional !== 'sinusoidal' && this.positional !== 'learned') {
      throw new Error(`positional must be 'sinusoidal' or 'learned'; got '${String(this.positional)}'`);
    }
    const rng = engineRng(o.seed ?? 0), d = this.d;
    this.embedding = new Parameter(engine, 'embedding/embeddings', [this.vocabSize, d],
      rng.normalArray(this.vocabSize * d, WEIGHT_STD));
    this.positions = this.positional === 'learned'
      ? new Parameter(engine, 'position/embeddings', [this.maxLen, d],
        rng.normalArray(this.maxLen * d, WEIGHT_STD)) : undefined;
    this.blocks = Array.from({ length: this.numLayers }, (_, l) => new TransformerBlock(engine, {
      d, numHeads: this.numHeads, ffnDim: this.ffnDim, seed: rng.nextU32(), name: `block_${l}`,
    }));
    this.lnf_g = new Parameter(engine, 'ln_f/gamma', [d], new Float32Array(d).fill(1));
    this.lnf_b = new Parameter(engine, 'ln_f/beta', [d]);
    this.W_out = new Parameter(engine, 'dense/kernel', [d, this.vocabSize],
      rng.normalArray(d * this.vocabSize, WEIGHT_STD));
    this.b_out = new Parameter(engine, 'dense/bias', [this.vocabSize]);
    this.ws = new Workspace(engine);
    if (this.positional === 'sinusoidal') {
      const P = sinusoidTable(this.maxLen, d);
      new Float32Array(engine.mem.memory.buffer, this.ws.get('sinusoid', P.length), P.length).set(P);
    }
  }

  /** Every parameter: embedding, positions (learned), each block's, LN_f, the output layer. */
  get params(): Parameter[] {
    return [this.embedding, ...(this.positions ? [this.positions] : []),
      ...this.blocks.flatMap((b) => b.params), this.lnf_g, this.lnf_b, this.W_out, this.b_out];
  }

  get numParams(): number {
    return this.params.reduce((s, p) => s + p.size, 0);
  }

  private positionTable(): number {
    return this.positions ? this.positions.value.ptr : this.ws.get('sinusoid', 0);
  }

  private loadIds(name: string, ids: Int32Array, n: number, allowNegative: boolean): number {
    if (ids.length !== n) throw new Error(`expected ${n} ${name} ids, got ${ids.length}`);
    const ptr = this.ws.get(name, n);
    const dst = new Int32Array(this.engine.mem.memory.buffer, ptr, n);
    for (let r = 0; r < n; r++) {
      const v = ids[r]!;
      if (!(v < this.vocabSize && (v >= 0 || (allowNegative && v < 0)))) {
        throw new Error(`${name}[${r}] = ${v} is outside the vocabulary [0, ${this.vocabSize})`);
      }
      dst[r] = v;
    }
    return ptr;
  }

  /** Forward to the logits [B·T, vocabSize] (address) of tokens X [B, T] (batch-major). */
  forward(X: Int32Array, B: number, T: number): number {
    this.check();
    if (!Number.isInteger(T) || T < 1 || T > this.maxLen) {
      throw new Error(`numSteps must be in [1, ${this.maxLen}] (the model's maxLen); got ${T}`);
    }
    const e = this.engine, k = e.kernels, d = this.d, R = B * T, V = this.vocabSize;
    const tokens = this.loadIds('X', X, R, false);
    const X0 = this.ws.get('x0', R * d), Hf = this.ws.get('hf', R * d), xh = this.ws.get('xhf', R * d),
      rs = this.ws.get('rsf', R);
    const logits = this.ws.get('logits', R * V);
    k.gatherRows(R, tokens, this.embedding.value.ptr, d, X0); //                      emb[x]
    const P = this.positionTable();
    for (let b = 0; b < B; b++) k.addInto(T * d, X0 + 4 * b * T * d, P); //         + P_t
    let Xl = X0;
    for (const block of this.blocks) Xl = block.forward(Xl, B, T); //                X^(l) = Block_l(X^(l−1))
    layerNormRows(e, R, d, Xl, this.lnf_g.value.ptr, this.lnf_b.value.ptr, Hf, xh, rs);
    k.fillRows(R, V, logits, V, this.b_out.value.ptr);
    // O = LN_f(X^(L)) W_out + b_out
    e.gemm('N', 'N', R, V, d, Hf, d, this.W_out.value.ptr, V, logits, V, 1);
    this.last = { B, T };
    return logits;
  }

  /** Σ over scored rows of the cross-entropy, and how many rows were scored (labels < 0 are not). */
  private crossEntropy(logits: number, Y: Int32Array, R: number,
    gradScale: (count: number) => number): { sum: number; count: number } {
    const labels = this.loadIds('Y', Y, R, true);
    const count = Y.reduce((c, y) => c + (y >= 0 ? 1 : 0), 0);
    const sum = softmaxCrossEntropy(this.engine, logits, labels, R, this.vocabSize, gradScale(count));
    return { sum, count };
  }

  /** Forward and backward: ∂(mean loss)/∂θ left in every parameter's grad; returns the mean loss. */
  lossAndGradients(X: Int32Array, Y: Int32Array, B: number, T: number): number {
    const e = this.engine, k = e.kernels, d = this.d, R = B * T, V = this.vocabSize;
    const logits = this.forward(X, B, T);
    const { sum, count } = this.crossEntropy(logits, Y, R, (n) => (n > 0 ? 1 / n : 0)); // logits ← ∂loss/∂O
    for (const p of this.params) p.zeroGrad();
    const Hf = this.ws.get('hf', 0), xh = this.ws.get('xhf', 0), rs = this.ws.get('rsf', 0);
    let dA = this.ws.get('dA', R * d), dB = this.ws.get('dB', R * d);
    const tmp: BlockScratch = blockScratch(this.ws, R, T, d, this.ffnDim);
    e.gemm('T', 'N', d, V, R, Hf, d, logits, V, this.W_out.grad.ptr, V, 1); //        ∂W_out = LN_fᵀ dO
    k.colSum(R, V, logits, V, this.b_out.grad.ptr, 1);
    e.gemm('N', 'T', R, d, V, logits, V, this.W_out.value.ptr, V, dB, d, 0); //       dLN_f = dO W_outᵀ
    layerNormRowsBackward(e, R, d, dB, this.lnf_g.value.ptr, xh, rs, dA, this.lnf_g.grad.ptr,
      this.lnf_b.grad.ptr);
    for (let l = this.numLayers - 1; l >= 0; l--) {
      this.blocks[l]!.backward(dA, dB, tmp);
      [dA, dB] = [dB, dA];
    }
    // dA = ∂E/∂X^(0): rows scatter into the embedding; learned positions get Σ_b.
    k.scatterAddRows(R, this.ws.get('X', 0), dA, d, this.embedding.grad.ptr);
    const P = this.positions?.grad.ptr;
    if (P !== undefined) for (let b = 0; b < B; b++) k.addInto(T * d, P, dA + 4 * b * T * d);
    return count > 0 ? sum / count : 0;
  }

  /** One Adam step (lr given per step, so a schedule can warm it up), after clipping at `clip` (0: none). */
  trainStep(X: Int32Array, Y: Int32Array, B: number, T: number,
    o: { lr: number; clip?: number }): { loss: number; gradNorm?: number } {
    const loss = this.lossAndGradients(X, Y, B, T);
    const clip = o.clip ?? 0;
    const gradNorm = clip > 0 ? clipGlobalNorm(this.engine, this.params, clip) : undefined;
    this.optimizer ??= new Optimizer(this.engine, 'adam');
    this.optimizer.step(this.params, o.lr);
    return { loss, gradNorm };
  }

  /** Σ cross-entropy over the rows of Y [B, T] with a label ≥ 0, and their count (no training). */
  evaluateSum(X: Int32Array, Y: Int32Array, B: number, T: number): { sum: number; count: number } {
    return this.crossEntropy(this.forward(X, B, T), Y, B * T, () => 0);
  }

  /** A copy of the first `n` floats of block `layer`'s output in the last forward ([B, T, d]). */
  blockOutput(layer: number, n: number): Float32Array {
    const b = this.blocks[layer];
    if (b === undefined) throw new Error(`layer must be in [0, ${this.numLayers}); got ${layer}`);
    return new Float32Array(this.engine.mem.memory.buffer, b.output(), n).slice();
  }

  /** A copy of the attention weights [B, h, T, T] of block `layer` in the last forward. */
  attentionWeights(layer: number): Float32Array {
    if (this.last === undefined) throw new Error('attentionWeights: run forward first');
    const b = this.blocks[layer];
    if (b === undefined) throw new Error(`layer must be in [0, ${this.numLayers}); got ${layer}`);
    const n = this.last.B * this.numHeads * this.last.T * this.last.T;
    return new Float32Array(this.engine.mem.memory.buffer, b.attention(), n).slice();
  }

  /**
   * Starts a generation cache from a prefix [B, t] (t ≥ 1, ≤ maxLen): logits [B, vocab] after its last token.
   */
  prefill(tokens: Int32Array, B: number): { logits: Float32Array; cache: KVCache } {
    const t = tokens.length / B;
    if (!Number.isInteger(t) || t < 1) {
      throw new Error(`prefill: ${tokens.length} tokens do not make ${B} rows of at least one`);
    }
    const logits = this.forward(tokens, B, t);
    const kv = this.blocks.map((b) => b.keysValues());
    const V = this.vocabSize, m = this.engine.mem.f32(), out = new Float32Array(B * V);
    for (let b = 0; b < B; b++) out.set(m.subarray((logits >> 2) + (b * t + t - 1) * V,
      (logits >> 2) + (b * t + t) * V), b * V);
    const cache = { K: kv.map((x) => x.K), V: kv.map((x) => x.V), tokens: tokens.slice(), B, t };
    return { logits: out, cache };
  }

  /**
   * The logits [B, vocab] after one more token per sequence, and the grown cache. When the cache holds
   * maxLen positions, it restarts from the last maxLen/2 tokens (a prefill), so every prediction sees at
   * least maxLen/2 tokens of context and positions never pass maxLen.
   */
  step(tokens: Int32Array, cache?: KVCache): { logits: Float32Array; cache: KVCache } {
    this.check();
    const B = tokens.length, d = this.d, V = this.vocabSize;
    if (cache !== undefined && cache.B !== B) {
      throw new Error(`step: a cache of ${cache.B} sequences given ${B} tokens`);
    }
    const prev = cache?.tokens ?? new Int32Array(0), t = cache?.t ?? 0;
    const joined = new Int32Array(B * (t + 1));
    for (let b = 0; b < B; b++) {
      joined.set(prev.subarray(b * t, (b + 1) * t), b * (t + 1)); //  the tokens so far
      joined[b * (t + 1) + t] = tokens[b]!; //                         and this one
    }
    if (cache === undefined || t >= this.maxLen) {
      const keep = cache === undefined ? 1 : Math.max(1, Math.floor(this.maxLen / 2));
      const tail = new Int32Array(B * keep);
      for (let b = 0; b < B; b++) tail.set(joined.subarray((b + 1) * (t + 1) - keep, (b + 1) * (t + 1)),
        b * keep);
      return this.prefill(tail, B);
    }
    const e = this.engine, k = e.kernels;
    const ids = this.loadIds('X1', tokens, B, false), x = this.ws.get('s_x', B * d);
    k.gatherRows(B, ids, this.embedding.value.ptr, d, x);
    for (let b = 0; b < B; b++) k.addInto(d, x + 4 * b * d, this.positionTable() + 4 * t * d); // emb[x] + P_t
    let Xl = x;
    const K: Float32Array[] = [], Vs: Float32Array[] = [];
    this.blocks.forEach((block, l) => {
      const r = block.step(Xl, B, { K: cache.K[l]!, V: cache.V[l]!, t });
      K.push(appendRows(cache.K[l]!, r.k, B, t, d));
      Vs.push(appendRows(cache.V[l]!, r.v, B, t, d));
      Xl = r.Y;
    });
    const Hf = this.ws.get('s_hf', B * d), xh = this.ws.get('s_xhf', B * d), rs = this.ws.get('s_rsf', B),
      logits = this.ws.get('s_logits', B * V);
    layerNormRows(e, B, d, Xl, this.lnf_g.value.ptr, this.lnf_b.value.ptr, Hf, xh, rs);
    k.fillRows(B, V, logits, V, this.b_out.value.ptr);
    e.gemm('N', 'N', B, V, d, Hf, d, this.W_out.value.ptr, V, logits, V, 1);
    return { logits: new Float32Array(e.mem.memory.buffer, logits, B * V).slice(),
      cache: { K, V: Vs, tokens: joined, B, t: t + 1 } };
  }

  /** Copies of every weight by name. */
  getWeights(): Record<string, { shape: number[]; data: Float32Array }> {
    return Object.fromEntries(this.params.map((p) => [p.name, { shape: [...p.shape], data: p.get() }]));
  }

  /** Sets every weight by name; a missing name or a wrong shape is an error naming it. */
  setWeights(weights: Record<string, { shape: number[]; data: ArrayLike<number> }>): void {
    for (const p of this.params) {
      const w = weights[p.name];
      if (w === undefined) throw new Error(`setWeights: missing weight '${p.name}'`);
      if (w.shape.length !== p.shape.length || w.shape.some((n, i) => n !== p.shape[i])) {
        const [want, got] = [p.shape.join(', '), w.shape.join(', ')];
        throw new Error(`setWeights: expected '${p.name}' of shape [${want}], got [${got}]`);
      }
      p.set(w.data);
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const p of [this.embedding, ...(this.positions ? [this.positions] : []), this.lnf_g, this.lnf_b,
      this.W_out, this.b_out]) p.dispose();
    for (const b of this.blocks) b.dispose();
    this.optimizer?.dispose();
    this.ws.dispose();
  }

  private check(): void {
    if (this.disposed) throw new Error('this TransformerModel was disposed');
  }
}

/** [B, t, d] + one row per sequence [B, d] → [B, t + 1, d]. */
function appendRows(past: Float32Array, row: Float32Array, B: number, t: number, d: number): Float32Array {
  const out = new Float32Array(B * (t + 1) * d);
  for (let b = 0; b < B; b++) {
    out.set(past.subarray(b * t * d, (b + 1) * t * d), b * (t + 1) * d);
    out.set(row.subarray(b * d, (b + 1) * d), (b * (t + 1) + t) * d);
  }
  return out;
}
