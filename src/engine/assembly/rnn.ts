// Plain (Elman) RNN with tanh over a whole sequence for a range of batch rows; tfjs SimpleRNN layout.
//
//   H_t = tanh(X_t W_xh + H_{t−1} W_hh + b_h)          — 003_f5cb3aa67b402818.txt §3.1 循环神经网络（RNN）
import { gemmPacked } from './gemm';
import { ld, one, st, tanhv } from './math';

/**
 * Forward over T steps for rows [r0, r0 + rc). G [T, B, H]: X_t W_xh + b_h (overwritten).
 * Whp: W_hh packed. Hs [T+1, B, H]: slot 0 holds H_0, slot t+1 receives H_t.
 */
export function rnnForward(T: i32, B: i32, H: i32, r0: i32, rc: i32, G: usize, Whp: usize, Hs: usize, scratch: usize): void {
  for (let t = 0; t < T; t++) {
    const gt = G + (<usize>((t * B + r0) * H) << 2);
    const hp = Hs + (<usize>((t * B + r0) * H) << 2);
    const hn = hp + (<usize>(B * H) << 2);
    gemmPacked(rc, H, H, hp, H, 1, Whp, gt, H, 1, scratch);
    const n = rc * H;
    let j = 0;
    for (; j + 4 <= n; j += 4) st(hn + (<usize>j << 2), tanhv(ld(gt + (<usize>j << 2), 4)), 4);
    for (; j < n; j++) st(hn + (<usize>j << 2), tanhv(ld(gt + (<usize>j << 2), 1)), 1);
  }
}

/**
 * Backward over T steps for rows [r0, r0 + rc). G out: dZ_t [T, B, H]. WhTp: W_hhᵀ packed.
 * dHs [T, B, H] (0 = none); dh [B, H]: in, gradient at H_T; out, at H_0.
 */
export function rnnBackward(T: i32, B: i32, H: i32, r0: i32, rc: i32, G: usize, WhTp: usize, Hs: usize, dHs: usize, dh: usize, scratch: usize): void {
  const dhr = dh + (<usize>(r0 * H) << 2);
  const n = rc * H;
  for (let t = T - 1; t >= 0; t--) {
    const gt = G + (<usize>((t * B + r0) * H) << 2);
    const h = Hs + (<usize>(((t + 1) * B + r0) * H) << 2);
    const up = dHs + (<usize>((t * B + r0) * H) << 2);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      let d = v128.load(dhr + (<usize>j << 2));
      if (dHs != 0) d = f32x4.add(d, v128.load(up + (<usize>j << 2)));
      const hv = v128.load(h + (<usize>j << 2));
      v128.store(gt + (<usize>j << 2), f32x4.mul(d, f32x4.sub(one(), f32x4.mul(hv, hv))));
    }
    for (; j < n; j++) {
      let d = load<f32>(dhr + (<usize>j << 2));
      if (dHs != 0) d += load<f32>(up + (<usize>j << 2));
      const hv = load<f32>(h + (<usize>j << 2));
      store<f32>(gt + (<usize>j << 2), d * (1 - hv * hv));
    }
    gemmPacked(rc, H, H, gt, H, 1, WhTp, dhr, H, 0, scratch);
  }
}
