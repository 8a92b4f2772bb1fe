import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, Engine } from '../../src/engine/engine';
import { Parameter } from '../../src/engine/parameter';
import { RecurrentLayer } from '../../src/engine/recurrent';
import { Cell, numericGrad, refForward, RefWeights, relErr, values } from './reference';

const T = 4,
  B = 3,
  D = 3,
  H = 5;

interface Case {
  w: RefWeights;
  X: Float64Array;
  h0: Float64Array;
  c0: Float64Array;
  dOut: Float64Array;
  dh: Float64Array;
  dc: Float64Array;
}

function makeCase(cell: Cell, seed: number): Case {
  const g = { rnn: 1, gru: 3, lstm: 4 }[cell] * H;
  return {
    w: { Wx: values(D * g, seed + 1, 0.6), Wh: values(H * g, seed + 2, 0.6), b: values(g, seed + 3, 0.3) },
    X: values(T * B * D, seed + 4),
    h0: values(B * H, seed + 5, 0.5),
    c0: values(B * H, seed + 6, 0.5),
    dOut: values(T * B * H, seed + 7),
    dh: values(B * H, seed + 8),
    dc: values(B * H, seed + 9),
  };
}

/** L = Σ dOut·H_t + Σ dh·H_T + Σ dc·C_T: its gradient is exactly what backward receives. */
function refLoss(cell: Cell, c: Case): number {
  const r = refForward(cell, c.w, c.X, T, B, D, H, c.h0, c.c0);
  let s = 0;
  for (let i = 0; i < r.out.length; i++) s += c.dOut[i]! * r.out[i]!;
  for (let i = 0; i < r.h.length; i++) s += c.dh[i]! * r.h[i]!;
  if (cell === 'lstm') for (let i = 0; i < r.c.length; i++) s += c.dc[i]! * r.c[i]!;
  return s;
}

function setLayer(layer: RecurrentLayer, c: Case): void {
  layer.W_x.set(c.w.Wx);
  layer.W_h.set(c.w.Wh);
  layer.b.set(c.w.b);
  for (const p of layer.params) p.zeroGrad();
}

async function checkCell(eng: Engine, cell: Cell): Promise<void> {
  const c = makeCase(cell, cell.length * 10);
  const layer = new RecurrentLayer(eng, { cell, inputSize: D, numHiddens: H });
  setLayer(layer, c);
  const X = eng.tensor([T * B, D], c.X),
    dOut = eng.tensor([T * B, H], c.dOut),
    dX = eng.tensor([T * B, D]);
  const init = { h: Float32Array.from(c.h0), c: cell === 'lstm' ? Float32Array.from(c.c0) : undefined };
  layer.forward({ X: X.ptr }, T, B, init);
  const ref = refForward(cell, c.w, c.X, T, B, D, H, c.h0, c.c0);
  const out = new Float32Array(eng.mem.memory.buffer, layer.outputs(), T * B * H);
  assert.ok(relErr(out, ref.out) < 1e-5, `${cell} outputs: ${relErr(out, ref.out)}`);
  const fin = layer.finalState();
  assert.ok(relErr(fin.h, ref.h) < 1e-5, `${cell} final h`);
  if (cell === 'lstm') assert.ok(relErr(fin.c!, ref.c) < 1e-5, `${cell} final c`);

  const dInit = layer.backward(dOut.ptr, { h: Float32Array.from(c.dh), c: Float32Array.from(c.dc) }, dX.ptr);
  const f = (): number => refLoss(cell, c);
  const checks: [string, ArrayLike<number>, Float64Array][] = [
    ['W_x', layer.W_x.grad.view(), numericGrad(f, c.w.Wx)],
    ['W_h', layer.W_h.grad.view(), numericGrad(f, c.w.Wh)],
    ['b', layer.b.grad.view(), numericGrad(f, c.w.b)],
    ['X', dX.view(), numericGrad(f, c.X)],
    ['h0', dInit.h, numericGrad(f, c.h0)],
  ];
  if (cell === 'lstm') checks.push(['c0', dInit.c!, numericGrad(f, c.c0)]);
  for (const [name, got, want] of checks) {
    const err = relErr(got, want);
    assert.ok(err < 1e-4, `${cell} ${eng.simd ? 'simd' : 'ts'} ∂L/∂${name}: relative error ${err}`);
  }
  layer.dispose();
  X.dispose();
  dOut.dispose();
  dX.dispose();
}

