/**
 * The attention of src/nn/attention.ts on engine memory, for the fast translator: the projections
 * Q̃ = Q W_q and K̃ = K W_k (and their gradients) are engine GEMMs; the scores, the masked softmax and
 * the weighted average are TypeScript loops over the valid (query, key) pairs only:
 *
 *   e_nj = w_vᵀ tanh(Q̃_n + K̃_j)   (additive)   or   q_n·k_j (·1/√d)   (dot, scaled-dot)
 *   α_nj = exp(e_nj) / Σ_{k < len} exp(e_nk)  for j < len of the query's sentence, else 0
 *   a_n  = Σ_j α_nj k_j                       (the values are the keys: the encoder outputs)
 *
 * Queries are rows n of a block (the decoder states of real target positions, gathered), each knowing
 * its batch row b(n); keys are rows of a block laid out time-major (row j·B + b) or batch-major
 * (row b·numKeys + j) — {@link AttentionKeys} says which by its strides. Checked against
 * src/nn/attention.ts through the whole translator (test/seq2seq/model.test.ts).
 */
import { Engine } from './engine';
import { Parameter } from './parameter';
import { engineRng } from './random';
import { Workspace } from './workspace';

/** The score functions: e = w_vᵀ tanh(q W_q + k W_k), e = q·k, e = q·k / √d. */
export type AttentionScore = 'additive' | 'dot' | 'scaled-dot';

/** Where the keys (= values) are and which of them are valid. */
export interface AttentionKeys {
  /** Address of the keys, rows of `keyDim` floats. */
  K: number;
  /** Address of K̃ = K W_k (additive only), rows of `numHiddens` floats in the same row order. */
  Kp: number;
  /** Rows in the key block (for the gradient GEMMs). */
  rows: number;
  /** Key j of batch row b is row b·strideB + j·strideJ. */
  strideB: number;
  strideJ: number;
  numKeys: number;
  /** Valid keys per batch row (≥ 1). */
  lens: Int32Array;
}

/** Options of {@link EngineAttention}. */
export interface EngineAttentionOptions {
  score: AttentionScore;
  /** Size of a query (the decoder state) and of a key (an encoder output); equal for dot products. */
  queryDim: number;
  keyDim: number;
  /** Hidden size of the additive score. */
  numHiddens: number;
  /** @default 0 */
  seed?: number;
  /** @default 'attention' */
  name?: string;
}

export class EngineAttention {
  readonly score: AttentionScore;
  readonly queryDim: number;
  readonly keyDim: number;
  readonly numHiddens: number;
  /** W_q [queryDim, numHiddens], W_k [keyDim, numHiddens], w_v [numHiddens] (additive only). */
  readonly W_q?: Parameter;
  readonly W_k?: Parameter;
  readonly w_v?: Parameter;
  /** The weights α [numQueries, numKeys] of the last forward (0 beyond a sentence's length). */
  alpha = new Float32Array(0);
  private F = new Float32Array(0);
  private readonly ws: Workspace;
  private last: { Q: number; ldq: number; N: number; qBatch: Int32Array; keys: AttentionKeys } | undefined;

  constructor(private readonly engine: Engine, o: EngineAttentionOptions) {
    this.score = o.score;
    this.queryDim = o.queryDim;
    this.keyDim = o.keyDim;
    this.numHiddens = o.numHiddens;
    if (o.score !== 'additive' && o.queryDim !== o.keyDim) throw new Error(`${o.score} attention needs queries and keys of one size, got ${o.queryDim} and ${o.keyDim}`);
    const name = o.name ?? 'attention';
    if (o.score === 'additive') {
      // As src/nn's initAdditiveAttention: Glorot-uniform W_q, W_k; w_v uniform in ±1/√numHiddens.
      const rng = engineRng(o.seed ?? 0);
      const h = o.numHiddens;
      this.W_q = new Parameter(engine, `${name}/W_q`, [o.queryDim, h], rng.uniformArray(o.queryDim * h, Math.sqrt(6 / (o.queryDim + h))));
      this.W_k = new Parameter(engine, `${name}/W_k`, [o.keyDim, h], rng.uniformArray(o.keyDim * h, Math.sqrt(6 / (o.keyDim + h))));
      this.w_v = new Parameter(engine, `${name}/w_v`, [h], rng.uniformArray(h, 1 / Math.sqrt(h)));
    }
    this.ws = new Workspace(engine);
  }

