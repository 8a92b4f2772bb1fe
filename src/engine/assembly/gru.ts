// AssemblyScript: the element-wise parts of one GRU step (tfjs's convention: gates z, r, h; reset
// applied before the recurrent product; h = z ⊙ h₋₁ + (1 − z) ⊙ h̃). The matrix products between them
// run on the GEMM kernels. Pointers are byte offsets of f32 arrays; [B, n] blocks are row-major.

@inline function sig(x: f32): f32 {
  return 1 / (1 + Mathf.exp(-x));
}

@inline function th(x: f32): f32 {
  return 1 - 2 / (Mathf.exp(2 * x) + 1);
}

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/**
 * ZR [B, 2u] holds X_t W_zr + H_{t-1} U_zr; adds the bias and applies σ in place (Z_t, R_t), and writes
 * RH = R_t ⊙ H_{t-1} [B, u], the input of the candidate's recurrent product.
 */
export function gru_gates_forward(ZR: usize, bzr: usize, Hprev: usize, RH: usize, B: i32, U: i32): void {
  for (let b = 0; b < B; b++) {
    const zr = ZR + (<usize>(b * 2 * U) << 2);
    for (let j = 0; j < U; j++) {
      const z = sig(load<f32>(at(zr, j)) + load<f32>(at(bzr, j)));
      const r = sig(load<f32>(at(zr, U + j)) + load<f32>(at(bzr, U + j)));
      store<f32>(at(zr, j), z);
      store<f32>(at(zr, U + j), r);
      store<f32>(at(RH, b * U + j), r * load<f32>(at(Hprev, b * U + j)));
    }
  }
}

/**
 * Hc [B, u] holds X_t W_h + (R_t ⊙ H_{t-1}) U_h; adds b_h and applies tanh in place (H̃_t), then
 * H_t = Z_t ⊙ H_{t-1} + (1 − Z_t) ⊙ H̃_t.
 */
export function gru_candidate_forward(Hc: usize, bh: usize, ZR: usize, Hprev: usize, H: usize, B: i32, U: i32): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const hh = th(load<f32>(at(Hc, k)) + load<f32>(at(bh, j)));
      store<f32>(at(Hc, k), hh);
      const z = load<f32>(at(ZR, b * 2 * U + j));
      store<f32>(at(H, k), z * load<f32>(at(Hprev, k)) + (1 - z) * hh);
    }
  }
}

/**
 * First half of one step's backward. From the total dH [B, u]:
 *   dA_z = dH ⊙ (H_{t-1} − H̃) ⊙ Z(1−Z)   → dZR[:, 0:u]
 *   dA_h = dH ⊙ (1 − Z) ⊙ (1 − H̃²)        → dAh
 *   dH_{t-1} = dH ⊙ Z                      → dHprev (the rest is added later)
 */
export function gru_backward_1(ZR: usize, Hc: usize, Hprev: usize, dH: usize, dZR: usize, dAh: usize, dHprev: usize, B: i32, U: i32): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const z = load<f32>(at(ZR, b * 2 * U + j));
      const hh = load<f32>(at(Hc, k));
      const dh = load<f32>(at(dH, k));
      store<f32>(at(dZR, b * 2 * U + j), dh * (load<f32>(at(Hprev, k)) - hh) * z * (1 - z));
      store<f32>(at(dAh, k), dh * (1 - z) * (1 - hh * hh));
      store<f32>(at(dHprev, k), dh * z);
    }
  }
}

/**
 * Second half, given dRH = dA_h U_hᵀ [B, u]:  dA_r = dRH ⊙ H_{t-1} ⊙ R(1−R) → dZR[:, u:2u],
 * and dH_{t-1} += dRH ⊙ R.
 */
export function gru_backward_2(ZR: usize, Hprev: usize, dRH: usize, dZR: usize, dHprev: usize, B: i32, U: i32): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const k = b * U + j;
      const r = load<f32>(at(ZR, b * 2 * U + U + j));
      const drh = load<f32>(at(dRH, k));
      store<f32>(at(dZR, b * 2 * U + U + j), drh * load<f32>(at(Hprev, k)) * r * (1 - r));
      store<f32>(at(dHprev, k), load<f32>(at(dHprev, k)) + drh * r);
    }
  }
}
