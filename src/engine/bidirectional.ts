/**
 * A bidirectional recurrent layer (Schuster & Paliwal 1997): one layer reads the sequence forwards,
 * a second reads it backwards, and each step's output is both states side by side,
 *
 *   H→_t = cell→(X_t, H→_{t−1}),   H←_t = cell←(X_t, H←_{t+1}),   Y_t = [H→_t, H←_t]   [T·B, 2H]
 *
 * so every output sees the whole utterance — what a recogniser reading a finished recording wants.
 *
 * With packed sequences (lengths L_b, sorted longest first), "backwards" means from each sequence's
 * own last step: the backward layer runs an ordinary packed forward pass over X reversed row by row,
 * X^rev_t[b] = X_{L_b−1−t}[b] for t < L_b, and its outputs are reversed back the same way. Outputs at
 * padded steps (t ≥ L_b) are zero, and gradients arriving there are ignored. The final states:
 * H→ after step L_b − 1, H← after step 0.
 *
 * The backward pass splits ∂L/∂Y into its two halves, reverses the second, runs both layers' BPTT and
 * adds the two input gradients (the second reversed back).
 */
import { Engine } from './engine';
import { LayerState, RecurrentLayer, RecurrentLayerOptions } from './recurrent';
import { Parameter } from './parameter';
import { Workspace } from './workspace';

/**
 * Options of {@link BidirectionalLayer}: those of a {@link RecurrentLayer}; the backward layer's seed is
 * seed + 1.
 */
export type BidirectionalLayerOptions = RecurrentLayerOptions;

export class BidirectionalLayer {
  readonly forwardLayer: RecurrentLayer;
  readonly backwardLayer: RecurrentLayer;
  readonly inputSize: number;
  readonly numHiddens: number;
  private readonly ws: Workspace;
  private shape: { T: number; B: number; lengths: Int32Array } | undefined;

  constructor(
    private readonly engine: Engine,
    options: BidirectionalLayerOptions,
  ) {
    const name = options.name ?? `bidirectional_${options.cell}`;
    this.forwardLayer = new RecurrentLayer(engine, {
      ...options,
      name: `${name}/forward`,
      seed: options.seed ?? 0,
    });
    this.backwardLayer = new RecurrentLayer(engine, {
      ...options,
      name: `${name}/backward`,
      seed: (options.seed ?? 0) + 1,
    });
    this.inputSize = options.inputSize;
    this.numHiddens = options.numHiddens;
    this.ws = new Workspace(engine);
  }

  /** The forward layer's W_x, W_h, b, then the backward layer's. */
  get params(): Parameter[] {
    return [...this.forwardLayer.params, ...this.backwardLayer.params];
  }

  /** Output width: 2·numHiddens. */
  get outputSize(): number {
    return 2 * this.numHiddens;
  }

