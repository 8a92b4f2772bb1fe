import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, Engine } from '../../src/engine/engine';
import { Parameter } from '../../src/engine/parameter';
import { Optimizer } from '../../src/engine/optimizer';
import { clipGlobalNorm, gradNorm } from '../../src/engine/clip';
import { softmaxCrossEntropy } from '../../src/engine/loss';
import * as ops from '../../src/engine/ops';
import { values } from './reference';

async function both(f: (eng: Engine) => Promise<void> | void): Promise<void> {
  for (const simd of [true, false]) {
    const eng = await createEngine({ simd });
    await f(eng);
    await eng.dispose();
  }
}

test('softmax cross-entropy: loss = log Σ e^z − z_y, gradient = scale·(softmax − onehot), ignored rows', async () => {
  await both((eng) => {
    const M = 5,
      V = 7;
    const z = Float32Array.from(values(M * V, 1, 3));
    const y = [3, 0, -1, 6, 2];
    const logits = eng.tensor([M, V], z),
      labels = eng.tensor([M], y, 'i32');
    const scale = 0.25;
    const loss = softmaxCrossEntropy(eng, logits.ptr, labels.ptr, M, V, scale);
    let want = 0;
    const g = logits.view();
    for (let i = 0; i < M; i++) {
      const row = Array.from(z.subarray(i * V, (i + 1) * V));
      if (y[i]! < 0) {
        for (let j = 0; j < V; j++) assert.equal(g[i * V + j], 0);
        continue;
      }
      const lse = Math.log(row.reduce((s, v) => s + Math.exp(v), 0));
      want += lse - row[y[i]!]!;
      for (let j = 0; j < V; j++) {
        const expect = scale * (Math.exp(row[j]! - lse) - (j === y[i] ? 1 : 0));
        assert.ok(Math.abs(g[i * V + j]! - expect) < 1e-6, `row ${i} col ${j}: ${g[i * V + j]} vs ${expect}`);
      }
    }
    assert.ok(Math.abs(loss - want) < 1e-5, `${loss} vs ${want}`);
  });
});

test('optimizers follow their update rules (PyTorch conventions) for three steps', async () => {
  await both((eng) => {
    const n = 9;
    for (const name of ['sgd', 'adagrad', 'rmsprop', 'adam'] as const) {
      const p0 = values(n, 3),
        gs = [values(n, 4), values(n, 5), values(n, 6)];
      const p = new Parameter(eng, 'w', [n], p0);
      const opt = new Optimizer(eng, name === 'sgd' ? { name, momentum: 0.9 } : name);
      const ref = Float64Array.from(p0),
        s1 = new Float64Array(n),
        s2 = new Float64Array(n);
      const lr = 0.1;
      gs.forEach((g, t) => {
        p.grad.set(g);
        opt.step([p], lr);
        for (let i = 0; i < n; i++) {
          const gi = Math.fround(g[i]!);
          if (name === 'sgd') {
            s1[i] = 0.9 * s1[i]! + gi;
            ref[i]! -= lr * s1[i]!;
          }
          if (name === 'adagrad') {
            s1[i]! += gi * gi;
            ref[i]! -= (lr * gi) / (Math.sqrt(s1[i]!) + 1e-10);
          }
          if (name === 'rmsprop') {
            s1[i] = 0.99 * s1[i]! + 0.01 * gi * gi;
            ref[i]! -= (lr * gi) / (Math.sqrt(s1[i]!) + 1e-8);
          }
          if (name === 'adam') {
            s1[i] = 0.9 * s1[i]! + 0.1 * gi;
            s2[i] = 0.999 * s2[i]! + 0.001 * gi * gi;
            const mh = s1[i]! / (1 - 0.9 ** (t + 1)),
              vh = s2[i]! / (1 - 0.999 ** (t + 1));
            ref[i]! -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
          }
        }
      });
      const got = p.get();
      for (let i = 0; i < n; i++)
        assert.ok(Math.abs(got[i]! - ref[i]!) < 2e-6, `${name}[${i}] ${got[i]} vs ${ref[i]}`);
      assert.equal(p.version, 3, 'each step bumps the version');
      opt.dispose();
      p.dispose();
    }
  });
});

test('clipGlobalNorm scales all gradients by θ/‖g‖ only when ‖g‖ > θ', async () => {
  await both((eng) => {
    const a = new Parameter(eng, 'a', [2]),
      b = new Parameter(eng, 'b', [1]);
    a.grad.set([3, 0]);
    b.grad.set([4]);
    assert.ok(Math.abs(gradNorm(eng, [a, b]) - 5) < 1e-9);
    assert.ok(Math.abs(clipGlobalNorm(eng, [a, b], 10) - 5) < 1e-9);
    assert.deepEqual(Array.from(a.grad.view()), [3, 0]);
    clipGlobalNorm(eng, [a, b], 1);
    assert.ok(Math.abs(a.grad.view()[0]! - 0.6) < 1e-7 && Math.abs(b.grad.view()[0]! - 0.8) < 1e-7);
    assert.throws(() => clipGlobalNorm(eng, [a], 0), /maxNorm must be positive; got 0/);
  });
});

test('dropout masks: identical in SIMD and fallback, rate p of zeros, survivors scaled by 1/(1−p)', async () => {
  const masks: Float32Array[] = [];
  await both((eng) => {
    const n = 20000,
      m = eng.tensor([n]);
    eng.kernels.dropoutMask(n, m.ptr, 0.3, 12345);
    masks.push(m.toArray());
  });
  assert.deepEqual(masks[0], masks[1]);
  const zeros = masks[0]!.filter((v) => v === 0).length / masks[0]!.length;
  assert.ok(Math.abs(zeros - 0.3) < 0.02, `fraction dropped ${zeros}`);
  assert.ok(masks[0]!.every((v) => v === 0 || Math.abs(v - 1 / 0.7) < 1e-6));
});