for (const simd of [true, false]) {
  for (const cell of ['rnn', 'gru', 'lstm'] as const) {
    test(`${cell} layer (${simd ? 'SIMD' : 'TypeScript fallback'}): forward equals the float64 equations, BPTT equals central differences`, async () => {
      const eng = await createEngine({ simd, threads: 1 });
      await checkCell(eng, cell);
      await eng.dispose();
    });
  }
}

test('token input: gathered and table-projected embeddings give the same forward and gradients', async () => {
  const eng = await createEngine({ simd: true });
  for (const cell of ['gru', 'lstm'] as const) {
    const Tn = 6,
      Bn = 4;
    const results: { out: Float32Array; dE: Float32Array; dWx: Float32Array }[] = [];
    for (const V of [5, 40]) {
      // 5 < T·B = 24: table projection; 40 ≥ 24: gather then GEMM
      const table = values(40 * D, 99, 1).subarray(0, V * D);
      const emb = new Parameter(eng, 'emb', [V, D], table);
      const tokens = eng.tensor(
        [Tn * Bn],
        Array.from({ length: Tn * Bn }, (_, i) => (i * 3) % 5),
        'i32',
      );
      const layer = new RecurrentLayer(eng, { cell, inputSize: D, numHiddens: H, seed: 3 });
      layer.forward({ tokens: tokens.ptr, embedding: emb }, Tn, Bn);
      const out = new Float32Array(eng.mem.memory.buffer, layer.outputs(), Tn * Bn * H).slice();
      const dOut = eng.tensor([Tn * Bn, H], values(Tn * Bn * H, 5));
      layer.backward(dOut.ptr);
      results.push({ out, dE: emb.grad.toArray().slice(0, 5 * D), dWx: layer.W_x.grad.toArray() });
      layer.dispose();
      emb.dispose();
      tokens.dispose();
      dOut.dispose();
    }
    assert.ok(relErr(results[0]!.out, results[1]!.out) < 1e-6, `${cell} outputs`);
    assert.ok(relErr(results[0]!.dE, results[1]!.dE) < 1e-5, `${cell} embedding gradient`);
    assert.ok(relErr(results[0]!.dWx, results[1]!.dWx) < 1e-5, `${cell} W_x gradient`);
  }
  await eng.dispose();
});

test('two threads split the batch rows with bit-identical results', async () => {
  const e1 = await createEngine({ simd: true, threads: 1 });
  const e2 = await createEngine({ simd: true, threads: 2 });
  for (const cell of ['rnn', 'gru', 'lstm'] as const) {
    const Bn = 16,
      Hn = 64,
      Tn = 5;
    const grads: Float32Array[][] = [];
    for (const eng of [e1, e2]) {
      const layer = new RecurrentLayer(eng, { cell, inputSize: D, numHiddens: Hn, seed: 11 });
      const X = eng.tensor([Tn * Bn, D], values(Tn * Bn * D, 1));
      const dOut = eng.tensor([Tn * Bn, Hn], values(Tn * Bn * Hn, 2));
      layer.forward({ X: X.ptr }, Tn, Bn);
      layer.backward(dOut.ptr);
      grads.push([
        new Float32Array(eng.mem.memory.buffer, layer.outputs(), Tn * Bn * Hn).slice(),
        ...layer.params.map((p) => p.grad.toArray()),
      ]);
      layer.dispose();
      X.dispose();
      dOut.dispose();
    }
    grads[0]!.forEach((g, i) => assert.deepEqual(grads[1]![i], g, `${cell} array ${i}`));
  }
  await e1.dispose();
  await e2.dispose();
});

