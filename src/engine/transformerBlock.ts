/**
 * One pre-norm Transformer block on the engine (the equations and backward rules of src/nn/
 * transformer-block.ts, multi-head-attention.ts, self-attention.ts, feed-forward.ts), rows batch-major
 * (row b·T + t is step t of sequence b), every matrix product on the engine's GEMM and threads:
 *
 *   Z = X + Concat_i(softmax(mask(Q_i K_iᵀ/√d_k)) V_i) W_o + b_o,   Q = LN_1(X) W_q, K = … W_k, V = … W_v
 *   Y = Z + max(0, LN_2(Z) W_1 + b_1) W_2 + b_2
 *
 * Head i of sequence b is a strided view (rows b·T …, columns i·d_k …, row length d) of Q, K, V, so the
 * per-head products read and write the [R, d] matrices in place, with no split or merge copies.
 * Activations for the backward pass stay in the block's workspace until the next forward.
 */
import { Engine } from './engine';
import { Parameter } from './parameter';
import { engineRng } from './random';
import { Workspace } from './workspace';
import {
  causalSoftmax, layerNormRows, layerNormRowsBackward, reluBackward, reluInPlace, softmaxBackwardRows,
} from './transformerOps';

/** Sizes of a {@link TransformerBlock}. */
export interface TransformerBlockOptions {
  /** Model width d. */
  d: number;
  numHeads: number;
  ffnDim: number;
  /** Seed of the initial weights (N(0, 0.02²), as GPT-2). @default 0 */
  seed?: number;
  /** Prefix of the parameter names. @default 'block_0' */
  name?: string;
}

/** Initial standard deviation of every weight matrix (GPT-2's). */
export const WEIGHT_STD = 0.02;

export class TransformerBlock {
  readonly d: number;
  readonly numHeads: number;
  readonly ffnDim: number;
  readonly ln1_g: Parameter; readonly ln1_b: Parameter;
  readonly W_q: Parameter; readonly W_k: Parameter; readonly W_v: Parameter; readonly W_o: Parameter;
  readonly b_o: Parameter;
  readonly ln2_g: Parameter; readonly ln2_b: Parameter;
  readonly W_1: Parameter; readonly b_1: Parameter; readonly W_2: Parameter; readonly b_2: Parameter;
  private readonly ws: Workspace;
  private shape: { B: number; T: number; X: number } | undefined;

