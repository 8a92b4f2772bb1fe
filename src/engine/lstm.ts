/**
 * An LSTM layer on the WebAssembly kernels, time-major inside ([numSteps, batchSize, ·], so each step
 * is one contiguous block). Weights in tfjs's layout — kernel W [numInputs, 4u], recurrentKernel
 * U [u, 4u], bias b [4u], gates i, f, c, o — so they map 1:1 to `tf.layers.lstm` and to src/nn's LSTM.
 *
 * Forward: the input projection of all steps is one GEMM, Z = X W  ([T·B, 4u]); then per step
 * Z_t += H_{t-1} U and one fused kernel applies the bias and the gate equations (003 §3.2).
 * Backward: per step the fused kernel gives dZ_t and dH_{t-1} = dZ_t Uᵀ; the weight gradients are
 * then three large GEMMs over all steps at once: dW = Xᵀ dZ, dU = H_{prev}ᵀ dZ, dX = dZ Wᵀ.
 */
import { Block, WasmKernels } from './kernels';
import { GemmEngine } from './gemm';
import { LSTMParams } from '../nn/lstm';
import { Tensor } from '../tensor/tensor';
import { concatCols, splitCols } from '../tensor/blocks';

const ORDER = ['i', 'f', 'c', 'o'] as const;

/** The exports lstm.ts adds to kernels.wasm. */
interface LstmKernels {
  lstm_step_forward(Z: number, bias: number, Cprev: number, C: number, H: number, B: number, U: number): void;
  lstm_step_backward(G: number, Cprev: number, C: number, dH: number, dC: number, dZ: number, B: number, U: number): void;
  sum_rows(dZ: number, db: number, rows: number, cols: number, accumulate: number): void;
  add_into(dst: number, src: number, n: number): void;
}

/** What forward keeps for backward. */
interface Cache { X: Block; Z: Block; C: Block; H: Block; T: number; B: number }

export class EngineLSTM {
  readonly W: Block; readonly U: Block; readonly b: Block;
  readonly dW: Block; readonly dU: Block; readonly db: Block;
  private cache?: Cache;
  private readonly k: WasmKernels;
  private readonly x: LstmKernels;

  constructor(private readonly engine: GemmEngine, readonly numInputs: number, readonly numHiddens: number) {
    this.k = engine.kernels;
    this.x = engine.kernels.exports as unknown as LstmKernels;
    const u = numHiddens;
    this.W = this.k.alloc(numInputs * 4 * u); this.U = this.k.alloc(u * 4 * u); this.b = this.k.alloc(4 * u);
    this.dW = this.k.alloc(numInputs * 4 * u); this.dU = this.k.alloc(u * 4 * u); this.db = this.k.alloc(4 * u);
  }

  /** Copies src/nn LSTM parameters in (gate blocks concatenated in the order i, f, c, o). */
  setParams(p: LSTMParams): void {
    this.k.view(this.W).set(concatCols(ORDER.map((g) => p[`W_x${g}`]!)).data);
    this.k.view(this.U).set(concatCols(ORDER.map((g) => p[`W_h${g}`]!)).data);
    this.k.view(this.b).set(concatCols(ORDER.map((g) => p[`b_${g}`]!)).data);
  }

  /** A block's floats split back into src/nn's per-gate names. */
  gradsAsParams(): LSTMParams {
    const u = this.numHiddens;
    const split = (blk: Block, rows: number | null): Tensor[] =>
      splitCols(new Tensor(rows === null ? [4 * u] : [rows, 4 * u], Float32Array.from(this.k.view(blk))), 4);
    const [W, U, b] = [split(this.dW, this.numInputs), split(this.dU, u), split(this.db, null)];
    const p = {} as LSTMParams;
    ORDER.forEach((g, i) => { p[`W_x${g}`] = W[i]!; p[`W_h${g}`] = U[i]!; p[`b_${g}`] = b[i]!; });
    return p;
  }

