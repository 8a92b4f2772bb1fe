// LSTM over a whole sequence for a range of batch rows, tfjs gate order i, f, c (written g here), o.
// Memory is time-major: step t of row b of a [T, B, X] array starts at ((t·B + b)·X)·4.
//
//   Z_t = X_t W_x + b + H_{t−1} W_h                       [B, 4H]  (X_t W_x + b precomputed in G)
//   I_t = σ(Z_i)  F_t = σ(Z_f)  G̃_t = tanh(Z_g)  O_t = σ(Z_o)        — 003_f5cb3aa67b402818.txt §3.2 长短期记忆网络（LSTM）, 004_8250845818d6b6eb.txt §3.3
//   C_t = F_t ⊙ C_{t−1} + I_t ⊙ G̃_t,   H_t = O_t ⊙ tanh(C_t)
//
// Variational dropout on the recurrent state (Gal & Ghahramani 2016), when a mask M_h [B, H] is given
// (one per sequence, the same at every step; entries 0 or 1/(1 − p)):
//
//   Z_t = X_t W_x + b + (H_{t−1} ⊙ M_h) W_h,     ∂L/∂H_{t−1} (through Z_t) = (dZ_t W_hᵀ) ⊙ M_h
import { gemmPacked } from './gemm';
import { addInto, mulInto } from './ops';
import { ld, one, sigmoidv, st, tanhv } from './math';

@inline
function cellForward(g: usize, cp: usize, c: usize, tc: usize, h: usize, H4: usize, w: i32): void {
  const i = sigmoidv(ld(g, w));
  const f = sigmoidv(ld(g + H4, w));
  const gg = tanhv(ld(g + 2 * H4, w));
  const o = sigmoidv(ld(g + 3 * H4, w));
  st(g, i, w);
  st(g + H4, f, w);
  st(g + 2 * H4, gg, w);
  st(g + 3 * H4, o, w);
  const cv = f32x4.add(f32x4.mul(f, ld(cp, w)), f32x4.mul(i, gg));
  const t = tanhv(cv);
  st(c, cv, w);
  st(tc, t, w);
  st(h, f32x4.mul(o, t), w);
}

/**
 * Forward over T steps for rows [r0, r0 + rc) of a batch of B.
 * G [T, B, 4H]: in, X_t W_x + b; out, the activations I, F, G̃, O (kept for the backward pass).
 * Whp: W_h [H, 4H] packed by packB. Hs, Cs [T+1, B, H]: slot 0 holds (H_0, C_0) on entry, slot t+1
 * receives (H_t, C_t). TCs [T, B, H] receives tanh(C_t). scratch: per-thread GEMM scratch.
 * Mh [B, H]: the recurrent dropout mask, 0 = none; then HMs [T, B, H] receives H_{t−1} ⊙ M_h (the
 * caller forms dW_h = Σ_t (H_{t−1} ⊙ M_h)ᵀ dZ_t from it).
 */
export function lstmForward(T: i32, B: i32, H: i32, r0: i32, rc: i32, G: usize, Whp: usize, Hs: usize, Cs: usize, TCs: usize, scratch: usize, Mh: usize, HMs: usize): void {
  const H4 = <usize>H << 2;
  for (let t = 0; t < T; t++) {
    const gt = G + (<usize>((t * B + r0) * 4 * H) << 2);
    const hp = Hs + (<usize>((t * B + r0) * H) << 2);
    const cp = Cs + (<usize>((t * B + r0) * H) << 2);
    const hn = hp + (<usize>(B * H) << 2);
    const cn = cp + (<usize>(B * H) << 2);
    const tc = TCs + (<usize>((t * B + r0) * H) << 2);
    let hIn = hp;
    if (Mh != 0) {
      hIn = HMs + (<usize>((t * B + r0) * H) << 2);
      mulInto(rc * H, hIn, hp, Mh + (<usize>(r0 * H) << 2)); // H_{t−1} ⊙ M_h
    }
    gemmPacked(rc, 4 * H, H, hIn, H, 1, Whp, gt, 4 * H, 1, scratch);
    for (let r = 0; r < rc; r++) {
      const g = gt + (<usize>(r * 4 * H) << 2), o = <usize>(r * H) << 2;
      let j = 0;
      for (; j + 4 <= H; j += 4) cellForward(g + (<usize>j << 2), cp + o + (<usize>j << 2), cn + o + (<usize>j << 2), tc + o + (<usize>j << 2), hn + o + (<usize>j << 2), H4, 4);
      for (; j < H; j++) cellForward(g + (<usize>j << 2), cp + o + (<usize>j << 2), cn + o + (<usize>j << 2), tc + o + (<usize>j << 2), hn + o + (<usize>j << 2), H4, 1);
    }
  }
}

