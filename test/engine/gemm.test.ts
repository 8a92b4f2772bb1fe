import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, Engine, Trans } from '../../src/engine/engine';
import { packedFloats } from '../../src/engine/kernels';

/** Deterministic values in [−1, 1). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** The textbook triple loop in float64: C = beta·C + op(A)·op(B). */
function naive(
  tA: Trans,
  tB: Trans,
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  B: Float32Array,
  C: Float32Array,
  beta: number,
): Float64Array {
  const out = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = beta * C[i * N + j]!;
      for (let k = 0; k < K; k++) {
        const a = tA === 'N' ? A[i * K + k]! : A[k * M + i]!;
        const b = tB === 'N' ? B[k * N + j]! : B[j * K + k]!;
        s += a * b;
      }
      out[i * N + j] = s;
    }
  }
  return out;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [5, 7, 3],
  [4, 8, 16],
  [33, 65, 257],
  [130, 9, 300],
  [3, 1030, 5],
  [64, 256, 33],
];

function maxError(got: Float32Array, want: Float64Array, K: number): number {
  let e = 0;
  for (let i = 0; i < want.length; i++) e = Math.max(e, Math.abs(got[i]! - want[i]!) / Math.sqrt(K));
  return e;
}

async function checkForms(eng: Engine, packed: boolean): Promise<void> {
  let seed = 1;
  for (const [M, N, K] of SHAPES) {
    for (const tA of ['N', 'T'] as const) {
      for (const tB of ['N', 'T'] as const) {
        if (tA === 'T' && tB === 'T') continue;
        for (const beta of [0, 1] as const) {
          const a = values(M * K, seed++),
            b = values(K * N, seed++),
            c = values(M * N, seed++);
          const A = eng.tensor([M * K], a),
            B = eng.tensor([K * N], b),
            C = eng.tensor([M * N], c);
          const lda = tA === 'N' ? K : M,
            ldb = tB === 'N' ? N : K;
          if (packed) {
            const Bp = eng.tensor([packedFloats(K, N)]);
            eng.packB(tB, K, N, B.ptr, ldb, Bp.ptr);
            eng.gemmPacked(tA, M, N, K, A.ptr, lda, Bp.ptr, C.ptr, N, beta);
            Bp.dispose();
          } else {
            eng.gemm(tA, tB, M, N, K, A.ptr, lda, B.ptr, ldb, C.ptr, N, beta);
          }
          const err = maxError(C.view(), naive(tA, tB, M, N, K, a, b, c, beta), K);
          assert.ok(
            err < 1e-6,
            `${packed ? 'packed ' : ''}${tA}${tB} ${M}×${N}×${K} beta ${beta}: error ${err}`,
          );
          A.dispose();
          B.dispose();
          C.dispose();
        }
      }
    }
  }
}

test('SIMD GEMM agrees with the triple loop: A·B, Aᵀ·B, A·Bᵀ, odd sizes, beta 0 and 1', async () => {
  const eng = await createEngine({ simd: true, threads: 1 });
  await checkForms(eng, false);
  await checkForms(eng, true);
  await eng.dispose();
});

test('TypeScript fallback GEMM agrees with the triple loop', async () => {
  const eng = await createEngine({ simd: false });
  assert.equal(eng.simd, false);
  await checkForms(eng, false);
  await checkForms(eng, true);
  await eng.dispose();
});

test('two threads give bit-identical GEMM results', async () => {
  const e1 = await createEngine({ simd: true, threads: 1 });
  const e2 = await createEngine({ simd: true, threads: 2 });
  assert.equal(e2.threads, 2);
  for (const [M, N, K] of [
    [64, 1024, 256],
    [300, 40, 200],
  ] as const) {
    const a = values(M * K, 7),
      b = values(K * N, 8);
    const out: Float32Array[] = [];
    for (const eng of [e1, e2]) {
      const A = eng.tensor([M * K], a),
        B = eng.tensor([K * N], b),
        C = eng.tensor([M * N]);
      eng.gemm('N', 'N', M, N, K, A.ptr, K, B.ptr, N, C.ptr, N, 0);
      out.push(C.toArray());
    }
    assert.deepEqual(out[1], out[0]);
  }
  await e1.dispose();
  await e2.dispose();
});