  get params(): Parameter[] {
    return this.W_q ? [this.W_q, this.W_k!, this.w_v!] : [];
  }

  /** K̃ = K W_k for `rows` keys at `K`, written at `Kp` (additive only). */
  projectKeys(K: number, rows: number, Kp: number): void {
    if (!this.W_k) return;
    this.engine.gemm('N', 'N', rows, this.numHiddens, this.keyDim, K, this.keyDim, this.W_k.value.ptr, this.numHiddens, Kp, this.numHiddens, 0);
  }

  /**
   * Context vectors for `N` queries (rows of `queryDim` floats at `Q`, row stride `ldq`), query n
   * belonging to batch row qBatch[n]; a_n is written at A + n·lda. Keeps what backward needs.
   */
  forward(Q: number, ldq: number, N: number, qBatch: Int32Array, keys: AttentionKeys, A: number, lda: number): void {
    const h = this.numHiddens, dk = this.keyDim, Tk = keys.numKeys;
    const Qp = this.score === 'additive' ? this.ws.get('Qp', N * h) : 0;
    if (this.score === 'additive') this.engine.gemm('N', 'N', N, h, this.queryDim, Q, ldq, this.W_q!.value.ptr, h, Qp, h, 0); // Q̃ = Q W_q
    if (this.alpha.length < N * Tk) this.alpha = new Float32Array(N * Tk);
    if (this.score === 'additive' && this.F.length < N * Tk * h) this.F = new Float32Array(N * Tk * h);
    const f = this.engine.mem.f32(), alpha = this.alpha, F = this.F;
    const scale = this.score === 'scaled-dot' ? 1 / Math.sqrt(dk) : 1;
    const wv = this.w_v ? this.w_v.value.ptr >> 2 : 0;
    const e = new Float64Array(Tk);
    for (let n = 0; n < N; n++) {
      const b = qBatch[n]!, len = keys.lens[b]!, an = n * Tk;
      const q = (Q >> 2) + n * ldq;
      for (let j = 0; j < len; j++) {
        const row = b * keys.strideB + j * keys.strideJ;
        let s = 0;
        if (this.score === 'additive') {
          const qp = (Qp >> 2) + n * h, kp = (keys.Kp >> 2) + row * h, fo = (an + j) * h;
          for (let m = 0; m < h; m++) {
            const x = Math.tanh(f[qp + m]! + f[kp + m]!); //  F_nj = tanh(Q̃_n + K̃_j)
            F[fo + m] = x;
            s += x * f[wv + m]!; //                          e_nj = F_nj · w_v
          }
        } else {
          const k = (keys.K >> 2) + row * dk;
          for (let m = 0; m < dk; m++) s += f[q + m]! * f[k + m]!;
          s *= scale; //                                      e_nj = q_n·k_j (/√d)
        }
        e[j] = s;
      }
      let mx = -Infinity;
      for (let j = 0; j < len; j++) mx = Math.max(mx, e[j]!);
      let z = 0;
      for (let j = 0; j < len; j++) { e[j] = Math.exp(e[j]! - mx); z += e[j]!; }
      const a = (A >> 2) + n * lda;
      for (let m = 0; m < dk; m++) f[a + m] = 0;
      for (let j = 0; j < Tk; j++) {
        const w = j < len ? e[j]! / z : 0; //                α_nj, 0 for padded keys
        alpha[an + j] = w;
        if (w === 0) continue;
        const k = (keys.K >> 2) + (b * keys.strideB + j * keys.strideJ) * dk;
        for (let m = 0; m < dk; m++) f[a + m]! += w * f[k + m]!; // a_n = Σ_j α_nj k_j
      }
    }
    this.last = { Q, ldq, N, qBatch, keys };
  }

