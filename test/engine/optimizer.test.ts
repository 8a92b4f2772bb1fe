import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEngine, Engine } from '../../src/engine/engine';
import { Parameter } from '../../src/engine/parameter';
import { Optimizer, OptimizerOptions } from '../../src/engine/optimizer';
import { values } from './reference';

async function both(f: (eng: Engine) => void): Promise<void> {
  for (const simd of [true, false]) {
    const eng = await createEngine({ simd });
    try {
      f(eng);
    } finally {
      await eng.dispose();
    }
  }
}

/** θ after three steps of `options` with the gradients gs, from θ₀, on a parameter of `shape`. */
function run(
  eng: Engine,
  options: OptimizerOptions,
  shape: number[],
  p0: number[],
  gs: number[][],
): number[] {
  const p = new Parameter(eng, 'w', shape, p0);
  const opt = new Optimizer(eng, options);
  for (const g of gs) {
    p.grad.set(g);
    opt.step([p], 0.1);
  }
  const out = Array.from(p.get());
  opt.dispose();
  p.dispose();
  return out;
}

const n = 6,
  lr = 0.1,
  mu = 0.9,
  lambda = 0.2;
// float32-exact numbers, so the float64 formulas start where the engine does
const p0 = Array.from(values(n, 3), Math.fround),
  gs = [4, 5, 6].map((seed) => Array.from(values(n, seed), Math.fround));

function close(got: number[], want: number[], what: string, tol = 2e-6): void {
  for (let i = 0; i < want.length; i++)
    assert.ok(Math.abs(got[i]! - want[i]!) <= tol, `${what}[${i}]: ${got[i]} vs ${want[i]}`);
}

test('momentum: b ← μb + g, θ ← θ − ηb; nesterov: θ ← θ − η(g + μb); μ = 0.9 by default', async () => {
  await both((eng) => {
    for (const name of ['momentum', 'nesterov'] as const) {
      const theta = [...p0],
        b = new Array<number>(n).fill(0);
      for (const g of gs)
        for (let i = 0; i < n; i++) {
          b[i] = mu * b[i]! + g[i]!;
          theta[i]! -= lr * (name === 'nesterov' ? g[i]! + mu * b[i]! : b[i]!);
        }
      close(run(eng, { name }, [n], p0, gs), theta, name);
    }
  });
});

test('L2 adds λθ and L1 adds λ₁ sign θ to the gradient of a matrix, never of a bias', async () => {
  await both((eng) => {
    const theta = [...p0];
    for (const g of gs)
      for (let i = 0; i < n; i++)
        theta[i]! -= lr * (g[i]! + lambda * theta[i]! + 0.05 * Math.sign(theta[i]!));
    close(run(eng, { name: 'sgd', weightDecay: lambda, l1: 0.05 }, [2, 3], p0, gs), theta, 'sgd+L2+L1');
    // the same numbers as a bias [6]: the penalties do not apply, plain SGD
    const plain = run(eng, { name: 'sgd' }, [n], p0, gs);
    close(run(eng, { name: 'sgd', weightDecay: lambda, l1: 0.05 }, [n], p0, gs), plain, 'bias', 0);
  });
});

test('decoupled decay equals L2 under plain SGD and differs from it under Adam', async () => {
  await both((eng) => {
    const coupled = run(eng, { name: 'sgd', weightDecay: lambda }, [2, 3], p0, gs);
    close(run(eng, { name: 'sgd', weightDecay: lambda, decoupled: true }, [2, 3], p0, gs), coupled, 'sgdw');
    const adamL2 = run(eng, { name: 'adam', weightDecay: lambda }, [2, 3], p0, gs);
    const adamW = run(eng, { name: 'adam', weightDecay: lambda, decoupled: true }, [2, 3], p0, gs);
    const gap = Math.max(...adamL2.map((v, i) => Math.abs(v - adamW[i]!)));
    assert.ok(gap > 1e-3, `Adam + L2 and AdamW differ (largest gap ${gap})`);
  });
});

test('bad optimizer settings are refused with the value', async () => {
  await both((eng) => {
    const bad: [OptimizerOptions, RegExp][] = [
      [
        JSON.parse('{"name": "lbfgs"}') as OptimizerOptions,
        /optimizer must be one of sgd, momentum, .*; got 'lbfgs'/,
      ],
      [{ name: 'momentum', momentum: 1 }, /momentum must be in \[0, 1\); got 1/],
      [{ name: 'nesterov', momentum: 0 }, /nesterov needs a momentum in \(0, 1\); got 0/],
      [{ name: 'adam', weightDecay: -1 }, /weightDecay must be a finite number ≥ 0; got -1/],
      [{ name: 'adam', l1: NaN }, /l1 must be a finite number ≥ 0; got NaN/],
    ];
    for (const [o, message] of bad) assert.throws(() => new Optimizer(eng, o), message);
  });
});
