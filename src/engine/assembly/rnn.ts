// AssemblyScript: the element-wise part of one plain-RNN step (H_t = tanh(X_t W + H_{t-1} U + b)) and
// of its backward pass. Pointers are byte offsets of f32 arrays.

@inline function tanhf(x: f32): f32 {
  return 1 - 2 / (Mathf.exp(2 * x) + 1);
}

/** A [B, u] holds X_t W + H_{t-1} U: H_t = tanh(A + b), written to H. */
export function rnn_step_forward(A: usize, bias: usize, H: usize, B: i32, U: i32): void {
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < U; j++) {
      const k = <usize>(b * U + j) << 2;
      store<f32>(H + k, tanhf(load<f32>(A + k) + load<f32>(bias + (<usize>j << 2))));
    }
  }
}

/** dA = dH ⊙ (1 − H_t²) for the total ∂E/∂H_t. */
export function rnn_step_backward(H: usize, dH: usize, dA: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const k = <usize>i << 2;
    const h = load<f32>(H + k);
    store<f32>(dA + k, load<f32>(dH + k) * (1 - h * h));
  }
}
