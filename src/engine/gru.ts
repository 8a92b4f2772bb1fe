/**
 * A GRU layer on the WebAssembly kernels, time-major inside, in tfjs's convention (001 §3.3 in the
 * standard form — see src/nn/gru.ts):
 *   Z_t = σ(X_t W_xz + H_{t-1} W_hz + b_z),  R_t = σ(X_t W_xr + H_{t-1} W_hr + b_r)
 *   H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t-1}) W_hh + b_h),  H_t = Z_t ⊙ H_{t-1} + (1 − Z_t) ⊙ H̃_t
 * The update and reset gates share one GEMM ([z | r] side by side); the candidate's recurrent product
 * needs R_t first, so it is a second GEMM per step. Input projections of all steps, and all weight
 * gradients, are single large GEMMs.
 */
import { Block, WasmKernels } from './kernels';
import { GemmEngine } from './gemm';
import { GRUParams } from '../nn/gru';
import { Tensor } from '../tensor/tensor';
import { concatCols, splitCols } from '../tensor/blocks';

interface GruKernels {
  gru_gates_forward(ZR: number, bzr: number, Hprev: number, RH: number, B: number, U: number): void;
  gru_candidate_forward(Hc: number, bh: number, ZR: number, Hprev: number, H: number, B: number, U: number): void;
  gru_backward_1(ZR: number, Hc: number, Hprev: number, dH: number, dZR: number, dAh: number, dHprev: number, B: number, U: number): void;
  gru_backward_2(ZR: number, Hprev: number, dRH: number, dZR: number, dHprev: number, B: number, U: number): void;
  sum_rows(dZ: number, db: number, rows: number, cols: number, accumulate: number): void;
  add_into(dst: number, src: number, n: number): void;
}

interface Cache { X: Block; ZR: Block; HC: Block; RH: Block; H: Block; T: number; B: number }

const F = 4; // bytes per float

export class EngineGRU {
  readonly Wzr: Block; readonly Wh: Block; readonly Uzr: Block; readonly Uh: Block; readonly bzr: Block; readonly bh: Block;
  readonly dWzr: Block; readonly dWh: Block; readonly dUzr: Block; readonly dUh: Block; readonly dbzr: Block; readonly dbh: Block;
  private cache?: Cache;
  private readonly k: WasmKernels;
  private readonly x: GruKernels;

  constructor(private readonly engine: GemmEngine, readonly numInputs: number, readonly numHiddens: number) {
    this.k = engine.kernels;
    this.x = engine.kernels.exports as unknown as GruKernels;
    const D = numInputs, u = numHiddens, a = (n: number): Block => this.k.alloc(n);
    [this.Wzr, this.Wh, this.Uzr, this.Uh, this.bzr, this.bh] = [a(D * 2 * u), a(D * u), a(u * 2 * u), a(u * u), a(2 * u), a(u)];
    [this.dWzr, this.dWh, this.dUzr, this.dUh, this.dbzr, this.dbh] = [a(D * 2 * u), a(D * u), a(u * 2 * u), a(u * u), a(2 * u), a(u)];
  }

  /** Copies src/nn GRU parameters in. */
  setParams(p: GRUParams): void {
    const v = (b: Block): Float32Array => this.k.view(b);
    v(this.Wzr).set(concatCols([p.W_xz, p.W_xr]).data);
    v(this.Wh).set(p.W_xh.data);
    v(this.Uzr).set(concatCols([p.W_hz, p.W_hr]).data);
    v(this.Uh).set(p.W_hh.data);
    v(this.bzr).set(concatCols([p.b_z, p.b_r]).data);
    v(this.bh).set(p.b_h.data);
  }

  /** The accumulated gradients under src/nn's names. */
  gradsAsParams(): GRUParams {
    const D = this.numInputs, u = this.numHiddens;
    const t = (b: Block, shape: number[]): Tensor => new Tensor(shape, Float32Array.from(this.k.view(b)));
    const [W_xz, W_xr] = splitCols(t(this.dWzr, [D, 2 * u]), 2) as [Tensor, Tensor];
    const [W_hz, W_hr] = splitCols(t(this.dUzr, [u, 2 * u]), 2) as [Tensor, Tensor];
    const [b_z, b_r] = splitCols(t(this.dbzr, [2 * u]), 2) as [Tensor, Tensor];
    return { W_xz, W_hz, b_z, W_xr, W_hr, b_r, W_xh: t(this.dWh, [D, u]), W_hh: t(this.dUh, [u, u]), b_h: t(this.dbh, [u]) };
  }

  /** The layer's parameters with their gradient blocks (for an optimizer). */
  paramBlocks(): { name: string; value: Block; grad: Block }[] {
    return [{ name: 'Wzr', value: this.Wzr, grad: this.dWzr }, { name: 'Wh', value: this.Wh, grad: this.dWh }, { name: 'Uzr', value: this.Uzr, grad: this.dUzr }, { name: 'Uh', value: this.Uh, grad: this.dUh }, { name: 'bzr', value: this.bzr, grad: this.dbzr }, { name: 'bh', value: this.bh, grad: this.dbh }];
  }

  /** Sets every gradient to zero. */
  zeroGrads(): void {
    for (const g of [this.dWzr, this.dWh, this.dUzr, this.dUh, this.dbzr, this.dbh]) this.k.view(g).fill(0);
  }

