/**
 * `rnnlab speech`: trains and tests a spoken-digit recogniser on data/fsdd (src/speech), or transcribes
 * WAV files with a saved one.
 *
 *   rnnlab speech [--task digits|sequences] [--split standard|speaker] [--model gru|lstm] [--seconds N]
 *                 [--steps N] [--threads N] [--save FILE] [--json]
 *   rnnlab speech --checkpoint FILE some.wav [more.wav …] [--json]
 *
 * --task digits: one digit per recording, softmax over 10 classes; --split speaker trains six models,
 * each with one speaker held out. --task sequences: connected digits (2–6 per utterance) with CTC.
 */
import * as fs from 'node:fs';
import {
  Command,
  checkpointOption,
  choiceOption,
  integerOption,
  numberOption,
  printJson,
  saveOption,
  threadsOption,
  UsageError,
} from './command';
import { createEngine, trainingThreads } from '../engine';
import { progress } from '../train';
import {
  connectedData,
  digitsExperiment,
  FSDD_SPEAKERS,
  FsddSpeaker,
  fsddFeatures,
  loadFsdd,
  loadSpeechModel,
  readWav,
  saveSpeechModel,
  sequencesExperiment,
  SPEECH_PROTOCOL,
  SpeechTrainSettings,
  transcribeWav,
} from '../speech/index';

const P = SPEECH_PROTOCOL;

