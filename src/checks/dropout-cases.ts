/**
 * Variational dropout (Gal & Ghahramani 2016) checked twice, with FIXED masks (dropout is a random
 * function; with its masks drawn and held it is an ordinary differentiable one):
 *
 * 1. {@link variationalLstmCase}: the float64 reference (src/nn) — an LSTM whose input, recurrent state
 *    and output carry one mask per sequence,
 *
 *      X̃_t = X_t ⊙ M_x,   Z_t = X̃_t W_x + (H_{t−1} ⊙ M_h) W_h + b,   Ỹ_t = H_t ⊙ M_y,
 *
 *    against central differences (src/checks/gradcheck.ts).
 * 2. {@link engineDropoutVsReference}: the engine's SequenceModel with variational dropout
 *    (float32, fused kernels) against that reference run with the masks the engine drew — the loss and
 *    the gradient of every weight and of the embedding table. The reference uses only the masks' first
 *    step, so a mask that changed over time would show as an error. The same for standard dropout
 *    (Zaremba et al. 2014: fresh masks at every step on the embedding and the layer output, none on the
 *    recurrent state), where the reference takes every step's mask.
 */
import { Rng, Tensor, gemm } from '../tensor';
import { LSTMParams, applySequenceMask, initLSTM, lstmBackward, lstmForward } from '../nn';
import { sequenceDropoutMask, softmaxCrossEntropy } from '../nn';
import { DropoutKind, Engine, SequenceModel, splitGates } from '../engine';
import { GradCase, SeqSizes, dot, randomTensor } from './cases';
import { relativeTo, swapMajor } from './crossCheck';

const SIZES: SeqSizes = { batchSize: 3, numSteps: 4, numInputs: 3, numHiddens: 4 };

/**
 * The reference LSTM with variational dropout masks M_x [B, D], M_h [B, H], M_y [B, H] at rate `p`;
 * loss = ⟨Ỹ, w_H⟩ + ⟨H_T, w_HT⟩ + ⟨C_T, w_CT⟩ for fixed random w (every backward term is used).
 */
export function variationalLstmCase(seed = 7, s: SeqSizes = SIZES, p = 0.3): GradCase {
  const rng = new Rng(seed);
  const { batchSize: B, numSteps: T, numInputs: D, numHiddens: H } = s;
  const params = initLSTM(D, H, rng, 'float64');
  for (const g of ['i', 'f', 'o', 'c']) params[`b_${g}`] = randomTensor([H], rng, 0.5);
  const X = randomTensor([B, T, D], rng);
  const H0 = randomTensor([B, H], rng, 0.5);
  const C0 = randomTensor([B, H], rng, 0.5);
  const wH = randomTensor([B, T, H], rng);
  const wHT = randomTensor([B, H], rng);
  const wCT = randomTensor([B, H], rng);
  const M_x = sequenceDropoutMask(B, D, p, rng),
    M_h = sequenceDropoutMask(B, H, p, rng),
    M_y = sequenceDropoutMask(B, H, p, rng);
  const forward = (): ReturnType<typeof lstmForward> =>
    lstmForward(params, applySequenceMask(X, M_x), { H: H0, C: C0 }, { recurrentMask: M_h });
  return {
    inputs: { ...params, X, H0, C0 },
    loss: () => {
      const r = forward();
      return dot(applySequenceMask(r.H, M_y), wH) + dot(r.HT, wHT) + dot(r.CT, wCT);
    },
    analytic: () => {
      const r = forward();
      // ∂L/∂H_t = w_H,t ⊙ M_y;  ∂L/∂X_t = (∂L/∂X̃_t) ⊙ M_x
      const b = lstmBackward(params, r.cache, { dH: applySequenceMask(wH, M_y), dHT: wHT, dCT: wCT });
      return { ...b.grads, X: applySequenceMask(b.dX, M_x), H0: b.dH0, C0: b.dC0 };
    },
  };
}

/** Sizes of {@link engineDropoutVsReference}. */
export interface VariationalSizes {
  batchSize: number;
  numSteps: number;
  vocabSize: number;
  embedDim: number;
  numHiddens: number;
}

/** The rows of step 0 of a time-major mask [T·B, W]: a variational mask's [B, W]. */
function firstStep(mask: Float32Array, B: number, W: number): Tensor {
  return new Tensor([B, W], Float64Array.from(mask.subarray(0, B * W)));
}

/**
 * X ⊙ M for X [B, T, W] and a time-major mask [T·B, W] as the engine drew it: variational, step 0's
 * [B, W] at every step; standard, every step's own rows. Its backward is the same product.
 */
function maskWith(
  kind: DropoutKind,
  mask: Float32Array,
  B: number,
  T: number,
  W: number,
): (X: Tensor) => Tensor {
  if (kind === 'variational') {
    const M = firstStep(mask, B, W);
    return (X) => applySequenceMask(X, M);
  }
  const M = swapMajor(mask, T, B, W); // [B, T, W]
  return (X) =>
    new Tensor(
      X.shape,
      X.data.map((x, i) => x * M[i]!),
    );
}

/** What {@link engineDropoutVsReference} measures. */
export interface VariationalComparison {
  /** Relative errors (engine vs the float64 reference with the engine's masks): loss and every gradient. */
  errors: Record<string, number>;
  /** The largest change of a mask entry between steps (0: one mask per sequence, as variational). */
  masksVaryOverTime: number;
  /** The fraction of mask entries that are not zero (≈ 1 − p). */
  keptFraction: number;
}

