/**
 * `rnnlab classify`: sentiment of movie-review sentences (sentence polarity v1.0) with a recurrent
 * classifier trained from scratch — 001 §4's Tokenizer → pad_sequences → Embedding → LSTM pipeline with
 * a correct output layer — scored on a fixed held-out test split next to a bag-of-words baseline, and,
 * with `--cv`, by 10-fold cross-validation.
 */
import { Command, choiceOption, integerOption, noPositionals, printJson } from './command';
import { loadSentencePolarity } from '../data';
import { kFold, Split, take, trainTestSplit } from '../data';
import { meanStd } from '../metrics';
import { pick, profile } from '../profile';
import { useTextBackend } from '../tfjs';
import {
  bagOfWordsBaseline,
  CLASSIFY_PROTOCOL,
  TEXT_MODEL_KINDS,
  TextExperimentOptions,
  TextModelKind,
  trainAndTest,
} from '../classify/index';
import { progress, Progress } from '../train';

const P = CLASSIFY_PROTOCOL;
/** The seed of the held-out test split: fixed, so every model and seed is scored on the same sentences. */
export const TEST_SPLIT_SEED = P.testSplitSeed;
/** Share of the data held out for testing. */
export const TEST_FRACTION = P.testFraction;

/** The sizes each profile trains with. */
function settings(): {
  numItems: number | undefined;
  embeddingDim: number;
  numHiddens: number;
  epochs: number;
  folds: number;
} {
  return pick({
    full: {
      numItems: undefined,
      embeddingDim: P.embeddingDim,
      numHiddens: P.numHiddens,
      epochs: P.epochs,
      folds: P.folds,
    },
    ci: { numItems: 600, embeddingDim: 16, numHiddens: 8, epochs: 1, folds: 3 },
  });
}

/** A stratified seeded subset of `n` items of the data (all of it when `n` is undefined). */
function subset(labels: Int32Array, n: number | undefined): number[] {
  if (n === undefined || n >= labels.length) return Array.from(labels.keys());
  return trainTestSplit(labels.length, n / labels.length, TEST_SPLIT_SEED + 1, labels).test;
}

const round = (x: number, d = 4): number => Number(x.toFixed(d));

