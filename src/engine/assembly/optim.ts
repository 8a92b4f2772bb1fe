// Parameter updates over flat arrays (every parameter of a model lives in one contiguous block, its
// gradient in another with the same layout). PyTorch's conventions for each rule.

/**
 * Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², p ← p − lr·(m/bc1) / (√(v/bc2) + ε),
 * with c1 = 1 − β₁, c2 = 1 − β₂, bc1 = 1 − β₁ᵗ, bc2 = 1 − β₂ᵗ computed by the caller in float64 (1 − β₂
 * formed from float32 β₂ = 0.999 would be off by 1e-5 relative).
 */
export function adam(n: i32, p: usize, g: usize, m: usize, v: usize, lr: f32, b1: f32, c1: f32, b2: f32, c2: f32, eps: f32, bc1: f32, bc2: f32): void {
  const B1 = f32x4.splat(b1), B2 = f32x4.splat(b2), C1 = f32x4.splat(c1), C2 = f32x4.splat(c2);
  const step = f32x4.splat(lr / bc1), rb2 = f32x4.splat(<f32>(1.0 / Math.sqrt(<f64>bc2))), E = f32x4.splat(eps);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    const gv = v128.load(g + o);
    const mv = f32x4.add(f32x4.mul(B1, v128.load(m + o)), f32x4.mul(C1, gv));
    const vv = f32x4.add(f32x4.mul(B2, v128.load(v + o)), f32x4.mul(C2, f32x4.mul(gv, gv)));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    const den = f32x4.add(f32x4.mul(f32x4.sqrt(vv), rb2), E);
    v128.store(p + o, f32x4.sub(v128.load(p + o), f32x4.div(f32x4.mul(step, mv), den)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const gv = load<f32>(g + o);
    const mv = b1 * load<f32>(m + o) + c1 * gv;
    const vv = b2 * load<f32>(v + o) + c2 * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    const den = Mathf.sqrt(vv) * f32x4.extract_lane(rb2, 0) + eps;
    store<f32>(p + o, load<f32>(p + o) - (lr / bc1) * mv / den);
  }
}

/** SGD with momentum μ (μ = 0: plain): b ← μb + g, p ← p − lr·b. */
export function sgd(n: i32, p: usize, g: usize, b: usize, lr: f32, momentum: f32): void {
  for (let j = 0; j < n; j++) {
    const o = <usize>j << 2;
    let d = load<f32>(g + o);
    if (momentum != 0) {
      d += momentum * load<f32>(b + o);
      store<f32>(b + o, d);
    }
    store<f32>(p + o, load<f32>(p + o) - lr * d);
  }
}

/** Adagrad: s ← s + g², p ← p − lr·g / (√s + ε). */
export function adagrad(n: i32, p: usize, g: usize, s: usize, lr: f32, eps: f32): void {
  for (let j = 0; j < n; j++) {
    const o = <usize>j << 2;
    const gv = load<f32>(g + o);
    const sv = load<f32>(s + o) + gv * gv;
    store<f32>(s + o, sv);
    store<f32>(p + o, load<f32>(p + o) - lr * gv / (Mathf.sqrt(sv) + eps));
  }
}

/** RMSprop: s ← ρs + c·g², p ← p − lr·g / (√s + ε), c = 1 − ρ from the caller. */
export function rmsprop(n: i32, p: usize, g: usize, s: usize, lr: f32, rho: f32, c: f32, eps: f32): void {
  for (let j = 0; j < n; j++) {
    const o = <usize>j << 2;
    const gv = load<f32>(g + o);
    const sv = rho * load<f32>(s + o) + c * gv * gv;
    store<f32>(s + o, sv);
    store<f32>(p + o, load<f32>(p + o) - lr * gv / (Mathf.sqrt(sv) + eps));
  }
}
