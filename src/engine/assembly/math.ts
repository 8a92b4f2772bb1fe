// Vector (f32x4) elementary functions for the gate nonlinearities. WebAssembly has no exp, so exp is
// computed the Cephes way: e^x = 2^n · e^r with n = round(x·log₂e) and |r| ≤ ½·ln 2, e^r by a degree-7
// polynomial (relative error ≈ 2e-7, about one float32 ulp). tanh uses an odd polynomial near zero,
// where 1 − 2/(e^{2x} + 1) would lose relative precision.

@inline const LOG2E: f32 = 1.44269504088896341;

/** e^x for each lane, x clamped to [−87.3, 88.3] (the normal float32 range of the result). */
@inline
export function expv(x: v128): v128 {
  x = f32x4.min(f32x4.max(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const fx = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(0.5)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, x), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), x), f32x4.splat(1));
  const n = i32x4.trunc_sat_f32x4_s(fx);
  const pow2n = i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

/** σ(x) = 1 / (1 + e^{−x}) for each lane. */
@inline
export function sigmoidv(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expv(f32x4.neg(x))));
}

/** tanh(x) for each lane. */
@inline
export function tanhv(x: v128): v128 {
  const ax = f32x4.min(f32x4.abs(x), f32x4.splat(9));
  // |x| ≥ 0.625: 1 − 2/(e^{2|x|} + 1), sign restored below.
  const big = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(expv(f32x4.add(ax, ax)), f32x4.splat(1))));
  // |x| < 0.625: x + x·z·P(z), z = x².
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/** Loads 4 floats, or 1 float into lane 0 when `w` = 1 (the scalar tail of a vector loop). */
@inline
export function ld(p: usize, w: i32): v128 {
  return w == 4 ? v128.load(p) : v128.load32_zero(p);
}

/** Stores 4 floats, or lane 0 only when `w` = 1. */
@inline
export function st(p: usize, v: v128, w: i32): void {
  if (w == 4) v128.store(p, v);
  else v128.store32_lane(p, v, 0);
}

@inline
export function one(): v128 {
  return f32x4.splat(1);
}
