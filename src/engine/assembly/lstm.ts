// AssemblyScript: the element-wise part of one LSTM step, fused — everything but the matrix products.
// Gate layout per row of 4H values is tfjs's: [i | f | c̃ | o] (i, f, c, o), so weights map 1:1 to
// tf.layers.lstm. Pointers are byte offsets of f32 arrays.

@inline function sigmoid(x: f32): f32 {
  return 1 / (1 + Mathf.exp(-x));
}

@inline function tanh32(x: f32): f32 {
  // tanh x = 1 − 2/(e^{2x} + 1): one exp, exact at both ends (±1)
  return 1 - 2 / (Mathf.exp(2 * x) + 1);
}

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/**
 * Z [B, 4H] holds X_t W + H_{t-1} U; adds the bias, applies the gate nonlinearities in place
 * (I = σ, F = σ, C̃ = tanh, O = σ), then C_t = F ⊙ C_{t-1} + I ⊙ C̃ and H_t = O ⊙ tanh(C_t).
 */
export function lstm_step_forward(Z: usize, bias: usize, Cprev: usize, C: usize, H: usize, B: i32, U: i32): void {
  const G = 4 * U;
  for (let b = 0; b < B; b++) {
    const z = Z + (<usize>(b * G) << 2);
    for (let j = 0; j < U; j++) {
      const i = sigmoid(load<f32>(at(z, j)) + load<f32>(at(bias, j)));
      const f = sigmoid(load<f32>(at(z, U + j)) + load<f32>(at(bias, U + j)));
      const g = tanh32(load<f32>(at(z, 2 * U + j)) + load<f32>(at(bias, 2 * U + j)));
      const o = sigmoid(load<f32>(at(z, 3 * U + j)) + load<f32>(at(bias, 3 * U + j)));
      store<f32>(at(z, j), i); store<f32>(at(z, U + j), f); store<f32>(at(z, 2 * U + j), g); store<f32>(at(z, 3 * U + j), o);
      const k = b * U + j;
      const c = f * load<f32>(at(Cprev, k)) + i * g;
      store<f32>(at(C, k), c);
      store<f32>(at(H, k), o * tanh32(c));
    }
  }
}

/**
 * Backward through one step's element-wise part. Gates G [B, 4H] (activated), C_{t-1}, C_t, the total
 * dH [B, H]; dC [B, H] comes in as ∂E/∂C_t from step t+1 and leaves as ∂E/∂C_{t-1}. Writes dZ [B, 4H]:
 *   dC = dC_next + dH ⊙ O ⊙ (1 − tanh²C_t);  dZ_i = dC ⊙ C̃ ⊙ I(1−I);  dZ_f = dC ⊙ C_{t-1} ⊙ F(1−F)
 *   dZ_c = dC ⊙ I ⊙ (1 − C̃²);                dZ_o = dH ⊙ tanh C_t ⊙ O(1−O);  dC_{t-1} = dC ⊙ F
 */
export function lstm_step_backward(Gt: usize, Cprev: usize, C: usize, dH: usize, dC: usize, dZ: usize, B: i32, U: i32): void {
  const G4 = 4 * U;
  for (let b = 0; b < B; b++) {
    const g0 = Gt + (<usize>(b * G4) << 2);
    const d0 = dZ + (<usize>(b * G4) << 2);
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const i = load<f32>(at(g0, j)), f = load<f32>(at(g0, U + j)), g = load<f32>(at(g0, 2 * U + j)), o = load<f32>(at(g0, 3 * U + j));
      const tc = tanh32(load<f32>(at(C, k)));
      const dh = load<f32>(at(dH, k));
      const dc = load<f32>(at(dC, k)) + dh * o * (1 - tc * tc);
      store<f32>(at(d0, j), dc * g * i * (1 - i));
      store<f32>(at(d0, U + j), dc * load<f32>(at(Cprev, k)) * f * (1 - f));
      store<f32>(at(d0, 2 * U + j), dc * i * (1 - g * g));
      store<f32>(at(d0, 3 * U + j), dh * tc * o * (1 - o));
      store<f32>(at(dC, k), dc * f);
    }
  }
}

/** db[cols] (+)= Σ_rows dZ[rows, cols] */
export function sum_rows(dZ: usize, db: usize, rows: i32, cols: i32, accumulate: bool): void {
  if (!accumulate) memory.fill(db, 0, <usize>cols << 2);
  for (let r = 0; r < rows; r++) {
    const row = dZ + (<usize>(r * cols) << 2);
    for (let j = 0; j < cols; j++) store<f32>(at(db, j), load<f32>(at(db, j)) + load<f32>(at(row, j)));
  }
}

/** dst[i] += src[i] for n floats */
export function add_into(dst: usize, src: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<f32>(at(dst, i), load<f32>(at(dst, i)) + load<f32>(at(src, i)));
}
