/**
 * A dense (fully connected) layer on the engine: Y = X W + b over rows, weights as tfjs's `dense`
 * (kernel [inputSize, units], bias [units]).
 *
 *   Y = X W + b            dW += Xᵀ dY,   db += Σ_rows dY,   dX = dY Wᵀ        — 000_c3a610c45ca18028.txt §3.5.1
 */
import { Engine } from './engine';
import { Parameter } from './parameter';
import { engineRng } from './random';

/** Options of {@link Dense}. */
export interface DenseOptions {
  inputSize: number;
  units: number;
  /** Seed of the initial weights (U(−1/√inputSize, 1/√inputSize), as PyTorch's Linear). @default 0 */
  seed?: number;
  /** Prefix of the parameter names. @default 'dense' */
  name?: string;
}

export class Dense {
  readonly inputSize: number;
  readonly units: number;
  /** kernel [inputSize, units] */
  readonly W: Parameter;
  /** bias [units] */
  readonly b: Parameter;

  constructor(
    private readonly engine: Engine,
    options: DenseOptions,
  ) {
    const { inputSize, units } = options;
    for (const [k, v] of [
      ['inputSize', inputSize],
      ['units', units],
    ] as const) {
      if (!Number.isInteger(v) || v < 1) throw new Error(`${k} must be a positive integer; got ${v}`);
    }
    this.inputSize = inputSize;
    this.units = units;
    const rng = engineRng(options.seed ?? 0);
    const a = 1 / Math.sqrt(inputSize);
    const name = options.name ?? 'dense';
    this.W = new Parameter(
      engine,
      `${name}/kernel`,
      [inputSize, units],
      rng.uniformArray(inputSize * units, a),
    );
    this.b = new Parameter(engine, `${name}/bias`, [units], rng.uniformArray(units, a));
  }

  get params(): Parameter[] {
    return [this.W, this.b];
  }

  /** Y [rows, units] = X [rows, inputSize] W + b, at address Y. */
  forward(X: number, rows: number, Y: number): void {
    const n = this.units;
    this.engine.kernels.fillRows(rows, n, Y, n, this.b.value.ptr);
    this.engine.gemm('N', 'N', rows, n, this.inputSize, X, this.inputSize, this.W.value.ptr, n, Y, n, 1);
  }

  /** Accumulates dW, db from dY [rows, units] and X; writes dX = dY Wᵀ at address dX unless it is 0. */
  backward(X: number, dY: number, rows: number, dX = 0): void {
    const n = this.units,
      d = this.inputSize,
      e = this.engine;
    e.gemm('T', 'N', d, n, rows, X, d, dY, n, this.W.grad.ptr, n, 1);
    e.kernels.colSum(rows, n, dY, n, this.b.grad.ptr, 1);
    if (dX !== 0) e.gemm('N', 'T', rows, d, n, dY, n, this.W.value.ptr, n, dX, d, 0);
  }

  dispose(): void {
    this.W.dispose();
    this.b.dispose();
  }
}
