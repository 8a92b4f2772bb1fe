// GRU over a whole sequence for a range of batch rows, tfjs convention (gate order z, r, h; the reset
// gate applied before the recurrent product; h = z ⊙ h₋₁ + (1 − z) ⊙ h̃). Time-major memory as in lstm.ts.
//
//   Z_t = σ(X_t W_xz + H_{t−1} W_hz + b_z)      update gate
//   R_t = σ(X_t W_xr + H_{t−1} W_hr + b_r)      reset gate
//   H̃_t = tanh(X_t W_xh + (R_t ⊙ H_{t−1}) W_hh + b_h)
//   H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t
// 001_e4239c5915e321c6.txt §3.3 门控递归神经网络 writes the GRU with z's roles swapped (h = (1−z)h₋₁ +
// z·h̃, an equivalent relabelling) but also adds x_t inside W_hh(r ⊙ h₋₁ + x_t), which is not the GRU of
// Cho et al.: the input gets its own matrix W_xh, as above.
import { gemmPacked } from './gemm';
import { addInto } from './ops';
import { ld, one, sigmoidv, st, tanhv } from './math';

@inline
function gatesZR(g: usize, hp: usize, rh: usize, H4: usize, w: i32): void {
  const z = sigmoidv(ld(g, w)), r = sigmoidv(ld(g + H4, w));
  st(g, z, w);
  st(g + H4, r, w);
  st(rh, f32x4.mul(r, ld(hp, w)), w);
}

@inline
function candidate(g: usize, hp: usize, h: usize, H4: usize, w: i32): void {
  const z = ld(g, w), ht = tanhv(ld(g + 2 * H4, w));
  st(g + 2 * H4, ht, w);
  const p = ld(hp, w);
  st(h, f32x4.add(ht, f32x4.mul(z, f32x4.sub(p, ht))), w);
}

/**
 * Forward over T steps for rows [r0, r0 + rc).
 * G [T, B, 3H]: in, X_t W_x + b; out, the activations Z, R, H̃. Wzr: W_h[:, 0:2H] packed (K = H,
 * N = 2H); Whh: W_h[:, 2H:3H] packed (K = N = H). Hs [T+1, B, H]: slot 0 holds H_0, slot t+1 receives
 * H_t. RHs [T, B, H] receives R_t ⊙ H_{t−1} (for dW_hh).
 */
export function gruForward(T: i32, B: i32, H: i32, r0: i32, rc: i32, G: usize, Wzr: usize, Whh: usize, Hs: usize, RHs: usize, scratch: usize): void {
  const H4 = <usize>H << 2;
  for (let t = 0; t < T; t++) {
    const gt = G + (<usize>((t * B + r0) * 3 * H) << 2);
    const hp = Hs + (<usize>((t * B + r0) * H) << 2);
    const hn = hp + (<usize>(B * H) << 2);
    const rh = RHs + (<usize>((t * B + r0) * H) << 2);
    gemmPacked(rc, 2 * H, H, hp, H, 1, Wzr, gt, 3 * H, 1, scratch);
    for (let r = 0; r < rc; r++) {
      const g = gt + (<usize>(r * 3 * H) << 2), o = <usize>(r * H) << 2;
      let j = 0;
      for (; j + 4 <= H; j += 4) gatesZR(g + (<usize>j << 2), hp + o + (<usize>j << 2), rh + o + (<usize>j << 2), H4, 4);
      for (; j < H; j++) gatesZR(g + (<usize>j << 2), hp + o + (<usize>j << 2), rh + o + (<usize>j << 2), H4, 1);
    }
    gemmPacked(rc, H, H, rh, H, 1, Whh, gt + 2 * H4, 3 * H, 1, scratch);
    for (let r = 0; r < rc; r++) {
      const g = gt + (<usize>(r * 3 * H) << 2), o = <usize>(r * H) << 2;
      let j = 0;
      for (; j + 4 <= H; j += 4) candidate(g + (<usize>j << 2), hp + o + (<usize>j << 2), hn + o + (<usize>j << 2), H4, 4);
      for (; j < H; j++) candidate(g + (<usize>j << 2), hp + o + (<usize>j << 2), hn + o + (<usize>j << 2), H4, 1);
    }
  }
}

