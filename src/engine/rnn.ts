/**
 * The plain (Elman) RNN on the WebAssembly kernels, time-major inside (002 §1.3.2, 004 §3.1):
 *   H_t = tanh(X_t W_xh + H_{t-1} W_hh + b_h)
 * Forward: one GEMM for the input projection of all steps, then per step a GEMM and a fused tanh.
 * Backward (004 §3.2): per step dA_t = ∂E/∂H_t ⊙ (1 − H_t²) and ∂E/∂H_{t-1} = dA_t W_hhᵀ; the weight
 * gradients are single GEMMs over all steps.
 */
import { Block, WasmKernels } from './kernels';
import { GemmEngine } from './gemm';
import { Tensor } from '../tensor/tensor';

interface RnnKernels {
  rnn_step_forward(A: number, bias: number, H: number, B: number, U: number): void;
  rnn_step_backward(H: number, dH: number, dA: number, n: number): void;
  sum_rows(dZ: number, db: number, rows: number, cols: number, accumulate: number): void;
  add_into(dst: number, src: number, n: number): void;
}

const F = 4;

/** The recurrent part of src/nn's RNN parameters (its output layer W_hy, b_y is separate). */
export interface RecurrentParams { W_xh: Tensor; W_hh: Tensor; b_h: Tensor }

export class EngineRNN {
  readonly W: Block; readonly U: Block; readonly b: Block;
  readonly dW: Block; readonly dU: Block; readonly db: Block;
  private cache?: { X: Block; H: Block; T: number; B: number };
  private readonly k: WasmKernels;
  private readonly x: RnnKernels;

  constructor(private readonly engine: GemmEngine, readonly numInputs: number, readonly numHiddens: number) {
    this.k = engine.kernels;
    this.x = engine.kernels.exports as unknown as RnnKernels;
    const D = numInputs, u = numHiddens, a = (n: number): Block => this.k.alloc(n);
    [this.W, this.U, this.b, this.dW, this.dU, this.db] = [a(D * u), a(u * u), a(u), a(D * u), a(u * u), a(u)];
  }

  setParams(p: RecurrentParams): void {
    this.k.view(this.W).set(p.W_xh.data);
    this.k.view(this.U).set(p.W_hh.data);
    this.k.view(this.b).set(p.b_h.data);
  }

  gradsAsParams(): RecurrentParams {
    const t = (b: Block, shape: number[]): Tensor => new Tensor(shape, Float32Array.from(this.k.view(b)));
    return { W_xh: t(this.dW, [this.numInputs, this.numHiddens]), W_hh: t(this.dU, [this.numHiddens, this.numHiddens]), b_h: t(this.db, [this.numHiddens]) };
  }

  /** The layer's parameters with their gradient blocks (for an optimizer). */
  paramBlocks(): { name: string; value: Block; grad: Block }[] {
    return [{ name: 'W', value: this.W, grad: this.dW }, { name: 'U', value: this.U, grad: this.dU }, { name: 'b', value: this.b, grad: this.db }];
  }

  zeroGrads(): void {
    for (const g of [this.dW, this.dU, this.db]) this.k.view(g).fill(0);
  }

  /** Runs over X (time-major [T, B, numInputs]) from H0; H is [T+1, B, u] with H[0] = H0. */
  forward(X: Block, T: number, B: number, H0?: Block): { H: Block } {
    const D = this.numInputs, u = this.numHiddens;
    if (X.length < T * B * D) throw new Error(`EngineRNN.forward: X has ${X.length} floats, needs [T=${T}, B=${B}, ${D}]`);
    const A = this.k.alloc(T * B * u), H = this.k.alloc((T + 1) * B * u);
    const hv = this.k.view(H);
    hv.fill(0, 0, B * u);
    if (H0) hv.set(this.k.view(H0).subarray(0, B * u));
    this.engine.gemm('nn', X, this.W, A, T * B, u, D); // X W for all steps
    for (let t = 0; t < T; t++) {
      const At = { ptr: A.ptr + t * B * u * F, length: B * u };
      this.engine.gemm('nn', { ptr: H.ptr + t * B * u * F, length: B * u }, this.U, At, B, u, u, true); // + H_{t-1} U
      this.x.rnn_step_forward(At.ptr, this.b.ptr, H.ptr + (t + 1) * B * u * F, B, u);
    }
    this.cache = { X, H, T, B };
    return { H };
  }

  /** Backward from dH (time-major [T, B, u], or null) and ∂E/∂H_T; accumulates gradients; returns dX, dH0. */
  backward(dH: Block | null, dHT?: Block): { dX: Block; dH0: Block } {
    const c = this.cache;
    if (!c) throw new Error('EngineRNN.backward: call forward first');
    const { T, B } = c;
    const D = this.numInputs, u = this.numHiddens, k = this.k;
    const dA = k.alloc(T * B * u), dHcur = k.alloc(B * u), dHnext = k.alloc(B * u), Ut = k.alloc(u * u);
    k.exports.transpose(this.U.ptr, Ut.ptr, u, u);
    k.view(dHnext).fill(0);
    if (dHT) k.view(dHnext).set(k.view(dHT).subarray(0, B * u));
    for (let t = T - 1; t >= 0; t--) {
      k.view(dHcur).set(k.view(dHnext));
      if (dH) this.x.add_into(dHcur.ptr, dH.ptr + t * B * u * F, B * u);
      const dAt = { ptr: dA.ptr + t * B * u * F, length: B * u };
      this.x.rnn_step_backward(c.H.ptr + (t + 1) * B * u * F, dHcur.ptr, dAt.ptr, B * u);
      this.engine.gemm('nn', dAt, Ut, dHnext, B, u, u); // ∂E/∂H_{t-1} = dA_t W_hhᵀ
    }
    this.engine.gemm('tn', c.X, dA, this.dW, D, u, T * B, true);
    this.engine.gemm('tn', { ptr: c.H.ptr, length: T * B * u }, dA, this.dU, u, u, T * B, true);
    this.x.sum_rows(dA.ptr, this.db.ptr, T * B, u, 1);
    const dX = k.alloc(T * B * D);
    this.engine.gemm('nt', dA, this.W, dX, T * B, D, u);
    return { dX, dH0: dHnext };
  }
}