export const command: Command = {
  name: 'classify',
  summary:
    'sentence sentiment with an LSTM/GRU/BiLSTM from scratch: accuracy, F1, confusion, bag-of-words baseline',
  usage: '[--model lstm|gru|bilstm] [--epochs N] [--seed N] [--cv] [--json]',
  options: {
    model: {
      type: 'string',
      description: 'recurrent layer: lstm, gru or bilstm (bidirectional LSTM)',
      defaultText: P.kind,
    },
    epochs: {
      type: 'string',
      description: 'training epochs; the epoch with the best validation accuracy is kept',
      defaultText: `${P.epochs} (ci profile: 1)`,
    },
    seed: {
      type: 'string',
      description: 'seed of the weights and batch order (the test split is fixed)',
      defaultText: String(P.seed),
    },
    cv: {
      type: 'boolean',
      description: 'also run stratified 10-fold cross-validation over all sentences (ci profile: 3 folds)',
    },
    json: { type: 'boolean', description: 'print one JSON object' },
  },
  async run(args) {
    noPositionals(args);
    const kind = choiceOption<TextModelKind>(args, 'model', TEXT_MODEL_KINDS, P.kind);
    const s = settings();
    const epochs = integerOption(args, 'epochs', s.epochs, 1, 1000);
    const seed = integerOption(args, 'seed', P.seed, 0, 2 ** 31 - 1);
    const t0 = Date.now();
    const backend = await useTextBackend();

    const data = loadSentencePolarity();
    const items = subset(data.labels, s.numItems);
    const texts = take(data.texts, items),
      labels = Int32Array.from(take(data.labels, items));
    const split = trainTestSplit(texts.length, TEST_FRACTION, TEST_SPLIT_SEED, labels);
    console.error(
      `rnnlab classify: ${kind}, profile ${profile()}, ${split.train.length} training and ${split.test.length} test sentences, backend ${backend}`,
    );

    const options: TextExperimentOptions = {
      kind,
      embeddingDim: s.embeddingDim,
      numHiddens: s.numHiddens,
      epochs,
      seed,
    };
    let bar: Progress | undefined;
    const withProgress = (label: string): TextExperimentOptions => ({
      ...options,
      onBatch(epoch, batch, numBatches, loss) {
        if (batch === 1)
          bar = progress({
            label: `${label}epoch ${epoch + 1}/${epochs}`,
            total: numBatches,
            unit: 'batches',
          });
        bar?.update(batch, { loss });
      },
      onEpoch(_epoch, r) {
        bar?.done({
          loss: r.loss,
          'train acc': r.accuracy,
          ...(r.valAccuracy !== undefined ? { 'val acc': r.valAccuracy } : {}),
          s: r.seconds,
        });
      },
    });

    const rnn = await trainAndTest(texts, labels, split, withProgress(''));
    rnn.clf.model.dispose();
    const base = bagOfWordsBaseline(texts, labels, split, { seed });
    console.error(
      `rnnlab classify: ${kind} test accuracy ${rnn.accuracy.toFixed(4)}, bag-of-words ${base.accuracy.toFixed(4)}`,
    );

    let cv: Record<string, unknown> | undefined;
    if (args.values.cv) {
      const folds: Split[] = kFold(texts.length, s.folds, TEST_SPLIT_SEED, labels);
      const rnnScores: number[] = [],
        bowScores: number[] = [];
      for (let f = 0; f < folds.length; f++) {
        const r = await trainAndTest(
          texts,
          labels,
          folds[f]!,
          withProgress(`fold ${f + 1}/${folds.length} `),
        );
        r.clf.model.dispose();
        rnnScores.push(r.accuracy);
        bowScores.push(bagOfWordsBaseline(texts, labels, folds[f]!, { seed }).accuracy);
        console.error(
          `rnnlab classify: fold ${f + 1}/${folds.length}: ${kind} ${r.accuracy.toFixed(4)}, bag-of-words ${bowScores[f]!.toFixed(4)}`,
        );
      }
      const a = meanStd(rnnScores),
        b = meanStd(bowScores);
      cv = {
        k: folds.length,
        accuracy: round(a.mean),
        std: round(a.std),
        folds: rnnScores.map((x) => round(x)),
        baseline: round(b.mean),
        baselineStd: round(b.std),
        baselineFolds: bowScores.map((x) => round(x)),
      };
    }

    const perEpoch = rnn.history.epochs.map((e) => e.seconds);
    const result = {
      model: kind,
      profile: profile(),
      backend,
      accuracy: round(rnn.accuracy),
      f1: round(rnn.f1),
      precision: round(rnn.precision),
      recall: round(rnn.recall),
      confusion: rnn.confusion,
      confusionLabels: { rows: 'true class', columns: 'predicted class', classes: data.classNames },
      baseline: round(base.accuracy),
      baselineF1: round(base.f1),
      baselineConfusion: base.confusion,
      ...(cv ? { cv } : {}),
      trainSize: split.train.length,
      testSize: split.test.length,
      testSplitSeed: TEST_SPLIT_SEED,
      seed,
      epochs,
      bestEpoch: rnn.history.bestEpoch + 1,
      valAccuracy: rnn.history.epochs.map((e) => round(e.valAccuracy ?? NaN)),
      embeddingDim: s.embeddingDim,
      numHiddens: s.numHiddens,
      numParams: rnn.numParams,
      secondsPerEpoch: round(perEpoch.reduce((x, y) => x + y, 0) / perEpoch.length, 1),
      seconds: round((Date.now() - t0) / 1000, 1),
    };
    if (args.values.json) {
      printJson(result);
    } else {
      const [[tn, fp], [fn, tp]] = rnn.confusion as [[number, number], [number, number]];
      console.log(
        `model            ${kind} (embedding ${s.embeddingDim}, ${s.numHiddens} hidden units, ${rnn.numParams} parameters)`,
      );
      console.log(
        `test accuracy    ${rnn.accuracy.toFixed(4)}   (bag-of-words logistic regression: ${base.accuracy.toFixed(4)})`,
      );
      console.log(
        `F1 (positive)    ${rnn.f1.toFixed(4)}   precision ${rnn.precision.toFixed(4)}, recall ${rnn.recall.toFixed(4)}`,
      );
      console.log(`confusion        true negative: ${tn} predicted negative, ${fp} positive`);
      console.log(`                 true positive: ${fn} predicted negative, ${tp} positive`);
      if (cv)
        console.log(
          `${cv.k}-fold CV      ${kind} ${String(cv.accuracy)} ± ${String(cv.std)}, bag-of-words ${String(cv.baseline)} ± ${String(cv.baselineStd)}`,
        );
      console.log(
        `time             ${result.seconds} s (${result.secondsPerEpoch} s per epoch, backend ${backend})`,
      );
    }
    return 0;
  },
};
