import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine } from '../../src/engine/engine';
import { BidirectionalLayer } from '../../src/engine/bidirectional';
import { numericGrad, refForward, RefWeights, relErr, values } from './reference';

const T = 5,
  B = 3,
  D = 3,
  H = 4;
const lengths = Int32Array.of(5, 3, 2);

/**
 * A float64 bidirectional layer from the reference cell: for each sequence b alone, the forward
 * direction over x_0 … x_{L−1}, the backward one over x_{L−1} … x_0, outputs [H→_t, H←_t]; the loss
 * L = Σ_{b, t < L_b} dY_t[b] · Y_t[b].
 */
function refLoss(
  cell: 'gru' | 'lstm',
  wf: RefWeights,
  wb: RefWeights,
  X: Float64Array,
  dY: Float64Array,
): number {
  let s = 0;
  const zeros = new Float64Array(H);
  for (let b = 0; b < B; b++) {
    const L = lengths[b]!,
      x = new Float64Array(L * D),
      xr = new Float64Array(L * D);
    for (let t = 0; t < L; t++) {
      x.set(X.subarray((t * B + b) * D, (t * B + b + 1) * D), t * D);
      xr.set(X.subarray(((L - 1 - t) * B + b) * D, ((L - 1 - t) * B + b + 1) * D), t * D);
    }
    const f = refForward(cell, wf, x, L, 1, D, H, zeros, zeros).out,
      r = refForward(cell, wb, xr, L, 1, D, H, zeros, zeros).out;
    for (let t = 0; t < L; t++) {
      for (let j = 0; j < H; j++) {
        s += dY[(t * B + b) * 2 * H + j]! * f[t * H + j]!;
        s += dY[(t * B + b) * 2 * H + H + j]! * r[(L - 1 - t) * H + j]!;
      }
    }
  }
  return s;
}

for (const cell of ['gru', 'lstm'] as const) {
  test(`bidirectional ${cell}: outputs and every gradient against a float64 reference and central differences (packed lengths 5, 3, 2)`, async () => {
    const engine = await createEngine({ threads: 1 });
    try {
      const g = (cell === 'gru' ? 3 : 4) * H;
      const layer = new BidirectionalLayer(engine, {
        cell,
        inputSize: D,
        numHiddens: H,
        seed: 3,
        unitForgetBias: false,
      });
      const w = (l: typeof layer.forwardLayer, seed: number): RefWeights => {
        const r = {
          Wx: values(D * g, seed, 0.6),
          Wh: values(H * g, seed + 1, 0.6),
          b: values(g, seed + 2, 0.3),
        };
        l.W_x.set(r.Wx);
        l.W_h.set(r.Wh);
        l.b.set(r.b);
        return r;
      };
      const wf = w(layer.forwardLayer, 10),
        wb = w(layer.backwardLayer, 20);
      const X = values(T * B * D, 30),
        dY = values(T * B * 2 * H, 40);
      const x = engine.tensor([T * B, D], X),
        dYt = engine.tensor([T * B, 2 * H], dY),
        dX = engine.tensor([T * B, D]);
      layer.forward(x.ptr, T, B, lengths);
      const Y = new Float32Array(engine.mem.memory.buffer, layer.outputs(), T * B * 2 * H);
      let dot = 0;
      for (let i = 0; i < Y.length; i++) dot += Y[i]! * dY[i]!;
      assert.ok(
        Math.abs(dot - refLoss(cell, wf, wb, X, dY)) < 1e-4 * Math.max(1, Math.abs(dot)),
        'Σ dY·Y matches the reference',
      );
      for (const p of layer.params) p.zeroGrad();
      layer.backward(dYt.ptr, undefined, dX.ptr);
      const f = (): number => refLoss(cell, wf, wb, X, dY);
      const checks: [string, ArrayLike<number>, Float64Array][] = [
        ['dX', dX.toArray(), numericGrad(f, X)],
        ['forward W_x', layer.forwardLayer.W_x.grad.toArray(), numericGrad(f, wf.Wx)],
        ['forward W_h', layer.forwardLayer.W_h.grad.toArray(), numericGrad(f, wf.Wh)],
        ['forward b', layer.forwardLayer.b.grad.toArray(), numericGrad(f, wf.b)],
        ['backward W_x', layer.backwardLayer.W_x.grad.toArray(), numericGrad(f, wb.Wx)],
        ['backward W_h', layer.backwardLayer.W_h.grad.toArray(), numericGrad(f, wb.Wh)],
        ['backward b', layer.backwardLayer.b.grad.toArray(), numericGrad(f, wb.b)],
      ];
      for (const [name, a, n] of checks)
        assert.ok(relErr(a, n) < 1e-4, `${name}: relative error ${relErr(a, n)}`);
      layer.dispose();
    } finally {
      await engine.dispose();
    }
  });
}