test('memory: blocks are reused after release, and growth keeps the data', async () => {
  const eng = await createEngine({ initialBytes: 1 << 20 });
  const a = eng.tensor([100], values(100, 1));
  const before = eng.mem.byteLength;
  const big = eng.tensor([1 << 20]);
  assert.ok(eng.mem.byteLength > before, 'grew');
  assert.deepEqual(a.toArray(), Float32Array.from(values(100, 1)));
  const ptr = big.ptr;
  big.dispose();
  const again = eng.tensor([1 << 20]);
  assert.equal(again.ptr, ptr);
  assert.throws(() => eng.mem.release(ptr + 64), /is not an allocated block/);
  await eng.dispose();
});

test('thread count from RNNLAB_THREADS, with clear errors for bad values', async () => {
  const saved = process.env.RNNLAB_THREADS;
  try {
    process.env.RNNLAB_THREADS = '2';
    const e2 = await createEngine();
    assert.equal(e2.threads, 2);
    await e2.dispose();
    process.env.RNNLAB_THREADS = 'two';
    await assert.rejects(createEngine(), /RNNLAB_THREADS must be a whole number in \[1, 64\]; got 'two'/);
    delete process.env.RNNLAB_THREADS;
    const e1 = await createEngine();
    assert.equal(e1.threads, 1, 'one thread by default');
    await e1.dispose();
    await assert.rejects(
      createEngine({ threads: 0 }),
      /threads must be a whole number in \[1, 64\]; got '0'/,
    );
  } finally {
    if (saved === undefined) delete process.env.RNNLAB_THREADS;
    else process.env.RNNLAB_THREADS = saved;
  }
});

test('the loss and its gradient are bit-identical on 1, 2, 3 and 5 threads (parts fixed, summed in order)', async () => {
  const M = 3001,
    V = 67; // M·V above the size where the rows are split
  const z = Float32Array.from(values(M * V, 7, 4));
  const y = Array.from({ length: M }, (_, i) => (i % 13 === 5 ? -1 : (i * 31) % V));
  const results: { loss: number; grad: Float32Array }[] = [];
  for (const threads of [1, 2, 3, 5]) {
    const eng = await createEngine({ threads });
    const logits = eng.tensor([M, V], z),
      labels = eng.tensor([M], y, 'i32');
    results.push({
      loss: softmaxCrossEntropy(eng, logits.ptr, labels.ptr, M, V, 1 / M),
      grad: logits.view().slice(),
    });
    await eng.dispose();
  }
  // The sum itself, in float64 from the formula, to a tolerance (the order of additions differs).
  let want = 0;
  for (let i = 0; i < M; i++) {
    if (y[i]! < 0) continue;
    const row = z.subarray(i * V, (i + 1) * V);
    const mx = Math.max(...row);
    want += Math.log(row.reduce((s, v) => s + Math.exp(v - mx), 0)) + mx - row[y[i]!]!;
  }
  assert.ok(Math.abs(results[0]!.loss - want) < 1e-9 * want, `${results[0]!.loss} vs ${want}`);
  for (const r of results.slice(1)) {
    assert.ok(Object.is(r.loss, results[0]!.loss), `loss ${r.loss} vs ${results[0]!.loss} on 1 thread`);
    assert.deepEqual(r.grad, results[0]!.grad);
  }
});

test('row ops: gather then scatter puts rows back; readRows and the tanh ops match their formulas', async () => {
  const e = await createEngine({ threads: 1 });
  try {
    const rows = 5,
      ld = 4,
      width = 3;
    const src = e.tensor(
      [rows, ld],
      Float32Array.from({ length: rows * ld }, (_, i) => i - 7.5),
    );
    const dst = e.tensor([3, 6]);
    const from = [4, 0, 2];
    ops.gatherRowsInto(e, dst.ptr, 6, src.ptr, ld, from, width);
    const d = dst.toArray(),
      s = src.toArray();
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 6; j++) assert.equal(d[i * 6 + j], j < width ? s[from[i]! * ld + j] : 0);
    assert.deepEqual(
      ops.readRows(e, src.ptr, ld, from, width),
      Float32Array.from(from.flatMap((r) => [0, 1, 2].map((j) => s[r * ld + j]!))),
    );
    const back = e.tensor([rows, ld]);
    ops.scatterRowsInto(e, back.ptr, ld, from, dst.ptr, 6, width);
    const b = back.toArray();
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < ld; j++)
        assert.equal(b[r * ld + j], from.includes(r) && j < width ? s[r * ld + j] : 0);
    assert.equal(ops.elementAt(src.ptr, 2, ld, 1), src.ptr + 4 * (2 * ld + 1));
    const Y = e.tensor([4], [-2, -0.5, 0, 1.5]),
      dY = e.tensor([4], [1, 2, 3, 4]);
    ops.tanhInPlace(e, Y.ptr, 4);
    assert.deepEqual(
      Y.toArray(),
      Float32Array.from([-2, -0.5, 0, 1.5], (x) => Math.tanh(x)),
    );
    ops.tanhBackwardInPlace(e, dY.ptr, Y.ptr, 4);
    const y = Y.toArray();
    assert.deepEqual(
      dY.toArray(),
      Float32Array.from([1, 2, 3, 4], (g, i) => g * (1 - y[i]! * y[i]!)),
    );
    ops.zeroFloats(e, dY.ptr, 4);
    assert.deepEqual(ops.readFloats(e, dY.ptr, 4), new Float32Array(4));
  } finally {
    await e.dispose();
  }
});