@inline
function cellBackward(g: usize, cp: usize, tc: usize, dh: usize, dc: usize, H4: usize, w: i32): void {
  const i = ld(g, w), f = ld(g + H4, w), gg = ld(g + 2 * H4, w), o = ld(g + 3 * H4, w);
  const t = ld(tc, w), d = ld(dh, w);
  // dC_t = dC_t(from t+1) + dH_t ⊙ O_t ⊙ (1 − tanh²C_t)
  const dct = f32x4.add(ld(dc, w), f32x4.mul(f32x4.mul(d, o), f32x4.sub(one(), f32x4.mul(t, t))));
  st(dc, f32x4.mul(dct, f), w);
  const di = f32x4.mul(dct, gg), df = f32x4.mul(dct, ld(cp, w)), dg = f32x4.mul(dct, i), dO = f32x4.mul(d, t);
  st(g, f32x4.mul(di, f32x4.mul(i, f32x4.sub(one(), i))), w);
  st(g + H4, f32x4.mul(df, f32x4.mul(f, f32x4.sub(one(), f))), w);
  st(g + 2 * H4, f32x4.mul(dg, f32x4.sub(one(), f32x4.mul(gg, gg))), w);
  st(g + 3 * H4, f32x4.mul(dO, f32x4.mul(o, f32x4.sub(one(), o))), w);
}

/**
 * Backward over T steps for rows [r0, r0 + rc) (BPTT).
 * G: the activations from lstmForward; out, dZ_t [T, B, 4H] (the gradient of the pre-activations,
 * from which the caller forms dW_x, dW_h, db and dX as GEMMs over all steps).
 * WhTp: W_hᵀ [4H, H] packed. dHs [T, B, H]: gradient arriving at each H_t (0 = none).
 * dh, dc [B, H]: in, the gradient at the final (H_T, C_T); out, the gradient at (H_0, C_0).
 * Mh [B, H]: the recurrent dropout mask of the forward pass, 0 = none.
 */
export function lstmBackward(T: i32, B: i32, H: i32, r0: i32, rc: i32, G: usize, WhTp: usize, Cs: usize, TCs: usize, dHs: usize, dh: usize, dc: usize, scratch: usize, Mh: usize): void {
  const H4 = <usize>H << 2;
  const dhr = dh + (<usize>(r0 * H) << 2), dcr = dc + (<usize>(r0 * H) << 2);
  for (let t = T - 1; t >= 0; t--) {
    const gt = G + (<usize>((t * B + r0) * 4 * H) << 2);
    const cp = Cs + (<usize>((t * B + r0) * H) << 2);
    const tc = TCs + (<usize>((t * B + r0) * H) << 2);
    if (dHs != 0) addInto(rc * H, dhr, dHs + (<usize>((t * B + r0) * H) << 2)); // dH_t += ∂L/∂(output t)
    for (let r = 0; r < rc; r++) {
      const g = gt + (<usize>(r * 4 * H) << 2), o = <usize>(r * H) << 2;
      let j = 0;
      for (; j + 4 <= H; j += 4) cellBackward(g + (<usize>j << 2), cp + o + (<usize>j << 2), tc + o + (<usize>j << 2), dhr + o + (<usize>j << 2), dcr + o + (<usize>j << 2), H4, 4);
      for (; j < H; j++) cellBackward(g + (<usize>j << 2), cp + o + (<usize>j << 2), tc + o + (<usize>j << 2), dhr + o + (<usize>j << 2), dcr + o + (<usize>j << 2), H4, 1);
    }
    // dH_{t−1} = dZ_t W_hᵀ  (⊙ M_h with recurrent dropout)
    gemmPacked(rc, H, 4 * H, gt, 4 * H, 1, WhTp, dhr, H, 0, scratch);
    if (Mh != 0) mulInto(rc * H, dhr, dhr, Mh + (<usize>(r0 * H) << 2));
  }
}