/** The engine's dropout against the reference with the same masks (see the file comment). */
export function engineDropoutVsReference(
  engine: Engine,
  kind: DropoutKind = 'variational',
  sizes: VariationalSizes = { batchSize: 12, numSteps: 7, vocabSize: 9, embedDim: 5, numHiddens: 11 },
  p = 0.3,
  seed = 17,
): VariationalComparison {
  const { batchSize: B, numSteps: T, vocabSize: V, embedDim: E, numHiddens: H } = sizes;
  const model = new SequenceModel(engine, {
    cell: 'lstm',
    vocabSize: V,
    embedDim: E,
    numHiddens: H,
    dropout: p,
    variational: kind === 'variational',
    seed,
  });
  try {
    const rng = new Rng(seed);
    const X = Int32Array.from({ length: B * T }, () => rng.int(V));
    const Y = Int32Array.from({ length: B * T }, () => rng.int(V));
    const { loss } = model.lossAndGradients(X, Y, B, T);
    const masks = model.lastDropoutMasks(B, T)!;
    const grads: Record<string, Float32Array> = {};
    for (const q of model.params) grads[q.name] = q.grad.toArray();
    const w = model.getWeights();
    const f64 = (name: string): Tensor => new Tensor(w[name]!.shape, Float64Array.from(w[name]!.data));
    const lstm = splitGates('lstm', {
      kernel: f64('lstm_0/kernel'),
      recurrentKernel: f64('lstm_0/recurrent_kernel'),
      bias: f64('lstm_0/bias'),
    }) as LSTMParams;
    const emb = f64('embedding/embeddings').data, // [V, E]
      W_out = f64('dense/kernel').data, // [H, V]
      b_out = f64('dense/bias').data; // [V]
    const M_x = maskWith(kind, masks.embedding, B, T, E),
      M_y = maskWith(kind, masks.outputs[0]!, B, T, H);
    const recurrentMask = kind === 'variational' ? firstStep(masks.recurrent![0]!, B, H) : undefined;
    // Forward: E_t = emb[x_t] [B, T, E] → ⊙ M_x → LSTM (recurrent mask M_h) → ⊙ M_y → logits [B·T, V]
    const Xe = Tensor.zeros([B, T, E], 'float64');
    X.forEach((v, r) => Xe.data.set(emb.subarray(v * E, (v + 1) * E), r * E));
    const r = lstmForward(lstm, M_x(Xe), undefined, { recurrentMask });
    const Hy = M_y(r.H); // [B, T, H]
    const logits = new Float64Array(B * T * V);
    for (let i = 0; i < B * T; i++) logits.set(b_out, i * V);
    gemm(Hy.data, W_out, logits, B * T, V, H, { accumulate: true });
    const ce = softmaxCrossEntropy(logits, Y, B * T, V); // grad: ∂loss/∂logits
    // Backward
    const dW_out = new Float64Array(H * V),
      db_out = new Float64Array(V),
      dHy = Tensor.zeros([B, T, H], 'float64');
    gemm(Hy.data, ce.grad, dW_out, H, V, B * T, { transA: true }); // dW = Hyᵀ dlogits
    for (let i = 0; i < B * T; i++) for (let j = 0; j < V; j++) db_out[j]! += ce.grad[i * V + j]!;
    gemm(ce.grad, W_out, dHy.data, B * T, H, V, { transB: true }); // dHy = dlogits Wᵀ
    const back = lstmBackward(lstm, r.cache, { dH: M_y(dHy) });
    const dXe = M_x(back.dX); // [B, T, E]
    const dEmb = new Float64Array(V * E);
    X.forEach((v, row) => {
      for (let j = 0; j < E; j++) dEmb[v * E + j]! += dXe.data[row * E + j]!;
    });
    const engineGates = splitGates('lstm', {
      kernel: new Tensor([E, 4 * H], grads['lstm_0/kernel']!),
      recurrentKernel: new Tensor([H, 4 * H], grads['lstm_0/recurrent_kernel']!),
      bias: new Tensor([4 * H], grads['lstm_0/bias']!),
    });
    const errors: Record<string, number> = { loss: Math.abs(loss - ce.loss) / Math.abs(ce.loss) };
    for (const [name, t] of Object.entries(back.grads))
      errors[name] = relativeTo(engineGates[name]!.data, t.data);
    errors['embedding'] = relativeTo(grads['embedding/embeddings']!, dEmb);
    errors['dense/kernel'] = relativeTo(grads['dense/kernel']!, dW_out);
    errors['dense/bias'] = relativeTo(grads['dense/bias']!, db_out);
    // Diagnostics (not errors against the reference): masks constant over time, and the kept fraction.
    let vary = 0,
      kept = 0,
      total = 0;
    for (const [m, Wd] of [
      [masks.embedding, E],
      [masks.outputs[0]!, H],
    ] as const) {
      for (let i = 0; i < m.length; i++) {
        vary = Math.max(vary, Math.abs(m[i]! - m[i % (B * Wd)]!));
        kept += m[i]! !== 0 ? 1 : 0;
        total++;
      }
    }
    return { errors, masksVaryOverTime: vary, keptFraction: kept / total };
  } finally {
    model.dispose();
  }
}
