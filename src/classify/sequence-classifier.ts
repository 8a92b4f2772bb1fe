/**
 * Training a recurrent sequence classifier from scratch (src/nn cells, hand-written BPTT): the final
 * hidden state H_T feeds a dense layer, logits = H_T W + b, trained with softmax cross-entropy, Adam
 * and gradient clipping. Used by the LSTM and GRU chapters to compare cells on the same task.
 */
import { Rng } from '../tensor';
import { Tensor } from '../tensor';
import { initDense, denseBackward, denseForward } from '../nn';
import { softmaxCrossEntropy } from '../nn';
import { Adam } from '../nn';
import { clipGlobalNorm } from '../nn';
import { Params, countParams } from '../nn';
import { initRNN, rnnBackward, rnnForward, RNNParams } from '../nn';
import { initLSTM, lstmBackward, lstmForward, LSTMParams } from '../nn';
import { initGRU, gruBackward, gruForward, GRUParams } from '../nn';
import { argmaxRows, accuracy } from '../metrics';
import { TrainingLoop } from '../train/index';

export type CellName = 'rnn' | 'lstm' | 'gru';

/** A recurrent cell plus its dense head, behind one forward/backward interface. */
export interface SequenceClassifier {
  cell: CellName;
  params: Params;
  /** Logits [batchSize, numClasses] and a closure computing all gradients from ∂L/∂logits. */
  forward(X: Tensor): { logits: Tensor; backward(dLogits: Tensor): Params };
}

/**
 * A classifier over sequences with `numInputs` features and `numClasses` classes. `gateBias` starts the
 * gates that decide how much state is kept — the LSTM's forget gate (b_f) and the GRU's update gate
 * (b_z) — at σ(gateBias), so that at initialisation memory decays slowly (Gers et al. 2000; Jozefowicz
 * et al. 2015 recommend a positive forget bias).
 */
export function sequenceClassifier(
  cell: CellName,
  numInputs: number,
  numHiddens: number,
  numClasses: number,
  seed = 0,
  gateBias = 1,
): SequenceClassifier {
  const rng = new Rng(seed);
  const gru = (): GRUParams => {
    const g = initGRU(numInputs, numHiddens, rng);
    g.b_z.data.fill(gateBias);
    return g;
  };
  const core: Params =
    cell === 'lstm'
      ? initLSTM(numInputs, numHiddens, rng, 'float32', gateBias)
      : cell === 'gru'
        ? gru()
        : (({ W_xh, W_hh, b_h }: RNNParams) => ({ W_xh, W_hh, b_h }))(
            initRNN({ numInputs, numHiddens, numOutputs: 1 }, rng),
          );
  const head = initDense(numHiddens, numClasses, rng);
  const params: Params = { ...core, W_out: head.W, b_out: head.b };
  return {
    cell,
    params,
    forward(X) {
      let HT: Tensor;
      let back: (dHT: Tensor) => Params;
      if (cell === 'lstm') {
        const r = lstmForward(params as LSTMParams, X);
        HT = r.HT;
        back = (dHT) => lstmBackward(params as LSTMParams, r.cache, { dHT }).grads;
      } else if (cell === 'gru') {
        const r = gruForward(params as GRUParams, X);
        HT = r.HT;
        back = (dHT) => gruBackward(params as GRUParams, r.cache, { dHT }).grads;
      } else {
        // The RNN's own output layer is unused here: its dense head is W_out.
        const p = { ...params, W_hy: Tensor.zeros([numHiddens, 1]), b_y: Tensor.zeros([1]) } as RNNParams;
        const r = rnnForward(p, X);
        HT = r.HT;
        back = (dHT) => {
          const { W_xh, W_hh, b_h } = rnnBackward(p, r.cache, { dHT }).grads;
          return { W_xh, W_hh, b_h };
        };
      }
      const logits = denseForward(params.W_out!, params.b_out!, HT); // [batchSize, numClasses]
      return {
        logits,
        backward(dLogits) {
          const d = denseBackward(params.W_out!, HT, dLogits);
          return { ...back(d.dX), W_out: d.dW, b_out: d.db };
        },
      };
    },
  };
}

/** Options of {@link trainClassifier}. */
export interface TrainClassifierOptions {
  /** Draws a batch: one-hot X [batchSize, numSteps, numInputs] and labels. */
  batch(rng: Rng): { X: Tensor; y: Int32Array };
  steps: number;
  /** @default 0.01 */
  lr?: number;
  /** Clip the global gradient norm at this value. @default 1 */
  clip?: number;
  /** @default 0 */
  seed?: number;
  /** Called after every step. */
  onStep?(step: number, loss: number, accuracy: number): void;
}

/** Trains with Adam and clipping; returns per-step loss and batch accuracy, and the parameter count. */
export function trainClassifier(
  model: SequenceClassifier,
  o: TrainClassifierOptions,
): { losses: number[]; accuracies: number[]; numParams: number } {
  const rng = new Rng(o.seed ?? 0);
  const opt = new Adam(o.lr ?? 0.01);
  const accuracies: number[] = [];
  // The step budget, the divergence stop and the loss record: src/train/loop.ts.
  const loop = new TrainingLoop({
    what: 'trainClassifier',
    maxSteps: o.steps,
    onStep: (i) => o.onStep?.(i.step - 1, i.loss, accuracies[i.step - 1]!),
  });
  while (loop.running) {
    loop.step(() => {
      const { X, y } = o.batch(rng);
      const f = model.forward(X);
      const [B, K] = f.logits.shape as [number, number];
      const { loss, grad } = softmaxCrossEntropy(f.logits.data, y, B, K);
      const grads = f.backward(new Tensor([B, K], grad));
      clipGlobalNorm(grads, o.clip ?? 1);
      opt.step(model.params, grads);
      accuracies.push(accuracy(argmaxRows(f.logits.data, B, K), y));
      return loss;
    });
  }
  return { losses: loop.losses, accuracies, numParams: countParams(model.params) };
}

/** Accuracy of a classifier on a batch. */
export function evaluateClassifier(model: SequenceClassifier, X: Tensor, y: Int32Array): number {
  const { logits } = model.forward(X);
  return accuracy(argmaxRows(logits.data, y.length, logits.shape[1]!), y);
}