test('engine layers equal src/nn (float64 BPTT) for every parameter, input and initial state: rel. error ≤ 1e-4', async () => {
  const { engineVsReference } = await import('../../src/checks/crossCheck');
  for (const options of [{ simd: true, threads: 1 }, { simd: true, threads: 2 }, { simd: false }]) {
    const eng = await createEngine(options);
    for (const cell of ['rnn', 'gru', 'lstm'] as const) {
      const errors = engineVsReference(eng, cell, {
        batchSize: 12,
        numSteps: 7,
        numInputs: 5,
        numHiddens: 13,
      });
      for (const [name, err] of Object.entries(errors))
        assert.ok(err <= 1e-4, `${cell} ${JSON.stringify(options)} ${name}: ${err}`);
      assert.ok(Object.keys(errors).length >= (cell === 'rnn' ? 7 : cell === 'gru' ? 13 : 18));
    }
    await eng.dispose();
  }
});

test('a second backward for one forward is refused (the first consumed the activations)', async () => {
  const eng = await createEngine();
  const layer = new RecurrentLayer(eng, { cell: 'lstm', inputSize: 2, numHiddens: 3 });
  const X = eng.tensor([4, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.throws(() => layer.backward(0), /forward must run before this call/);
  layer.forward({ X: X.ptr }, 2, 2);
  layer.backward(0, { h: new Float32Array(6).fill(1) });
  assert.throws(() => layer.backward(0), /backward already ran for this forward pass/);
  layer.forward({ X: X.ptr }, 2, 2);
  layer.backward(0);
  layer.dispose();
  await eng.dispose();
});

test('packed sequences: a batch with lengths equals each sequence run alone over its own steps (outputs, final state, every gradient)', async () => {
  const lengths = Int32Array.of(6, 6, 4, 3, 3, 1, 1, 1, 1, 1); // longest first; B = 10 so two threads split the rows
  const Tn = 6,
    Bn = lengths.length,
    Hn = 7;
  for (const options of [{ simd: true, threads: 1 }, { simd: true, threads: 2 }, { simd: false }]) {
    const eng = await createEngine(options);
    for (const cell of ['rnn', 'gru', 'lstm'] as const) {
      for (const input of ['X', 'tokens'] as const) {
        const V = 97; // more than T·B: gathered embeddings, GEMMs over the running rows
        const table = new Parameter(eng, 'emb', [V, D], values(V * D, 41, 1));
        const ids = Array.from({ length: Tn * Bn }, (_, i) => (i * 7 + 3) % V); // time-major
        const Xall = values(Tn * Bn * D, 43),
          dOutAll = values(Tn * Bn * Hn, 44),
          dFinal = values(Bn * Hn, 45),
          dcFinal = values(Bn * Hn, 46);
        const h0 = values(Bn * Hn, 47, 0.5),
          c0 = values(Bn * Hn, 48, 0.5);
        const layer = new RecurrentLayer(eng, { cell, inputSize: D, numHiddens: Hn, seed: 13 });
        const rowsOf = (x: Float64Array, width: number, b: number): Float32Array =>
          Float32Array.from(x.subarray(b * width, (b + 1) * width));
        // one sequence alone: steps 0 … L−1 of row b
        const alone = (b: number) => {
          const L = lengths[b]!;
          const X = eng.tensor(
            [L, D],
            Array.from({ length: L * D }, (_, i) => Xall[(Math.floor(i / D) * Bn + b) * D + (i % D)]!),
          );
          const tok = eng.tensor(
            [L],
            Array.from({ length: L }, (_, t) => ids[t * Bn + b]!),
            'i32',
          );
          const dOut = eng.tensor(
            [L, Hn],
            Array.from({ length: L * Hn }, (_, i) => dOutAll[(Math.floor(i / Hn) * Bn + b) * Hn + (i % Hn)]!),
          );
          const dX = eng.tensor([L, D]);
          for (const p of [...layer.params, table]) p.zeroGrad();
          layer.forward(input === 'X' ? { X: X.ptr } : { tokens: tok.ptr, embedding: table }, L, 1, {
            h: rowsOf(h0, Hn, b),
            c: cell === 'lstm' ? rowsOf(c0, Hn, b) : undefined,
          });
          const out = new Float32Array(eng.mem.memory.buffer, layer.outputs(), L * Hn).slice(),
            fin = layer.finalState();
          const dInit = layer.backward(
            dOut.ptr,
            { h: rowsOf(dFinal, Hn, b), c: cell === 'lstm' ? rowsOf(dcFinal, Hn, b) : undefined },
            input === 'X' ? dX.ptr : 0,
          );
          const r = {
            out,
            fin,
            dInit,
            dX: dX.toArray(),
            grads: [...layer.params, table].map((p) => p.grad.toArray()),
          };
          X.dispose();
          tok.dispose();
          dOut.dispose();
          dX.dispose();
          return r;
        };
        const singles = Array.from({ length: Bn }, (_, b) => alone(b));
        // the packed batch; dOut at padded steps is zero (nothing reads those outputs)
        const X = eng.tensor([Tn * Bn, D], Xall),
          tok = eng.tensor([Tn * Bn], ids, 'i32'),
          dX = eng.tensor([Tn * Bn, D]);
        const dOut = eng.tensor(
          [Tn * Bn, Hn],
          dOutAll.map((v, i) => (Math.floor(i / Hn / Bn) < lengths[Math.floor(i / Hn) % Bn]! ? v : 0)),
        );
        for (const p of [...layer.params, table]) p.zeroGrad();
        layer.forward(
          input === 'X' ? { X: X.ptr } : { tokens: tok.ptr, embedding: table },
          Tn,
          Bn,
          { h: Float32Array.from(h0), c: cell === 'lstm' ? Float32Array.from(c0) : undefined },
          lengths,
        );
        const out = new Float32Array(eng.mem.memory.buffer, layer.outputs(), Tn * Bn * Hn).slice(),
          fin = layer.finalState();
        const dInit = layer.backward(
          dOut.ptr,
          { h: Float32Array.from(dFinal), c: cell === 'lstm' ? Float32Array.from(dcFinal) : undefined },
          input === 'X' ? dX.ptr : 0,
        );
        const where = `${cell} ${input} ${JSON.stringify(options)}`;
        const close = (a: number, b: number, what: string): void =>
          assert.ok(Math.abs(a - b) <= 2e-5 * (1 + Math.abs(b)), `${where} ${what}: ${a} vs ${b}`);
        const dXp = dX.toArray();
        singles.forEach((s, b) => {
          for (let t = 0; t < Tn; t++) {
            for (let j = 0; j < Hn; j++) {
              // a finished row carries its last state; its output at a padded step is that state
              close(
                out[(t * Bn + b) * Hn + j]!,
                s.out[Math.min(t, lengths[b]! - 1) * Hn + j]!,
                `H[${t}, ${b}, ${j}]`,
              );
            }
            if (input === 'X')
              for (let j = 0; j < D; j++)
                close(
                  dXp[(t * Bn + b) * D + j]!,
                  t < lengths[b]! ? s.dX[t * D + j]! : 0,
                  `dX[${t}, ${b}, ${j}]`,
                );
          }
          for (let j = 0; j < Hn; j++) {
            close(fin.h[b * Hn + j]!, s.fin.h[j]!, `final h[${b}]`);
            close(dInit.h[b * Hn + j]!, s.dInit.h[j]!, `dh0[${b}]`);
            if (cell === 'lstm') {
              close(fin.c![b * Hn + j]!, s.fin.c![j]!, `final c[${b}]`);
              close(dInit.c![b * Hn + j]!, s.dInit.c![j]!, `dc0[${b}]`);
            }
          }
        });
        [...layer.params, table].forEach((p, i) => {
          const got = p.grad.toArray();
          got.forEach((g, j) =>
            close(
              g,
              singles.reduce((s, r) => s + r.grads[i]![j]!, 0),
              `∂L/∂${p.name}[${j}]`,
            ),
          );
        });
        layer.dispose();
        table.dispose();
        X.dispose();
        tok.dispose();
        dX.dispose();
        dOut.dispose();
      }
    }
    await eng.dispose();
  }
});

test('packed sequences: lengths out of range or not sorted longest first are refused, naming the value', async () => {
  const eng = await createEngine({ threads: 1 });
  const layer = new RecurrentLayer(eng, { cell: 'gru', inputSize: D, numHiddens: H });
  const X = eng.tensor([T * B, D], values(T * B * D, 1));
  assert.throws(
    () => layer.forward({ X: X.ptr }, T, B, undefined, Int32Array.of(4, 2, 3)),
    /sorted longest first; lengths\[2\] = 3 > lengths\[1\] = 2/,
  );
  assert.throws(
    () => layer.forward({ X: X.ptr }, T, B, undefined, Int32Array.of(5, 2, 1)),
    /lengths\[0\] = 5/,
  );
  assert.throws(
    () => layer.forward({ X: X.ptr }, T, B, undefined, Int32Array.of(4, 0, 0)),
    /lengths\[1\] = 0/,
  );
  assert.throws(
    () => layer.forward({ X: X.ptr }, T, B, undefined, Int32Array.of(4, 2)),
    /expected 3 lengths, got 2/,
  );
  layer.dispose();
  X.dispose();
  await eng.dispose();
});

test('pytorchBias: the bias is b_ih + b_hh (two U(±1/√H) draws: range ±2/√H, variance 2/(3H)) with no forget-gate offset', async () => {
  const eng = await createEngine({ threads: 1 });
  const Hn = 256,
    a = 1 / Math.sqrt(Hn);
  const torchLike = new RecurrentLayer(eng, {
    cell: 'lstm',
    inputSize: D,
    numHiddens: Hn,
    pytorchBias: true,
    seed: 2,
  });
  const keras = new RecurrentLayer(eng, { cell: 'lstm', inputSize: D, numHiddens: Hn, seed: 2 });
  const b = Array.from(torchLike.b.get()),
    k = Array.from(keras.b.get());
  assert.ok(b.every((x) => Math.abs(x) <= 2 * a));
  const variance = b.reduce((s, x) => s + x * x, 0) / b.length;
  assert.ok(Math.abs(variance / ((2 * a * a) / 3) - 1) < 0.1, `variance ${variance} vs ${(2 * a * a) / 3}`);
  const forget = b.slice(Hn, 2 * Hn);
  assert.ok(Math.abs(forget.reduce((s, x) => s + x, 0) / Hn) < 0.01, 'no forget-gate offset');
  assert.ok(
    k.slice(Hn, 2 * Hn).every((x) => x === 1),
    'the default keeps the forget bias of 1',
  );
  torchLike.dispose();
  keras.dispose();
  await eng.dispose();
});

test('recurrent dropout mask: all ones gives the unmasked layer; a gru layer refuses a mask', async () => {
  for (const simd of [true, false]) {
    const eng = await createEngine({ simd });
    const c = makeCase('lstm', 40);
    const run = (mask: number): { out: Float32Array; grads: Float32Array[] } => {
      const layer = new RecurrentLayer(eng, { cell: 'lstm', inputSize: D, numHiddens: H });
      layer.W_x.set(Float32Array.from(c.w.Wx));
      layer.W_h.set(Float32Array.from(c.w.Wh));
      layer.b.set(Float32Array.from(c.w.b));
      const X = eng.tensor([T * B, D], Float32Array.from(c.X)),
        dOut = eng.tensor([T * B, H], Float32Array.from(c.dOut));
      layer.forward({ X: X.ptr }, T, B, undefined, undefined, mask);
      const out = layer.outputsBatchMajor();
      layer.backward(dOut.ptr);
      const grads = layer.params.map((q) => q.grad.toArray());
      layer.dispose();
      X.dispose();
      dOut.dispose();
      return { out, grads };
    };
    const ones = eng.tensor([B, H], new Float32Array(B * H).fill(1));
    const plain = run(0),
      masked = run(ones.ptr);
    assert.deepEqual(masked.out, plain.out);
    masked.grads.forEach((g, i) => assert.deepEqual(g, plain.grads[i]));
    const gru = new RecurrentLayer(eng, { cell: 'gru', inputSize: D, numHiddens: H });
    const X = eng.tensor([T * B, D]);
    assert.throws(
      () => gru.forward({ X: X.ptr }, T, B, undefined, undefined, ones.ptr),
      /recurrent dropout mask is implemented for lstm only, not gru/,
    );
    gru.dispose();
    X.dispose();
    ones.dispose();
    await eng.dispose();
  }
});
