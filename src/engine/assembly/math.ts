// Vector (f32x4) elementary functions for the gate nonlinearities. WebAssembly has no exp, so exp is
// computed the Cephes way: e^x = 2^n · e^r with n = round(x·log₂e) and |r| ≤ ½·ln 2, e^r by a degree-7
// polynomial (relative error ≈ 2e-7, about one float32 ulp); tanh is a rational approximation.

@inline const LOG2E: f32 = 1.44269504088896341;

/**
 * e^x for each lane, x clamped to [−87.3, 88.3] (the normal float32 range of the result).
 * n = round(x·log₂e) by the magic-number trick: adding 1.5·2²³ leaves n in the low mantissa bits, so
 * 2ⁿ is those bits plus the exponent bias, shifted into the exponent field — no float↔int conversion.
 * pmin/pmax (one instruction each) instead of min/max (NaN-propagating sequences in V8).
 */
@inline
export function expv(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.3)), f32x4.splat(88.3));
  const magic = f32x4.splat(12582912.0);
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), magic);
  const fx = f32x4.sub(t, magic);
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
  const pow2n = i32x4.shl(i32x4.add(t, i32x4.splat(127)), 23);
  return f32x4.mul(y, pow2n);
}

/** σ(x) = 1 / (1 + e^{−x}) for each lane. */
@inline
export function sigmoidv(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), expv(f32x4.neg(x))));
}

/**
 * tanh(x) for each lane: the rational minimax approximation x·P(x²)/Q(x²) of Eigen's ptanh_float
 * (degrees 13/6, |x| clamped at 7.905, where tanh rounds to ±1). Measured against Math.tanh over
 * [−12, 12] in float32 steps of 1e-4: relative error ≤ 3.3e-7, and relative accuracy kept near 0.
 */
@inline
export function tanhv(x: v128): v128 {
  const c = f32x4.splat(7.90531110763549805);
  x = f32x4.pmin(f32x4.pmax(x, f32x4.neg(c)), c);
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, x2), f32x4.splat(4.89352455891786e-3));
  p = f32x4.mul(p, x);
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(2.26843463243900e-3));
  q = f32x4.add(f32x4.mul(q, x2), f32x4.splat(4.89352518554385e-3));
  return f32x4.div(p, q);
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
