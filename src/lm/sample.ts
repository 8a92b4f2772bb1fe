/**
 * Choosing the next token from a logits vector O (002 §1.4.4: "predict the distribution of the next
 * word, then pick a word from it"):
 *
 *   p_j = exp(O_j / τ) / Σ_k exp(O_k / τ)        temperature τ > 0; τ → 0 is greedy (argmax)
 *   top-k:  keep the k most probable tokens, renormalise
 *   top-p:  keep the smallest set of most probable tokens whose probability reaches p (nucleus), renormalise
 *
 * and generating text from a model and a priming text. Every draw comes from a seeded {@link Rng}.
 */
import { Rng } from '../tensor';
import { Vocab } from '../data';
import { LanguageModel, LMState } from './model';

/** How to turn logits into a choice. */
export interface SamplingOptions {
  /** τ; 0 means greedy (always the most probable token). @default 1 */
  temperature?: number;
  /** Keep only the k most probable tokens; 0 = all. @default 0 */
  topK?: number;
  /** Keep the smallest most-probable set with total probability ≥ p; 1 = all. @default 1 */
  topP?: number;
}

function checkSampling(o: SamplingOptions): Required<SamplingOptions> {
  const temperature = o.temperature ?? 1,
    topK = o.topK ?? 0,
    topP = o.topP ?? 1;
  if (!(temperature >= 0) || !Number.isFinite(temperature))
    throw new Error(`temperature must be a finite number ≥ 0, got ${temperature}`);
  if (!Number.isInteger(topK) || topK < 0) throw new Error(`topK must be an integer ≥ 0, got ${topK}`);
  if (!(topP > 0 && topP <= 1)) throw new Error(`topP must be in (0, 1], got ${topP}`);
  return { temperature, topK, topP };
}

/** The index of the largest logit (the first one on ties). */
export function argmax(logits: ArrayLike<number>): number {
  if (logits.length === 0) throw new Error('argmax: empty logits');
  let best = 0;
  for (let j = 1; j < logits.length; j++) if (logits[j]! > logits[best]!) best = j;
  return best;
}

/**
 * The distribution a draw is made from, after temperature, top-k and top-p, in float64 (sums to 1).
 * With temperature 0 it is one-hot on the argmax.
 */
export function samplingDistribution(logits: ArrayLike<number>, options: SamplingOptions = {}): Float64Array {
  const { temperature, topK, topP } = checkSampling(options);
  const V = logits.length;
  if (V === 0) throw new Error('samplingDistribution: empty logits');
  for (let j = 0; j < V; j++)
    if (Number.isNaN(logits[j]!)) throw new Error(`samplingDistribution: logit ${j} is NaN`);
  const p = new Float64Array(V);
  if (temperature === 0) {
    p[argmax(logits)] = 1;
    return p;
  }
  // p_j = exp((O_j − max O) / τ) / Σ_k exp((O_k − max O) / τ)
  let m = -Infinity;
  for (let j = 0; j < V; j++) m = Math.max(m, logits[j]!);
  let s = 0;
  for (let j = 0; j < V; j++) s += p[j] = Math.exp((logits[j]! - m) / temperature);
  for (let j = 0; j < V; j++) p[j]! /= s;
  if (topK > 0 || topP < 1) {
    // Most probable first; ties by index, so the kept set is deterministic.
    const order = Array.from({ length: V }, (_, j) => j).sort((a, b) => p[b]! - p[a]! || a - b);
    let keep = topK > 0 ? Math.min(topK, V) : V;
    if (topP < 1) {
      let cum = 0,
        n = 0;
      while (n < keep) {
        cum += p[order[n]!]!;
        n++;
        if (cum >= topP) break;
      }
      keep = n;
    }
    const kept = new Float64Array(V);
    let total = 0;
    for (let i = 0; i < keep; i++) total += kept[order[i]!] = p[order[i]!]!;
    for (let j = 0; j < V; j++) kept[j]! /= total;
    return kept;
  }
  return p;
}

/** Draws an index from `logits` with temperature, top-k and top-p, using `rng`. */
export function sampleLogits(logits: ArrayLike<number>, rng: Rng, options: SamplingOptions = {}): number {
  const p = samplingDistribution(logits, options);
  const u = rng.uniform();
  let cum = 0,
    last = 0;
  for (let j = 0; j < p.length; j++) {
    if (p[j]! > 0) {
      cum += p[j]!;
      last = j;
      if (u < cum) return j;
    }
  }
  return last; // u within rounding of 1
}

/** Options of {@link generate}. */
export interface GenerateOptions extends SamplingOptions {
  /** Text the model reads first (its state carries on into the generated text). */
  prime: string;
  /** Number of tokens to generate after the prime. */
  length: number;
  /** Seed of the draws. @default 0 */
  seed?: number;
}

/**
 * Generates `length` tokens after `prime`: the model reads the prime token by token (building up its
 * state), then each drawn token is fed back in. Returns the prime followed by the generated text.
 */
export function generate(model: LanguageModel, vocab: Vocab, o: GenerateOptions): string {
  if (!Number.isInteger(o.length) || o.length < 0)
    throw new Error(`length must be an integer ≥ 0, got ${o.length}`);
  if (vocab.size !== model.config.vocabSize)
    throw new Error(
      `the vocabulary has ${vocab.size} tokens but the model predicts ${model.config.vocabSize}`,
    );
  const primeIds = vocab.encodeText(o.prime);
  if (primeIds.length === 0)
    throw new Error('generate: the prime must hold at least one token (the model needs something to read)');
  const rng = new Rng(o.seed ?? 0);
  let state: LMState | undefined;
  let logits: Float32Array = new Float32Array(0);
  for (const id of primeIds) ({ logits, state } = model.stepLogits(Int32Array.of(id), state));
  const out: number[] = [];
  for (let i = 0; i < o.length; i++) {
    const next = sampleLogits(logits, rng, o);
    out.push(next);
    if (i + 1 < o.length) ({ logits, state } = model.stepLogits(Int32Array.of(next), state));
  }
  const generated = vocab.decodeText(out);
  return vocab.separator === '' || out.length === 0
    ? o.prime + generated
    : o.prime + vocab.separator + generated;
}