  /**
   * Copies rows of width D from `src` to `dst` ([T·B, D] time-major blocks) with each sequence's steps
   * reversed: dst_t[b] = src_{L_b−1−t}[b] for t < L_b; zeros at padded steps.
   */
  private reverse(
    src: number,
    srcWidth: number,
    srcOffset: number,
    dst: number,
    dstWidth: number,
    dstOffset: number,
    D: number,
    add: boolean,
  ): void {
    const { T, B, lengths } = this.shape!,
      f = this.engine.mem.f32();
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        const to = (dst >> 2) + (t * B + b) * dstWidth + dstOffset,
          L = lengths[b]!;
        if (t >= L) {
          if (!add) f.fill(0, to, to + D);
          continue;
        }
        const from = (src >> 2) + ((L - 1 - t) * B + b) * srcWidth + srcOffset;
        if (add) for (let j = 0; j < D; j++) f[to + j] = f[to + j]! + f[from + j]!;
        else f.copyWithin(to, from, from + D);
      }
    }
  }

  /**
   * Runs both directions over X [T·B, inputSize] (time-major address) for `lengths` (sorted longest
   * first; omitted = all T). X must stay unchanged until {@link BidirectionalLayer.backward}.
   */
  forward(X: number, numSteps: number, batchSize: number, lengths?: Int32Array): void {
    const T = numSteps,
      B = batchSize,
      D = this.inputSize,
      H = this.numHiddens;
    const L = lengths ?? new Int32Array(B).fill(T);
    this.shape = { T, B, lengths: L };
    this.forwardLayer.forward({ X }, T, B, undefined, L);
    const Xr = this.ws.get('Xr', T * B * D);
    this.reverse(X, D, 0, Xr, D, 0, D, false);
    this.backwardLayer.forward({ X: Xr }, T, B, undefined, L);
    // Y_t = [H→_t, H←_t], zero at padded steps
    const Y = this.ws.get('Y', T * B * 2 * H),
      f = this.engine.mem.f32(),
      Hf = this.forwardLayer.outputs() >> 2;
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        const to = (Y >> 2) + (t * B + b) * 2 * H;
        if (t < L[b]!) f.copyWithin(to, Hf + (t * B + b) * H, Hf + (t * B + b + 1) * H);
        else f.fill(0, to, to + H);
      }
    }
    this.reverse(this.backwardLayer.outputs(), H, 0, Y, 2 * H, H, H, false);
  }

  /** Address of the outputs Y [T·B, 2H] (time-major) of the last forward. */
  outputs(): number {
    if (this.shape === undefined) throw new Error('BidirectionalLayer: forward must run before outputs()');
    return this.ws.get('Y', 0);
  }

  /** A copy of the outputs, batch-major [batchSize, numSteps, 2H]. */
  outputsBatchMajor(): Float32Array {
    const { T, B } = this.shape!,
      W = 2 * this.numHiddens;
    const src = new Float32Array(this.engine.mem.memory.buffer, this.outputs(), T * B * W),
      out = new Float32Array(T * B * W);
    for (let t = 0; t < T; t++)
      for (let b = 0; b < B; b++)
        out.set(src.subarray((t * B + b) * W, (t * B + b + 1) * W), (b * T + t) * W);
    return out;
  }

  /** The final states [H→ after each sequence's last step, H← after its first], each [B, H]. */
  finalStates(): [LayerState, LayerState] {
    return [this.forwardLayer.finalState(), this.backwardLayer.finalState()];
  }

  /**
   * BPTT through both directions. `dY`: address of ∂L/∂Y [T·B, 2H] (0 when only the final states
   * matter); `dFinal`: ∂L/∂(final states) of the two layers; `dX`: address receiving ∂L/∂X [T·B, inputSize]
   * (overwritten), or 0. One backward per forward.
   */
  backward(dY: number, dFinal?: [LayerState | undefined, LayerState | undefined], dX = 0): void {
    if (this.shape === undefined) throw new Error('BidirectionalLayer: forward must run before backward');
    const { T, B, lengths: L } = this.shape,
      H = this.numHiddens,
      D = this.inputSize;
    let dF = 0,
      dBr = 0;
    if (dY !== 0) {
      dF = this.ws.get('dF', T * B * H);
      dBr = this.ws.get('dBr', T * B * H);
      const v = this.engine.mem.f32();
      for (let t = 0; t < T; t++) {
        for (let b = 0; b < B; b++) {
          const to = (dF >> 2) + (t * B + b) * H;
          if (t < L[b]!)
            v.copyWithin(to, (dY >> 2) + (t * B + b) * 2 * H, (dY >> 2) + (t * B + b) * 2 * H + H);
          else v.fill(0, to, to + H);
        }
      }
      this.reverse(dY, 2 * H, H, dBr, H, 0, H, false);
    }
    const dXr = dX === 0 ? 0 : this.ws.get('dXr', T * B * D);
    this.forwardLayer.backward(dF, dFinal?.[0], dX);
    this.backwardLayer.backward(dBr, dFinal?.[1], dXr);
    if (dX !== 0) this.reverse(dXr, D, 0, dX, D, 0, D, true);
  }

  /** Frees both layers and the work space. */
  dispose(): void {
    this.forwardLayer.dispose();
    this.backwardLayer.dispose();
    this.ws.dispose();
  }
}
