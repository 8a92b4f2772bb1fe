import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createGemmEngine, GemmForm } from '../../src/engine/gemm';
import { simdSupported } from '../../src/engine/kernels';
import { gemm as tsGemm } from '../../src/tensor/gemm';
import { Rng } from '../../src/tensor/rng';

/** Reference in float64 with the plain loops of src/tensor. */
function reference(form: GemmForm, A: Float32Array, B: Float32Array, C0: Float32Array, M: number, N: number, K: number, accumulate: boolean): Float64Array {
  const C = Float64Array.from(C0);
  tsGemm(Float64Array.from(A), Float64Array.from(B), C, M, N, K, { transA: form === 'tn', transB: form === 'nt', accumulate });
  return C;
}

test('WebAssembly SIMD is available on this Node', () => {
  assert.equal(simdSupported(), true);
});

for (const simd of [true, false]) {
  test(`gemm (${simd ? 'wasm SIMD' : 'TypeScript fallback'}) matches a float64 reference in all three forms, odd sizes, with and without accumulation`, () => {
    const engine = createGemmEngine({ simd });
    assert.equal(engine.simd, simd);
    const rng = new Rng(1);
    const rand = (n: number): Float32Array => Float32Array.from({ length: n }, () => rng.normal());
    for (const [M, N, K] of [[1, 1, 1], [4, 8, 3], [5, 9, 7], [13, 17, 33], [32, 64, 16], [33, 70, 65], [9, 20, 300], [6, 16, 257]] as const) {
      for (const form of ['nn', 'tn', 'nt'] as const) {
        for (const accumulate of [false, true]) {
          const mark = engine.kernels.mark();
          const a = rand(M * K), b = rand(K * N), c0 = rand(M * N);
          const A = engine.kernels.upload(a), B = engine.kernels.upload(b), C = engine.kernels.upload(c0);
          engine.gemm(form, A, B, C, M, N, K, accumulate);
          const expected = reference(form, a, b, c0, M, N, K, accumulate);
          const got = engine.kernels.view(C);
          let err = 0;
          for (let i = 0; i < got.length; i++) err = Math.max(err, Math.abs(got[i]! - expected[i]!) / (1 + Math.abs(expected[i]!)));
          // float32 sums of K products: rounding grows like K·ε (ε ≈ 6e-8)
          const tolerance = 1e-6 + 1e-7 * K;
          assert.ok(err < tolerance, `${form} M=${M} N=${N} K=${K} accumulate=${accumulate}: error ${err} > ${tolerance}`);
          engine.kernels.release(mark);
        }
      }
    }
  });
}

test('gemm names an operand that is too small', () => {
  const engine = createGemmEngine();
  const A = engine.kernels.alloc(6), B = engine.kernels.alloc(6), C = engine.kernels.alloc(3);
  assert.throws(() => engine.gemm('nn', A, B, C, 2, 2, 3), /gemm_nn: C has 3 floats, needs \[M=2, N=2\] = 4/);
});

test('views stay valid across memory growth when re-made', () => {
  const engine = createGemmEngine();
  const a = engine.kernels.upload([1, 2, 3]);
  engine.kernels.alloc(8 * 1024 * 1024); // forces the memory to grow
  assert.deepEqual(Array.from(engine.kernels.view(a)), [1, 2, 3]);
});