  /**
   * Runs over X (time-major [T, B, numInputs]) from H0, C0 (zeros when omitted). Returns blocks of all
   * hidden states H [T+1, B, u] (H[0] = H0) and cells C [T+1, B, u]; they live until the arena is released.
   */
  forward(X: Block, T: number, B: number, H0?: Block, C0?: Block): { H: Block; C: Block } {
    const u = this.numHiddens, G = 4 * u;
    if (X.length < T * B * this.numInputs) throw new Error(`EngineLSTM.forward: X has ${X.length} floats, needs [T=${T}, B=${B}, ${this.numInputs}]`);
    const Z = this.k.alloc(T * B * G); //      [T·B, 4u]
    const H = this.k.alloc((T + 1) * B * u); // [T+1, B, u]
    const C = this.k.alloc((T + 1) * B * u);
    const hv = this.k.view(H), cv = this.k.view(C);
    hv.fill(0, 0, B * u); cv.fill(0, 0, B * u);
    if (H0) hv.set(this.k.view(H0).subarray(0, B * u));
    if (C0) cv.set(this.k.view(C0).subarray(0, B * u));
    this.engine.gemm('nn', X, this.W, Z, T * B, G, this.numInputs); // Z = X W for all steps
    const f = 4;
    for (let t = 0; t < T; t++) {
      const Zt = { ptr: Z.ptr + t * B * G * f, length: B * G };
      const Hprev = { ptr: H.ptr + t * B * u * f, length: B * u };
      this.engine.gemm('nn', Hprev, this.U, Zt, B, G, u, true); // Z_t += H_{t-1} U
      this.x.lstm_step_forward(Zt.ptr, this.b.ptr, C.ptr + t * B * u * f, C.ptr + (t + 1) * B * u * f, H.ptr + (t + 1) * B * u * f, B, u);
    }
    this.cache = { X, Z, C, H, T, B };
    return { H, C };
  }

  /**
   * Backward from dH (∂E/∂H_t for t = 1…T, time-major [T, B, u], or null) and ∂E/∂H_T, ∂E/∂C_T (or null).
   * Accumulates dW, dU, db (call zeroGrads between steps); returns dX [T, B, numInputs], dH0, dC0.
   */
  backward(dH: Block | null, dHT?: Block, dCT?: Block): { dX: Block; dH0: Block; dC0: Block } {
    const c = this.cache;
    if (!c) throw new Error('EngineLSTM.backward: call forward first');
    const { T, B } = c;
    const u = this.numHiddens, G = 4 * u, f = 4;
    const dZ = this.k.alloc(T * B * G);
    const dHcur = this.k.alloc(B * u), dC = this.k.alloc(B * u), dHnext = this.k.alloc(B * u);
    const Ut = this.k.alloc(G * u);
    this.k.exports.transpose(this.U.ptr, Ut.ptr, u, G); // Uᵀ [4u, u], once per backward
    const nv = this.k.view(dHnext), cv = this.k.view(dC);
    nv.fill(0); cv.fill(0);
    if (dHT) nv.set(this.k.view(dHT).subarray(0, B * u));
    if (dCT) cv.set(this.k.view(dCT).subarray(0, B * u));
    for (let t = T - 1; t >= 0; t--) {
      const cur = this.k.view(dHcur);
      cur.set(this.k.view(dHnext));
      if (dH) this.x.add_into(dHcur.ptr, dH.ptr + t * B * u * f, B * u); // total ∂E/∂H_t
      const dZt = { ptr: dZ.ptr + t * B * G * f, length: B * G };
      this.x.lstm_step_backward(c.Z.ptr + t * B * G * f, c.C.ptr + t * B * u * f, c.C.ptr + (t + 1) * B * u * f, dHcur.ptr, dC.ptr, dZt.ptr, B, u);
      this.engine.gemm('nn', dZt, Ut, dHnext, B, u, G); // ∂E/∂H_{t-1} = dZ_t Uᵀ
    }
    const Hprev = { ptr: c.H.ptr, length: T * B * u }; // H_0 … H_{T-1}
    this.engine.gemm('tn', c.X, dZ, this.dW, this.numInputs, G, T * B, true); // dW += Xᵀ dZ
    this.engine.gemm('tn', Hprev, dZ, this.dU, u, G, T * B, true); //          dU += H_prevᵀ dZ
    this.x.sum_rows(dZ.ptr, this.db.ptr, T * B, G, 1); //                     db += Σ dZ
    const dX = this.k.alloc(T * B * this.numInputs);
    this.engine.gemm('nt', dZ, this.W, dX, T * B, this.numInputs, G); //       dX = dZ Wᵀ
    return { dX, dH0: dHnext, dC0: dC };
  }

  /** The layer's parameters with their gradient blocks (for an optimizer). */
  paramBlocks(): { name: string; value: Block; grad: Block }[] {
    return [{ name: 'W', value: this.W, grad: this.dW }, { name: 'U', value: this.U, grad: this.dU }, { name: 'b', value: this.b, grad: this.db }];
  }

  /** Sets dW, dU, db to zero. */
  zeroGrads(): void {
    for (const g of [this.dW, this.dU, this.db]) this.k.view(g).fill(0);
  }
}