  /** Runs over X (time-major [T, B, numInputs]) from H0 (zeros when omitted); H is [T+1, B, u] with H[0] = H0. */
  forward(X: Block, T: number, B: number, H0?: Block): { H: Block } {
    const D = this.numInputs, u = this.numHiddens, e = this.engine;
    if (X.length < T * B * D) throw new Error(`EngineGRU.forward: X has ${X.length} floats, needs [T=${T}, B=${B}, ${D}]`);
    const ZR = this.k.alloc(T * B * 2 * u), HC = this.k.alloc(T * B * u), RH = this.k.alloc(T * B * u), H = this.k.alloc((T + 1) * B * u);
    const hv = this.k.view(H);
    hv.fill(0, 0, B * u);
    if (H0) hv.set(this.k.view(H0).subarray(0, B * u));
    e.gemm('nn', X, this.Wzr, ZR, T * B, 2 * u, D); // X W_zr, all steps
    e.gemm('nn', X, this.Wh, HC, T * B, u, D); //      X W_h, all steps
    for (let t = 0; t < T; t++) {
      const Hprev = { ptr: H.ptr + t * B * u * F, length: B * u };
      const ZRt = { ptr: ZR.ptr + t * B * 2 * u * F, length: B * 2 * u };
      const RHt = { ptr: RH.ptr + t * B * u * F, length: B * u };
      const HCt = { ptr: HC.ptr + t * B * u * F, length: B * u };
      e.gemm('nn', Hprev, this.Uzr, ZRt, B, 2 * u, u, true); //  + H_{t-1} U_zr
      this.x.gru_gates_forward(ZRt.ptr, this.bzr.ptr, Hprev.ptr, RHt.ptr, B, u);
      e.gemm('nn', RHt, this.Uh, HCt, B, u, u, true); //          + (R ⊙ H_{t-1}) U_h
      this.x.gru_candidate_forward(HCt.ptr, this.bh.ptr, ZRt.ptr, Hprev.ptr, H.ptr + (t + 1) * B * u * F, B, u);
    }
    this.cache = { X, ZR, HC, RH, H, T, B };
    return { H };
  }

  /** Backward from dH (time-major [T, B, u], or null) and ∂E/∂H_T; accumulates the gradients; returns dX and dH0. */
  backward(dH: Block | null, dHT?: Block): { dX: Block; dH0: Block } {
    const c = this.cache;
    if (!c) throw new Error('EngineGRU.backward: call forward first');
    const { T, B } = c;
    const D = this.numInputs, u = this.numHiddens, e = this.engine, k = this.k;
    const dZR = k.alloc(T * B * 2 * u), dAh = k.alloc(T * B * u);
    const UzrT = k.alloc(2 * u * u), UhT = k.alloc(u * u);
    k.exports.transpose(this.Uzr.ptr, UzrT.ptr, u, 2 * u);
    k.exports.transpose(this.Uh.ptr, UhT.ptr, u, u);
    const dHcur = k.alloc(B * u), dHnext = k.alloc(B * u), dRH = k.alloc(B * u);
    k.view(dHnext).fill(0);
    if (dHT) k.view(dHnext).set(k.view(dHT).subarray(0, B * u));
    for (let t = T - 1; t >= 0; t--) {
      k.view(dHcur).set(k.view(dHnext));
      if (dH) this.x.add_into(dHcur.ptr, dH.ptr + t * B * u * F, B * u);
      const Hprev = c.H.ptr + t * B * u * F;
      const ZRt = c.ZR.ptr + t * B * 2 * u * F, HCt = c.HC.ptr + t * B * u * F;
      const dZRt = { ptr: dZR.ptr + t * B * 2 * u * F, length: B * 2 * u };
      const dAht = { ptr: dAh.ptr + t * B * u * F, length: B * u };
      this.x.gru_backward_1(ZRt, HCt, Hprev, dHcur.ptr, dZRt.ptr, dAht.ptr, dHnext.ptr, B, u);
      e.gemm('nn', dAht, UhT, dRH, B, u, u); //                      d(R ⊙ H_{t-1}) = dA_h U_hᵀ
      this.x.gru_backward_2(ZRt, Hprev, dRH.ptr, dZRt.ptr, dHnext.ptr, B, u);
      e.gemm('nn', dZRt, UzrT, dHnext, B, u, 2 * u, true); //        dH_{t-1} += dA_zr U_zrᵀ
    }
    const Hprev = { ptr: c.H.ptr, length: T * B * u };
    e.gemm('tn', c.X, dZR, this.dWzr, D, 2 * u, T * B, true);
    e.gemm('tn', c.X, dAh, this.dWh, D, u, T * B, true);
    e.gemm('tn', Hprev, dZR, this.dUzr, u, 2 * u, T * B, true);
    e.gemm('tn', c.RH, dAh, this.dUh, u, u, T * B, true);
    this.x.sum_rows(dZR.ptr, this.dbzr.ptr, T * B, 2 * u, 1);
    this.x.sum_rows(dAh.ptr, this.dbh.ptr, T * B, u, 1);
    const dX = k.alloc(T * B * D);
    e.gemm('nt', dZR, this.Wzr, dX, T * B, D, 2 * u);
    e.gemm('nt', dAh, this.Wh, dX, T * B, D, u, true);
    return { dX, dH0: dHnext };
  }
}