  /**
   * Backward from dA (rows at dA + n·ldda): adds ∂L/∂q_n to dQ + n·lddq, adds ∂L/∂(key rows) to the
   * block at dK (same layout as the keys), accumulates the parameters' gradients. `dAlphaExtra`
   * [numQueries, numKeys]: a gradient that reaches the weights α directly (the copy loss of copy.ts),
   * added to the one through the context vectors.
   */
  backward(dA: number, ldda: number, dQ: number, lddq: number, dK: number, dAlphaExtra?: Float32Array): void {
    if (!this.last) throw new Error('attention: forward must run before backward');
    const { Q, ldq, N, qBatch, keys } = this.last;
    const h = this.numHiddens, dk = this.keyDim, Tk = keys.numKeys, additive = this.score === 'additive';
    const dQp = additive ? this.ws.get('dQp', N * h) : 0, dKp = additive ? this.ws.get('dKp', keys.rows * h) : 0;
    const f = this.engine.mem.f32(), alpha = this.alpha, F = this.F;
    if (additive) { f.fill(0, dQp >> 2, (dQp >> 2) + N * h); f.fill(0, dKp >> 2, (dKp >> 2) + keys.rows * h); }
    const scale = this.score === 'scaled-dot' ? 1 / Math.sqrt(dk) : 1;
    const wv = this.w_v ? this.w_v.value.ptr >> 2 : 0, dwv = this.w_v ? this.w_v.grad.ptr >> 2 : 0;
    const dAlpha = new Float64Array(Tk);
    for (let n = 0; n < N; n++) {
      const b = qBatch[n]!, len = keys.lens[b]!, an = n * Tk;
      const da = (dA >> 2) + n * ldda;
      // ∂L/∂α_nj = dA_n · k_j;   ∂L/∂k_j += α_nj dA_n   (values = keys)
      let dot = 0;
      for (let j = 0; j < len; j++) {
        const row = b * keys.strideB + j * keys.strideJ, k = (keys.K >> 2) + row * dk, dkr = (dK >> 2) + row * dk, w = alpha[an + j]!;
        let g = 0;
        for (let m = 0; m < dk; m++) { g += f[da + m]! * f[k + m]!; f[dkr + m]! += w * f[da + m]!; }
        if (dAlphaExtra) g += dAlphaExtra[an + j]!;
        dAlpha[j] = g;
        dot += w * g;
      }
      for (let j = 0; j < len; j++) {
        const dE = alpha[an + j]! * (dAlpha[j]! - dot); //       ∂L/∂e_nj = α_nj (∂L/∂α_nj − Σ_k α_nk ∂L/∂α_nk)
        if (dE === 0) continue;
        const row = b * keys.strideB + j * keys.strideJ;
        if (additive) {
          const fo = (an + j) * h, dqp = (dQp >> 2) + n * h, dkp = (dKp >> 2) + row * h;
          for (let m = 0; m < h; m++) {
            const x = F[fo + m]!;
            f[dwv + m]! += dE * x; //                              ∂L/∂w_v += dE F
            const dP = dE * f[wv + m]! * (1 - x * x); //          through tanh
            f[dqp + m]! += dP;
            f[dkp + m]! += dP;
          }
        } else {
          const q = (Q >> 2) + n * ldq, dq = (dQ >> 2) + n * lddq, k = (keys.K >> 2) + row * dk, dkr = (dK >> 2) + row * dk, g = dE * scale;
          for (let m = 0; m < dk; m++) { f[dq + m]! += g * f[k + m]!; f[dkr + m]! += g * f[q + m]!; }
        }
      }
    }
    if (additive) {
      const e = this.engine;
      e.gemm('T', 'N', this.queryDim, h, N, Q, ldq, dQp, h, this.W_q!.grad.ptr, h, 1); //        ∂L/∂W_q += Qᵀ dQ̃
      e.gemm('N', 'T', N, this.queryDim, h, dQp, h, this.W_q!.value.ptr, h, dQ, lddq, 1); //     ∂L/∂Q += dQ̃ W_qᵀ
      e.gemm('T', 'N', dk, h, keys.rows, keys.K, dk, dKp, h, this.W_k!.grad.ptr, h, 1); //      ∂L/∂W_k += Kᵀ dK̃
      e.gemm('N', 'T', keys.rows, dk, h, dKp, h, this.W_k!.value.ptr, h, dK, dk, 1); //         ∂L/∂K += dK̃ W_kᵀ
    }
  }

  dispose(): void {
    for (const p of this.params) p.dispose();
    this.ws.dispose();
  }
}
