/**
 * `rnnlab digits [--activation relu|tanh] [--epochs N] [--seed N] [--train-images N] [--json]`: 000 §4.2's
 * Keras LSTM on the UCI handwritten digits read as 8 steps of 8 pixels (src/classify/digits-lstm.ts):
 * test accuracy, and the LSTM's cell-state norms over the 8 trained steps and over 64.
 */
import { Command, choiceOption, integerOption, noPositionals, printJson } from './command';
import { DIGITS_LSTM_PROTOCOL, trainDigitsLstm } from '../classify/index';
import { availableBackends, useBestBackend } from '../tfjs';

const P = DIGITS_LSTM_PROTOCOL;
const ACTIVATIONS = ['relu', 'tanh'] as const;

export const command: Command = {
  name: 'digits',
  summary: "000 §4.2's LSTM(64, relu) on optdigits as 8 steps of 8 pixels: test accuracy, cell-state norms",
  usage: '[--activation relu|tanh] [--epochs N] [--seed N] [--train-images N] [--json]',
  options: {
    activation: {
      type: 'string',
      description: "the LSTM's activation φ (relu as 000 §4.2 prints it; tanh corrected)",
      defaultText: P.activation,
    },
    epochs: { type: 'string', description: 'passes over the training images', defaultText: String(P.epochs) },
    seed: {
      type: 'string',
      description: 'seed of the weights and of the order of the images',
      defaultText: String(P.seed),
    },
    'train-images': {
      type: 'string',
      description: 'train on the first N of the 3,823 training images',
      defaultText: 'all',
    },
    json: { type: 'boolean', description: 'print { testAccuracy, cNorm, cNormLong, … } as JSON' },
  },
  async run(args) {
    noPositionals(args);
    const activation = choiceOption(args, 'activation', ACTIVATIONS, P.activation);
    const epochs = integerOption(args, 'epochs', P.epochs, 1, 1000);
    const seed = integerOption(args, 'seed', P.seed, 0, 2 ** 31 - 1);
    const trainImages =
      args.values['train-images'] === undefined ? undefined : integerOption(args, 'train-images', 0, 1, 3823);
    // tfjs's WebAssembly backend is several times faster than its JavaScript one for this model
    // (no embedding, so the segment sum it lacks is not needed); notebook 13b uses the same.
    await useBestBackend({ force: availableBackends().includes('wasm') ? 'wasm' : undefined, log: false });
    const run = await trainDigitsLstm({
      activation,
      seed,
      epochs,
      trainImages,
      onEpoch: (e) => process.stderr.write(`digits: epoch ${e.epoch}/${epochs} loss ${e.loss.toFixed(4)}\n`),
    });
    const { model, ...result } = run;
    model.dispose();
    if (args.values.json) printJson(result);
    else {
      console.log(`activation        ${activation}`);
      console.log(`test accuracy     ${(100 * result.testAccuracy).toFixed(2)}%`);
      console.log(`‖C_t‖, t = 1..8   ${result.cNorm.map((c) => c.toFixed(2)).join(' ')}`);
      console.log(`‖C_64‖            ${result.cNormLong[result.cNormLong.length - 1]!.toExponential(2)}`);
      console.log(`max |H_t|         ${result.hMax.toFixed(3)}`);
      console.log(`diverged          ${result.diverged}`);
    }
    return 0;
  },
};
