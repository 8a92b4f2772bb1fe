/**
 * Checks behind two errata about gates (docs/errata.md), so that `rnnlab checks` runs them too:
 *
 * - 002 §1.6 says the GRU "merges the input and output gates". Its update gate is the LSTM's forget
 *   and input gates at once: H_t = Z_t ⊙ H_{t−1} + (1 − Z_t) ⊙ H̃_t is the LSTM's cell update
 *   C_t = F_t ⊙ C_{t−1} + I_t ⊙ C̃_t with F_t = Z_t, I_t = 1 − Z_t, C̃_t = H̃_t, and no output gate.
 * - 004 §3.3 says the LSTM's hidden state "consists of" its three gates. The state is (H_t, C_t): a run
 *   cut in two, with only (H, C) carried across the cut, ends where the whole run does.
 *
 * Notebooks 05_gru and 04_lstm show both on their own models.
 */
import { Rng, Tensor } from '../tensor';
import { gruForward, initGRU, initLSTM, lstmForward } from '../nn';
import { FormulaCheck, maxAbsDiff, randomTensor } from '../checks';

const B = 2, // batchSize
  T = 6, // numSteps
  D = 3, // numInputs
  H = 4; // numHiddens

/** Steps [from, to) of a [B, T, width] tensor. */
function steps(x: Tensor, from: number, to: number, width: number): Tensor {
  const out = Tensor.zeros([B, to - from, width], 'float64'); // [B, to − from, width]
  for (let b = 0; b < B; b++)
    out.data.set(x.data.subarray((b * T + from) * width, (b * T + to) * width), b * (to - from) * width);
  return out;
}

export const errataChecks: FormulaCheck[] = [
  {
    name: 'gru/update-gate-is-coupled-input-and-forget',
    equation:
      'GRU H_t = LSTM cell update F_t ⊙ C_{t−1} + I_t ⊙ C̃_t with F_t = Z_t, I_t = 1 − Z_t, C̃_t = H̃_t, no O_t',
    section: '002 §1.6',
    tolerance: 1e-15,
    run: () => {
      const rng = new Rng(31);
      const p = initGRU(D, H, rng, 'float64');
      const run = gruForward(p, randomTensor([B, T, D], rng));
      const rebuilt = Tensor.zeros([B, T, H], 'float64'); // [B, T, H], as run.H
      for (let b = 0; b < B; b++) {
        const c = new Float64Array(H); // C_0 = H_0 = 0
        for (let t = 0; t < T; t++) {
          const Z = run.cache.Z[t]!.subarray(b * H, (b + 1) * H);
          const candidate = run.cache.Htilde[t]!.subarray(b * H, (b + 1) * H);
          for (let k = 0; k < H; k++) c[k] = Z[k]! * c[k]! + (1 - Z[k]!) * candidate[k]!;
          rebuilt.data.set(c, (b * T + t) * H);
        }
      }
      return maxAbsDiff(rebuilt.data, run.H.data);
    },
  },
  {
    name: 'lstm/state-is-h-and-c-not-the-gates',
    equation: 'LSTM over steps 0…T−1 = LSTM over T/2…T−1 started from (H, C) of steps 0…T/2−1',
    section: '004 §3.3',
    tolerance: 1e-15,
    run: () => {
      const rng = new Rng(32);
      const p = initLSTM(D, H, rng, 'float64');
      const X = randomTensor([B, T, D], rng);
      const whole = lstmForward(p, X);
      const first = lstmForward(p, steps(X, 0, T / 2, D));
      const second = lstmForward(p, steps(X, T / 2, T, D), { H: first.HT, C: first.CT });
      return Math.max(maxAbsDiff(second.HT.data, whole.HT.data), maxAbsDiff(second.CT.data, whole.CT.data));
    },
  },
];
