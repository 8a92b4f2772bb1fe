/**
 * The worker that trains the book's in-browser language model: chapter 6's library code, bundled —
 * the engine built from the kernels' bytes (`createEngineFromBytes`), `EngineLanguageModel`,
 * `trainLanguageModel` with LM_PROTOCOL's optimiser on the first 90% of the text, `validationLoss` on
 * the rest, `ngramBaselines` for the counting baselines, and `generate` for the samples. It trains in
 * slices of BROWSER_LM.sliceSeconds, posting each slice's losses and reading the page's messages
 * (stop, sample) in between.
 */
import { createEngineFromBytes } from '../../src/engine/index';
import { Corpus, corpusFromText, splitTrainValidation } from '../../src/data/index';
import {
  EngineLanguageModel,
  generate,
  ngramBaselines,
  trainLanguageModel,
  validationLoss,
} from '../../src/lm/index';
import { FromWorker, ToWorker } from './messages';
import { BROWSER_LM } from './settings';
import { spawnWebWorker } from './web-workers';

/** The kernels' two builds (build/wasm/), base64, put in by the bundler (book/browser/bundle.ts). */
declare const RNNLAB_WASM: { relaxed: string; plain: string };

const bytes = (base64: string): Uint8Array => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const post = (m: FromWorker): void => postMessage(m);

/** The model, its text, and the text's training and validation parts (token ids). */
interface Session {
  model: EngineLanguageModel;
  corpus: Corpus;
  trainIds: Int32Array;
  validationIds: Int32Array;
}
let session: Session | undefined;
let running = false;
let steps = 0;
let seconds = 0;
let slices = 0;

async function init(text: string, threads: number): Promise<void> {
  const engine = await createEngineFromBytes({
    wasm: { relaxed: bytes(RNNLAB_WASM.relaxed), plain: bytes(RNNLAB_WASM.plain) },
    threads,
    spawnWorker: threads > 1 ? spawnWebWorker : undefined,
  });
  const corpus = corpusFromText(BROWSER_LM.corpus, text);
  const model = new EngineLanguageModel(engine, {
    cell: BROWSER_LM.cell,
    vocabSize: corpus.vocab.size,
    embedDim: BROWSER_LM.embedDim,
    numHiddens: BROWSER_LM.numHiddens,
    numLayers: BROWSER_LM.numLayers,
    seed: BROWSER_LM.seed,
  });
  const { train, validation } = splitTrainValidation(corpus.ids, BROWSER_LM.trainFraction);
  session = { model, corpus, trainIds: train, validationIds: validation };
  post({
    type: 'ready',
    engine: engine.describe(),
    threads: engine.threads,
    numParams: model.numParams,
    vocabSize: corpus.vocab.size,
    characters: corpus.ids.length,
    trainCharacters: train.length,
    baselines: ngramBaselines(train, validation, corpus.vocab.size),
  });
}

/** Trains slice after slice until the page says stop; each slice is one `trainLanguageModel` call. */
async function train(): Promise<void> {
  const { model, trainIds, validationIds } = session!;
  while (running) {
    const r = trainLanguageModel(model, trainIds, {
      batchSize: BROWSER_LM.batchSize,
      numSteps: BROWSER_LM.numSteps,
      seconds: BROWSER_LM.sliceSeconds,
      maxSteps: BROWSER_LM.evalEvery - (steps % BROWSER_LM.evalEvery), // a slice ends at the next validation
      seed: BROWSER_LM.seed + 1 + slices++,
    });
    steps += r.steps;
    seconds += r.seconds;
    post({ type: 'progress', losses: r.losses, steps, seconds });
    // Validation after every evalEvery-th step (its time is not training time).
    if (steps % BROWSER_LM.evalEvery === 0) {
      const loss = validationLoss(model, validationIds, BROWSER_LM.validationWindow);
      post({ type: 'validation', steps, loss });
    }
    await new Promise((resolve) => setTimeout(resolve, 0)); // let the page's messages in
  }
  post({ type: 'stopped', steps });
}

function sample(temperature: number): void {
  const { model, corpus } = session!;
  const text = generate(model, corpus.vocab, {
    prime: BROWSER_LM.prime,
    length: BROWSER_LM.sampleLength,
    temperature,
    seed: steps,
  });
  post({ type: 'sample', text, temperature, steps });
}

async function handle(m: ToWorker): Promise<void> {
  if (m.type === 'init') return init(m.text, m.threads);
  if (session === undefined) throw new Error(`'${m.type}' before the model was built`);
  if (m.type === 'start' && !running) {
    running = true;
    await train();
  } else if (m.type === 'stop') running = false;
  else if (m.type === 'sample') sample(m.temperature);
}

addEventListener('message', (e: MessageEvent<ToWorker>) => {
  handle(e.data).catch((err: unknown) => {
    running = false;
    post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  });
});