  constructor(private readonly engine: Engine, o: TransformerBlockOptions) {
    const { d, numHeads, ffnDim } = o;
    for (const [k, v] of [['d', d], ['numHeads', numHeads], ['ffnDim', ffnDim]] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer; got ${v}`);
    }
    if (d % numHeads !== 0) throw new Error(`numHeads ${numHeads} must divide d = ${d}`);
    this.d = d; this.numHeads = numHeads; this.ffnDim = ffnDim;
    const rng = engineRng(o.seed ?? 0), n = o.name ?? 'block_0';
    const P = (name: string, shape: number[], init?: Float32Array): Parameter =>
      new Parameter(engine, `${n}/${name}`, shape, init);
    const ones = new Float32Array(d).fill(1);
    this.ln1_g = P('ln1/gamma', [d], ones); this.ln1_b = P('ln1/beta', [d]);
    this.W_q = P('attention/W_q', [d, d], rng.normalArray(d * d, WEIGHT_STD));
    this.W_k = P('attention/W_k', [d, d], rng.normalArray(d * d, WEIGHT_STD));
    this.W_v = P('attention/W_v', [d, d], rng.normalArray(d * d, WEIGHT_STD));
    this.W_o = P('attention/W_o', [d, d], rng.normalArray(d * d, WEIGHT_STD));
    this.b_o = P('attention/b_o', [d]);
    this.ln2_g = P('ln2/gamma', [d], ones); this.ln2_b = P('ln2/beta', [d]);
    this.W_1 = P('ffn/W_1', [d, ffnDim], rng.normalArray(d * ffnDim, WEIGHT_STD));
    this.b_1 = P('ffn/b_1', [ffnDim]);
    this.W_2 = P('ffn/W_2', [ffnDim, d], rng.normalArray(ffnDim * d, WEIGHT_STD));
    this.b_2 = P('ffn/b_2', [d]);
    this.ws = new Workspace(engine);
  }

  get params(): Parameter[] {
    return [this.ln1_g, this.ln1_b, this.W_q, this.W_k, this.W_v, this.W_o, this.b_o, this.ln2_g, this.ln2_b,
      this.W_1, this.b_1, this.W_2, this.b_2];
  }

  /** Address of the output Y [B·T, d] of the last forward. */
  output(): number {
    return this.ws.get('y', 0);
  }

  /** Address of the attention weights [B, h, T, T] of the last forward. */
  attention(): number {
    return this.ws.get('att', 0);
  }

  /** Y = block(X) for X [B·T, d] at address X (kept, unchanged, until backward). */
  forward(X: number, B: number, T: number): number {
    const e = this.engine, k = e.kernels, d = this.d, h = this.numHeads, dk = d / h, F = this.ffnDim,
      R = B * T;
    const ws = this.ws;
    const ln1 = ws.get('ln1', R * d), xh1 = ws.get('xh1', R * d), rs1 = ws.get('rs1', R);
    const Q = ws.get('q', R * d), K = ws.get('k', R * d), V = ws.get('v', R * d),
      att = ws.get('att', B * h * T * T);
    const Hc = ws.get('hcat', R * d), Z = ws.get('z', R * d), ln2 = ws.get('ln2', R * d),
      xh2 = ws.get('xh2', R * d), rs2 = ws.get('rs2', R);
    const Fa = ws.get('f', R * F), Y = ws.get('y', R * d);
    this.shape = { B, T, X };
    layerNormRows(e, R, d, X, this.ln1_g.value.ptr, this.ln1_b.value.ptr, ln1, xh1, rs1); //  LN_1(X)
    e.gemm('N', 'N', R, d, d, ln1, d, this.W_q.value.ptr, d, Q, d, 0); //                     Q = LN_1(X) W_q
    e.gemm('N', 'N', R, d, d, ln1, d, this.W_k.value.ptr, d, K, d, 0); //                     K = LN_1(X) W_k
    e.gemm('N', 'N', R, d, d, ln1, d, this.W_v.value.ptr, d, V, d, 0); //                     V = LN_1(X) W_v
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < h; i++) {
        const off = 4 * (b * T * d + i * dk), S = att + 4 * (b * h + i) * T * T;
        e.gemm('N', 'T', T, T, dk, Q + off, d, K + off, d, S, T, 0); //                         S = Q_i K_iᵀ
      }
    }
    // A = softmax(mask(S/√d_k))
    causalSoftmax(e, B * h, T, att, 1 / Math.sqrt(dk));
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < h; i++) {
        const off = 4 * (b * T * d + i * dk), A = att + 4 * (b * h + i) * T * T;
        // head_i = A V_i, in place in Concat
        e.gemm('N', 'N', T, dk, T, A, T, V + off, d, Hc + off, d, 0);
      }
    }
    k.fillRows(R, d, Z, d, this.b_o.value.ptr);
    k.addInto(R * d, Z, X);
    // Z = X + Concat W_o + b_o
    e.gemm('N', 'N', R, d, d, Hc, d, this.W_o.value.ptr, d, Z, d, 1);
    layerNormRows(e, R, d, Z, this.ln2_g.value.ptr, this.ln2_b.value.ptr, ln2, xh2, rs2); //  LN_2(Z)
    k.fillRows(R, F, Fa, F, this.b_1.value.ptr);
    e.gemm('N', 'N', R, F, d, ln2, d, this.W_1.value.ptr, F, Fa, F, 1);
    // F = max(0, LN_2(Z) W_1 + b_1)
    reluInPlace(e, R * F, Fa);
    k.fillRows(R, d, Y, d, this.b_2.value.ptr);
    k.addInto(R * d, Y, Z);
    // Y = Z + F W_2 + b_2
    e.gemm('N', 'N', R, d, F, Fa, F, this.W_2.value.ptr, d, Y, d, 1);
    return Y;
  }

  /**
   * Accumulates every parameter's gradient from dY [B·T, d] (address; overwritten as scratch) and
   * writes dX [B·T, d] at address dX. `tmp` is a model-wide scratch area (see {@link blockScratch}).
   */
  backward(dY: number, dX: number, tmp: BlockScratch): void {
    if (this.shape === undefined) throw new Error('TransformerBlock.backward before forward');
    const { B, T } = this.shape;
    const e = this.engine, k = e.kernels, d = this.d, h = this.numHeads, dk = d / h, F = this.ffnDim,
      R = B * T, ws = this.ws;
    const ln1 = ws.get('ln1', 0), xh1 = ws.get('xh1', 0), rs1 = ws.get('rs1', 0), Q = ws.get('q', 0),
      K = ws.get('k', 0), V = ws.get('v', 0);
    const att = ws.get('att', 0), Hc = ws.get('hcat', 0), ln2 = ws.get('ln2', 0), xh2 = ws.get('xh2', 0),
      rs2 = ws.get('rs2', 0), Fa = ws.get('f', 0);
    const { dF, dZ, dLn, dH, dQ, dK, dV, dS } = tmp;
    // Y = Z + F W_2 + b_2:   ∂W_2 += Fᵀ dY, ∂b_2 += Σ dY, dF = dY W_2ᵀ ⊙ [F > 0]
    e.gemm('T', 'N', F, d, R, Fa, F, dY, d, this.W_2.grad.ptr, d, 1);
    k.colSum(R, d, dY, d, this.b_2.grad.ptr, 1);
    e.gemm('N', 'T', R, F, d, dY, d, this.W_2.value.ptr, d, dF, F, 0);
    reluBackward(e, R * F, Fa, dF);
    // F = relu(LN_2(Z) W_1 + b_1):   ∂W_1 += LN_2ᵀ dF, ∂b_1 += Σ dF, dLN_2 = dF W_1ᵀ
    e.gemm('T', 'N', d, F, R, ln2, d, dF, F, this.W_1.grad.ptr, F, 1);
    k.colSum(R, F, dF, F, this.b_1.grad.ptr, 1);
    e.gemm('N', 'T', R, d, F, dF, F, this.W_1.value.ptr, F, dLn, d, 0);
    layerNormRowsBackward(e, R, d, dLn, this.ln2_g.value.ptr, xh2, rs2, dZ, this.ln2_g.grad.ptr,
      this.ln2_b.grad.ptr);
    k.addInto(R * d, dZ, dY); //                                                     dZ = dY + LN_2ᵀ(FFNᵀ(dY))
    // Z = X + Concat W_o + b_o:   ∂W_o += Concatᵀ dZ, ∂b_o += Σ dZ, dConcat = dZ W_oᵀ
    e.gemm('T', 'N', d, d, R, Hc, d, dZ, d, this.W_o.grad.ptr, d, 1);
    k.colSum(R, d, dZ, d, this.b_o.grad.ptr, 1);
    e.gemm('N', 'T', R, d, d, dZ, d, this.W_o.value.ptr, d, dH, d, 0);
    const c = 1 / Math.sqrt(dk);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < h; i++) {
        const off = 4 * (b * T * d + i * dk), A = att + 4 * (b * h + i) * T * T;
        e.gemm('T', 'N', T, dk, T, A, T, dH + off, d, dV + off, d, 0); //     ∂V_i = Aᵀ dhead_i
        e.gemm('N', 'T', T, T, dk, dH + off, d, V + off, d, dS, T, 0); //     dA = dhead_i V_iᵀ
        softmaxBackwardRows(e, T, A, dS, c); //                                dS = c A ⊙ (dA − Σ A dA)
        e.gemm('N', 'N', T, dk, T, dS, T, K + off, d, dQ + off, d, 0); //     ∂Q_i = dS K_i
        e.gemm('T', 'N', T, dk, T, dS, T, Q + off, d, dK + off, d, 0); //     ∂K_i = dSᵀ Q_i
      }
    }
    // Q = LN_1 W_q (k, v alike):   ∂W_q += LN_1ᵀ dQ;  dLN_1 = dQ W_qᵀ + dK W_kᵀ + dV W_vᵀ
    e.gemm('T', 'N', d, d, R, ln1, d, dQ, d, this.W_q.grad.ptr, d, 1);
    e.gemm('T', 'N', d, d, R, ln1, d, dK, d, this.W_k.grad.ptr, d, 1);
    e.gemm('T', 'N', d, d, R, ln1, d, dV, d, this.W_v.grad.ptr, d, 1);
    e.gemm('N', 'T', R, d, d, dQ, d, this.W_q.value.ptr, d, dLn, d, 0);
    e.gemm('N', 'T', R, d, d, dK, d, this.W_k.value.ptr, d, dLn, d, 1);
    e.gemm('N', 'T', R, d, d, dV, d, this.W_v.value.ptr, d, dLn, d, 1);
    layerNormRowsBackward(e, R, d, dLn, this.ln1_g.value.ptr, xh1, rs1, dX, this.ln1_g.grad.ptr,
      this.ln1_b.grad.ptr);
    k.addInto(R * d, dX, dZ); //                                                     dX = dZ + LN_1ᵀ(MHAᵀ(dZ))
  }

  /**
   * One new position per sequence, for generation: X [B, d] (address) the inputs at step t, `past`
   * the keys and values of steps 0 … t−1 ([B, t, d] each, batch-major; t may be 0). Attention of the
   * new query over the t + 1 keys (the mask is implicit: there is no future yet). Returns the output's
   * address [B, d] and this step's key and value rows, which the caller appends to the cache.
   */
  step(X: number, B: number,
    past: { K: Float32Array; V: Float32Array; t: number }): { Y: number; k: Float32Array; v: Float32Array } {
    const e = this.engine, kr = e.kernels, d = this.d, h = this.numHeads, dk = d / h, F = this.ffnDim,
      ws = this.ws, t = past.t;
    const ln1 = ws.get('s_ln1', B * d), xh = ws.get('s_xh', B * d), rs = ws.get('s_rs', B),
      Q = ws.get('s_q', B * d);
    const K = ws.get('s_k', B * d), V = ws.get('s_v', B * d), Hc = ws.get('s_hc', B * d),
      Z = ws.get('s_z', B * d);
    const Fa = ws.get('s_f', B * F), Y = ws.get('s_y', B * d);
    layerNormRows(e, B, d, X, this.ln1_g.value.ptr, this.ln1_b.value.ptr, ln1, xh, rs);
    e.gemm('N', 'N', B, d, d, ln1, d, this.W_q.value.ptr, d, Q, d, 0);
    e.gemm('N', 'N', B, d, d, ln1, d, this.W_k.value.ptr, d, K, d, 0);
    e.gemm('N', 'N', B, d, d, ln1, d, this.W_v.value.ptr, d, V, d, 0);
    const m = e.mem.f32(), q = Q >> 2, hc = Hc >> 2;
    const k = m.slice(K >> 2, (K >> 2) + B * d), v = m.slice(V >> 2, (V >> 2) + B * d);
    const c = 1 / Math.sqrt(dk), w = new Float64Array(t + 1);
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < h; i++) {
        const qo = q + b * d + i * dk;
        // key and value j: from the cache for j < t, this step's own for j = t (array and offset)
        const key = (j: number): [Float32Array, number] =>
          (j < t ? [past.K, (b * t + j) * d + i * dk] : [k, b * d + i * dk]);
        const val = (j: number): [Float32Array, number] =>
          (j < t ? [past.V, (b * t + j) * d + i * dk] : [v, b * d + i * dk]);
        let mx = -Infinity;
        for (let j = 0; j <= t; j++) {
          const [kk, ko] = key(j);
          let s = 0;
          for (let a = 0; a < dk; a++) s += m[qo + a]! * kk[ko + a]!;
          w[j] = c * s; //                                                  s_j = q·k_j/√d_k
          mx = Math.max(mx, w[j]!);
        }
        let sum = 0;
        for (let j = 0; j <= t; j++) sum += (w[j] = Math.exp(w[j]! - mx));
        const ho = hc + b * d + i * dk;
        for (let a = 0; a < dk; a++) m[ho + a] = 0;
        for (let j = 0; j <= t; j++) {
          const [vv, vo] = val(j), aj = w[j]! / sum; //                     a_j = softmax_j(s_j)
          for (let a = 0; a < dk; a++) m[ho + a]! += aj * vv[vo + a]!; //  head_i = Σ_j a_j v_j
        }
      }
    }
    kr.fillRows(B, d, Z, d, this.b_o.value.ptr);
    kr.addInto(B * d, Z, X);
    e.gemm('N', 'N', B, d, d, Hc, d, this.W_o.value.ptr, d, Z, d, 1);
    layerNormRows(e, B, d, Z, this.ln2_g.value.ptr, this.ln2_b.value.ptr, ln1, xh, rs);
    kr.fillRows(B, F, Fa, F, this.b_1.value.ptr);
    e.gemm('N', 'N', B, F, d, ln1, d, this.W_1.value.ptr, F, Fa, F, 1);
    reluInPlace(e, B * F, Fa);
    kr.fillRows(B, d, Y, d, this.b_2.value.ptr);
    kr.addInto(B * d, Y, Z);
    e.gemm('N', 'N', B, d, F, Fa, F, this.W_2.value.ptr, d, Y, d, 1);
    return { Y, k, v };
  }

  /** The keys and values [B, T, d] of the last forward (copies), to start a generation cache from. */
  keysValues(): { K: Float32Array; V: Float32Array } {
    if (this.shape === undefined) throw new Error('TransformerBlock.keysValues before forward');
    const n = this.shape.B * this.shape.T * this.d, m = this.engine.mem.f32();
    const K = this.ws.get('k', 0) >> 2, V = this.ws.get('v', 0) >> 2;
    return { K: m.slice(K, K + n), V: m.slice(V, V + n) };
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    this.ws.dispose();
  }
}

/** Scratch addresses the backward pass of a block needs (shared by the blocks of a model). */
export interface BlockScratch {
  dF: number;
  dZ: number;
  dLn: number;
  dH: number;
  dQ: number;
  dK: number;
  dV: number;
  dS: number;
}

/** Allocates (or reuses) a {@link BlockScratch} for R = B·T rows in `ws`. */
export function blockScratch(ws: Workspace, R: number, T: number, d: number, ffnDim: number): BlockScratch {
  return {
    dF: ws.get('dF', R * ffnDim), dZ: ws.get('dZ', R * d), dLn: ws.get('dLn', R * d), dH: ws.get('dH', R * d),
    dQ: ws.get('dQ', R * d), dK: ws.get('dK', R * d), dV: ws.get('dV', R * d), dS: ws.get('dS', T * T),
  };
}
