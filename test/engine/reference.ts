/**
 * A float64 reference for the engine's recurrent layers, written from the equations with plain loops
 * (no shared code with the engine), for finite-difference checks. Time-major like the engine:
 * X [T·B, D], outputs [T·B, H]; weights in tfjs layout (W_x [D, gH], W_h [H, gH], b [gH]).
 */
export type Cell = 'rnn' | 'gru' | 'lstm';

export interface RefWeights {
  Wx: Float64Array;
  Wh: Float64Array;
  b: Float64Array;
}

const sig = (x: number): number => 1 / (1 + Math.exp(-x));

/** Runs the layer; returns all outputs and the final (h, c). */
export function refForward(
  cell: Cell,
  w: RefWeights,
  X: Float64Array,
  T: number,
  B: number,
  D: number,
  H: number,
  h0: Float64Array,
  c0: Float64Array,
): { out: Float64Array; h: Float64Array; c: Float64Array } {
  const g = { rnn: 1, gru: 3, lstm: 4 }[cell] * H;
  let h = Float64Array.from(h0),
    c = Float64Array.from(c0);
  const out = new Float64Array(T * B * H);
  for (let t = 0; t < T; t++) {
    const hn = new Float64Array(B * H),
      cn = new Float64Array(B * H);
    for (let b = 0; b < B; b++) {
      // xw = x W_x + b, hw = h W_h (all gate columns)
      const xw = new Float64Array(g),
        hw = new Float64Array(g);
      for (let j = 0; j < g; j++) {
        let s = w.b[j]!;
        for (let d = 0; d < D; d++) s += X[(t * B + b) * D + d]! * w.Wx[d * g + j]!;
        xw[j] = s;
        let r = 0;
        for (let i = 0; i < H; i++) r += h[b * H + i]! * w.Wh[i * g + j]!;
        hw[j] = r;
      }
      for (let u = 0; u < H; u++) {
        const hp = h[b * H + u]!;
        if (cell === 'rnn') hn[b * H + u] = Math.tanh(xw[u]! + hw[u]!);
        else if (cell === 'lstm') {
          const i = sig(xw[u]! + hw[u]!),
            f = sig(xw[H + u]! + hw[H + u]!),
            gg = Math.tanh(xw[2 * H + u]! + hw[2 * H + u]!),
            o = sig(xw[3 * H + u]! + hw[3 * H + u]!);
          cn[b * H + u] = f * c[b * H + u]! + i * gg;
          hn[b * H + u] = o * Math.tanh(cn[b * H + u]!);
        } else {
          const z = sig(xw[u]! + hw[u]!);
          // h̃ = tanh(x W_xh + (r ⊙ h) W_hh + b_h): needs r for every unit first
          let rh = 0;
          for (let i = 0; i < H; i++)
            rh += sig(xw[H + i]! + hw[H + i]!) * h[b * H + i]! * w.Wh[i * g + 2 * H + u]!;
          const ht = Math.tanh(xw[2 * H + u]! + rh);
          hn[b * H + u] = z * hp + (1 - z) * ht;
        }
      }
    }
    out.set(hn, t * B * H);
    h = hn;
    if (cell === 'lstm') c = cn;
  }
  return { out, h, c };
}

/** ‖a − b‖ / ‖b‖ (‖b‖ floored at 1e-12). */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0,
    n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i]! - b[i]!) ** 2;
    n += b[i]! ** 2;
  }
  return Math.sqrt(d) / Math.max(Math.sqrt(n), 1e-12);
}

/** Deterministic values uniform in [−a, a). */
export function values(n: number, seed: number, a = 1): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 31 - 1) * a;
  }
  return out;
}

/** Central differences of f at x (modified in place and restored), step eps. */
export function numericGrad(f: () => number, x: Float64Array, eps = 1e-5): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = v + eps;
    const fp = f();
    x[i] = v - eps;
    const fm = f();
    x[i] = v;
    g[i] = (fp - fm) / (2 * eps);
  }
  return g;
}