/** First half of a step's backward: dZ_z, dZ_h into G; dh ← dh ⊙ z (the direct path to H_{t−1}). */
@inline
function backZH(g: usize, hp: usize, dh: usize, H4: usize, w: i32): void {
  const z = ld(g, w), ht = ld(g + 2 * H4, w), d = ld(dh, w);
  const dz = f32x4.mul(d, f32x4.sub(ld(hp, w), ht));
  const dht = f32x4.mul(d, f32x4.sub(one(), z));
  st(g, f32x4.mul(dz, f32x4.mul(z, f32x4.sub(one(), z))), w);
  st(g + 2 * H4, f32x4.mul(dht, f32x4.sub(one(), f32x4.mul(ht, ht))), w);
  st(dh, f32x4.mul(d, z), w);
}

/** Second half: with d(R ⊙ H_{t−1}) in drh, dZ_r into G and dh += drh ⊙ r. */
@inline
function backR(g: usize, hp: usize, drh: usize, dh: usize, H4: usize, w: i32): void {
  const r = ld(g + H4, w), d = ld(drh, w);
  st(g + H4, f32x4.mul(f32x4.mul(d, ld(hp, w)), f32x4.mul(r, f32x4.sub(one(), r))), w);
  st(dh, f32x4.add(ld(dh, w), f32x4.mul(d, r)), w);
}

/**
 * Backward over T steps for rows [r0, r0 + rc). G: activations in, dZ [T, B, 3H] out.
 * WzrT: W_h[:, 0:2H]ᵀ packed (K = 2H, N = H); WhhT: W_h[:, 2H:]ᵀ packed (K = N = H).
 * dHs [T, B, H] (0 = none); dh [B, H]: in, gradient at H_T; out, at H_0. drh: [B, H] work space.
 */
export function gruBackward(T: i32, B: i32, H: i32, r0: i32, rc: i32, G: usize, WzrT: usize, WhhT: usize, Hs: usize, dHs: usize, dh: usize, drh: usize, scratch: usize): void {
  const H4 = <usize>H << 2;
  const dhr = dh + (<usize>(r0 * H) << 2), drhr = drh + (<usize>(r0 * H) << 2);
  for (let t = T - 1; t >= 0; t--) {
    const gt = G + (<usize>((t * B + r0) * 3 * H) << 2);
    const hp = Hs + (<usize>((t * B + r0) * H) << 2);
    if (dHs != 0) addInto(rc * H, dhr, dHs + (<usize>((t * B + r0) * H) << 2)); // dH_t += ∂L/∂(output t)
    for (let r = 0; r < rc; r++) {
      const g = gt + (<usize>(r * 3 * H) << 2), o = <usize>(r * H) << 2;
      let j = 0;
      for (; j + 4 <= H; j += 4) backZH(g + (<usize>j << 2), hp + o + (<usize>j << 2), dhr + o + (<usize>j << 2), H4, 4);
      for (; j < H; j++) backZH(g + (<usize>j << 2), hp + o + (<usize>j << 2), dhr + o + (<usize>j << 2), H4, 1);
    }
    // d(R ⊙ H_{t−1}) = dZ_h W_hhᵀ
    gemmPacked(rc, H, H, gt + 2 * H4, 3 * H, 1, WhhT, drhr, H, 0, scratch);
    for (let r = 0; r < rc; r++) {
      const g = gt + (<usize>(r * 3 * H) << 2), o = <usize>(r * H) << 2;
      let j = 0;
      for (; j + 4 <= H; j += 4) backR(g + (<usize>j << 2), hp + o + (<usize>j << 2), drhr + o + (<usize>j << 2), dhr + o + (<usize>j << 2), H4, 4);
      for (; j < H; j++) backR(g + (<usize>j << 2), hp + o + (<usize>j << 2), drhr + o + (<usize>j << 2), dhr + o + (<usize>j << 2), H4, 1);
    }
    // dH_{t−1} += [dZ_z, dZ_r] [W_hz, W_hr]ᵀ
    gemmPacked(rc, H, 2 * H, gt, 3 * H, 1, WzrT, dhr, H, 1, scratch);
  }
}