export const command: Command = {
  name: 'speech',
  summary:
    'train a spoken-digit recogniser on the Free Spoken Digit Dataset (isolated digits, or connected ' +
    'digits with CTC); or transcribe WAV files with a checkpoint',
  usage:
    '[--task digits|sequences] [--split standard|speaker] [--model gru|lstm] [--seconds N] [--steps N] ' +
    '[--threads N] [--save FILE] [--json] | --checkpoint FILE some.wav …',
  options: {
    task: {
      type: 'string',
      description: 'digits (one per recording, softmax over 10) or sequences (2–6 connected digits, CTC)',
      defaultText: 'digits',
    },
    split: {
      type: 'string',
      description:
        "standard (the dataset's: takes 0–4 are the test set) or speaker (leave one speaker out, each in " +
        'turn; digits only)',
      defaultText: 'standard',
    },
    model: { type: 'string', description: 'recurrent cell: gru or lstm', defaultText: 'gru' },
    seconds: {
      type: 'string',
      description: 'wall-clock training budget in seconds (per model with --split speaker)',
      defaultText: `${P.digits.seconds} (digits), ${P.sequences.seconds} (sequences)`,
    },
    steps: { type: 'string', description: 'stop after this many steps (also within --seconds)' },
    hiddens: {
      type: 'string',
      description: 'hidden units per direction',
      defaultText: `${P.digits.numHiddens}`,
    },
    batch: {
      type: 'string',
      description: 'utterances per training step',
      defaultText: `${P.digits.batchSize}`,
    },
    lr: { type: 'string', description: "Adam's learning rate", defaultText: `${P.digits.lr}` },
    augment: {
      type: 'string',
      description:
        'digits: on = VTLP-warped copies of the training recordings and masked batches ' +
        '(SPEECH_PROTOCOL.digits), off = neither',
      defaultText: 'on',
    },
    beam: {
      type: 'string',
      description: 'prefix beam width (sequences)',
      defaultText: `${P.sequences.beamWidth}`,
    },
    'train-utterances': {
      type: 'string',
      description: 'synthetic training utterances made once (sequences)',
      defaultText: `${P.sequences.trainUtterances}`,
    },
    'test-utterances': {
      type: 'string',
      description: 'synthetic test utterances (sequences)',
      defaultText: `${P.sequences.testUtterances}`,
    },
    seed: {
      type: 'string',
      description: 'seed of the weights, the batch order and the synthetic utterances',
      defaultText: '0',
    },
    threads: {
      type: 'string',
      description: 'engine threads',
      defaultText: 'RNNLAB_THREADS, else the cores available',
    },
    save: {
      type: 'string',
      description: 'write the trained model to this checkpoint file (--split standard)',
    },
    checkpoint: {
      type: 'string',
      description: 'transcribe the given WAV files with this checkpoint instead of training',
    },
    json: {
      type: 'boolean',
      description:
        'print { task, split, accuracy, digitErrorRate?, perSpeaker?, steps, seconds, featureSeconds, … ' +
        '} as JSON',
    },
  },
  async run(args) {
    const json = args.values.json === true;
    const beamWidth = integerOption(args, 'beam', P.sequences.beamWidth, 1, 256);
    const checkpoint = checkpointOption(args);
    if (checkpoint !== undefined) return transcribeFiles(checkpoint, args.positionals, beamWidth, json);
    if (args.positionals.length > 0)
      throw new UsageError(`WAV files to transcribe need --checkpoint FILE; got '${args.positionals[0]}'`);
    const task = choiceOption(args, 'task', ['digits', 'sequences'] as const, 'digits');
    const split = choiceOption(args, 'split', ['standard', 'speaker'] as const, 'standard');
    if (task === 'sequences' && split === 'speaker')
      throw new UsageError(
        '--split speaker is for --task digits; connected digits use the standard split (utterances from ' +
          'takes 0–4 for testing)',
      );
    const base = task === 'digits' ? P.digits : P.sequences;
    const cell = choiceOption(args, 'model', ['gru', 'lstm'] as const, base.cell);
    const seconds = numberOption(args, 'seconds', base.seconds, 1, 86400);
    const maxSteps = args.values.steps === undefined ? undefined : integerOption(args, 'steps', 0, 1, 1e9);
    const whole = (name: string, fallback: number, min: number, max: number): number =>
      integerOption(args, name, fallback, min, max);
    const numHiddens = whole('hiddens', base.numHiddens, 1, 4096),
      batchSize = whole('batch', base.batchSize, 1, 4096);
    const lr = numberOption(args, 'lr', base.lr, 1e-6, 1),
      seed = whole('seed', base.seed, 0, 2 ** 31);
    const save = saveOption(args);
    if (save !== undefined && split === 'speaker')
      throw new UsageError('--save needs --split standard (--split speaker trains six models)');
    const threads = threadsOption(args, trainingThreads);
    const augment = choiceOption(args, 'augment', ['on', 'off'] as const, 'on') === 'on';
    const settings: SpeechTrainSettings = {
      ...base,
      cell,
      seconds,
      numHiddens,
      batchSize,
      lr,
      seed,
      mask: task === 'digits' && augment ? P.digits.mask : undefined,
    };
    const engine = await createEngine({ threads });
    // What every --json result reports about the model, its training and the engine.
    const run = {
      model: { cell, numHiddens, numLayers: settings.numLayers, bidirectional: settings.bidirectional },
      training: {
        batchSize,
        lr,
        clip: settings.clip,
        seed,
        maxSteps: maxSteps ?? null,
        secondsBudget: seconds,
      },
      engine: engine.describe(),
      threads,
    };
    try {
      if (task === 'digits') {
        const feats = fsddFeatures({ mfcc: P.mfcc });
        process.stderr.write(
          `speech: MFCCs of ${feats.items.length} recordings ` +
            `${feats.fromCache ? 'read from' : 'computed and cached in'} ${feats.cacheFile} in ` +
            `${feats.seconds.toFixed(1)} s; ${engine.describe()}\n`,
        );
        const warps = augment ? P.digits.warps : [];
        const warped = warps.map((warp) => fsddFeatures({ mfcc: { ...P.mfcc, warp } }));
        const warpSeconds = warped.reduce((s, w) => s + w.seconds, 0);
        if (warps.length > 0)
          process.stderr.write(
            `speech: VTLP-warped MFCCs (α = ${warps.join(', ')}) ` +
              `${warped.every((w) => w.fromCache) ? 'read from the cache' : 'computed and cached'} in ` +
              `${warpSeconds.toFixed(1)} s\n`,
          );
        const folds: (FsddSpeaker | undefined)[] = split === 'standard' ? [undefined] : [...FSDD_SPEAKERS];
        const perSpeaker: Partial<Record<FsddSpeaker, number>> = {};
        let steps = 0,
          trainSeconds = 0,
          accuracy = 0;
        const foldResults: { heldOut: string; accuracy: number; steps: number; seconds: number }[] = [];
        for (const heldOut of folds) {
          const bar = progress({
            label: heldOut ? `speech (without ${heldOut})` : 'speech',
            total: seconds,
            unit: 's',
          });
          const r = digitsExperiment(engine, feats.items, feats.featureSize, {
            ...settings,
            heldOut,
            augmented: warped.map((w) => w.items),
            maxSteps,
            onStep: (i) => bar.update(i.elapsed, { step: i.step, loss: i.smoothLoss }),
          });
          bar.done({ step: r.steps, accuracy: r.accuracy });
          steps += r.steps;
          trainSeconds += r.seconds;
          if (heldOut) {
            perSpeaker[heldOut] = r.accuracy;
            foldResults.push({ heldOut, accuracy: r.accuracy, steps: r.steps, seconds: r.seconds });
            accuracy += r.accuracy / folds.length;
          } else {
            Object.assign(perSpeaker, r.perSpeaker);
            accuracy = r.accuracy;
          }
          if (save) {
            const bytes = saveSpeechModel(save, r.model, P.mfcc, {
              task,
              accuracy: r.accuracy,
              seconds: r.seconds,
              date: new Date().toISOString(),
            });
            process.stderr.write(`speech: saved ${save} (${(bytes / 1024).toFixed(0)} KiB)\n`);
          }
          r.model.dispose();
        }
        const result = {
          task,
          split,
          accuracy,
          perSpeaker,
          steps,
          seconds: trainSeconds,
          featureSeconds: feats.seconds + warpSeconds,
          featuresFromCache: feats.fromCache && warped.every((w) => w.fromCache),
          augmentation: augment ? { warps, mask: P.digits.mask } : null,
          ...(split === 'speaker' ? { folds: foldResults } : {}),
          ...run,
        };
        if (json) printJson(result);
        else {
          console.log(
            `${split === 'speaker' ? 'leave-one-speaker-out mean' : 'test'} accuracy ` +
              `${accuracy.toFixed(4)}, ${steps} steps in ${trainSeconds.toFixed(0)} s`,
          );
          for (const [s, a] of Object.entries(perSpeaker)) console.log(`  ${s.padEnd(9)} ${a!.toFixed(3)}`);
        }
        return 0;
      }
      const sp = P.sequences;
      const recs = loadFsdd();
      const trainCount = whole('train-utterances', sp.trainUtterances, batchSize, 1e6),
        testCount = whole('test-utterances', sp.testUtterances, 1, 1e5);
      const data = connectedData(recs, trainCount, testCount, seed, sp.connected, P.mfcc);
      process.stderr.write(
        `speech: ${data.train.length} training and ${data.test.length} test utterances of ` +
          `${sp.connected.minDigits}–${sp.connected.maxDigits} digits made, with their MFCCs, in ` +
          `${data.seconds.toFixed(1)} s; ${engine.describe()}\n`,
      );
      const bar = progress({ label: 'speech (CTC)', total: seconds, unit: 's' });
      const r = sequencesExperiment(engine, data, {
        ...settings,
        featureSize: data.train[0]!.features.length / data.train[0]!.numFrames,
        beamWidth,
        maxSteps,
        onStep: (i) => bar.update(i.elapsed, { step: i.step, loss: i.smoothLoss }),
      });
      bar.done({ step: r.steps });
      const ev = r.evaluation;
      if (save) {
        const bytes = saveSpeechModel(save, r.model, P.mfcc, {
          task,
          digitErrorRate: ev.beamErrorRate,
          seconds: r.seconds,
          date: new Date().toISOString(),
        });
        process.stderr.write(`speech: saved ${save} (${(bytes / 1024).toFixed(0)} KiB)\n`);
      }
      r.model.dispose();
      const examples = data.testUtterances.slice(0, 8).map((u, i) => ({
        speaker: u.speaker,
        digits: u.digits.join(''),
        greedy: ev.greedy[i]!.join(''),
        beam: ev.beam[i]!.join(''),
      }));
      const result = {
        task,
        split,
        accuracy: ev.beamStringAccuracy,
        digitErrorRate: ev.beamErrorRate,
        greedy: { digitErrorRate: ev.greedyErrorRate, accuracy: ev.greedyStringAccuracy },
        beam: { width: beamWidth, digitErrorRate: ev.beamErrorRate, accuracy: ev.beamStringAccuracy },
        steps: r.steps,
        seconds: r.seconds,
        featureSeconds: data.seconds,
        data: {
          train: data.train.length,
          test: data.test.length,
          connected: sp.connected,
          stack: settings.stack,
        },
        ...run,
        examples,
      };
      if (json) printJson(result);
      else {
        console.log(
          `digit error rate ${(100 * ev.beamErrorRate).toFixed(2)}% (beam ${beamWidth}; greedy ` +
            `${(100 * ev.greedyErrorRate).toFixed(2)}%), whole strings right ` +
            `${(100 * ev.beamStringAccuracy).toFixed(1)}%, ${r.steps} steps in ${r.seconds.toFixed(0)} s`,
        );
        for (const e of examples)
          console.log(`  ${e.digits.padEnd(7)} → ${e.beam}${e.beam === e.digits ? '' : '   ✗'}`);
      }
      return 0;
    } finally {
      await engine.dispose();
    }
  },
};

/**
 * `--checkpoint FILE a.wav …`: one line (or JSON entry) per file. A file that is not a readable WAV is a
 * usage error (exit 2).
 */
async function transcribeFiles(
  checkpoint: string,
  files: string[],
  beamWidth: number,
  json: boolean,
): Promise<number> {
  if (files.length === 0)
    throw new UsageError(
      '--checkpoint needs one or more WAV files to transcribe, e.g. data/fsdd/recordings/7_jackson_0.wav',
    );
  const wavs = files.map((f) => {
    if (!fs.existsSync(f)) throw new UsageError(`${f}: no such file`);
    try {
      return readWav(f);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  });
  const engine = await createEngine();
  try {
    const { model, mfcc } = loadSpeechModel(checkpoint, engine);
    const out = wavs.map((w, i) => {
      let t;
      try {
        t = transcribeWav(model, mfcc, w, files[i]!, beamWidth);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      return {
        file: files[i]!,
        digits: t.digits.join(''),
        ...(t.beam ? { beam: t.beam.join('') } : {}),
        ...(t.probabilities ? { probabilities: t.probabilities } : {}),
        frames: t.numFrames,
        seconds: w.samples.length / w.sampleRate,
      };
    });
    model.dispose();
    if (json) printJson({ checkpoint, task: model.config.task, transcriptions: out });
    else for (const t of out) console.log(`${t.file}  →  ${t.beam ?? t.digits}`);
    return 0;
  } finally {
    await engine.dispose();
  }
}
