/**
 * `rnnlab lm [--corpus tinyshakespeare] [--model lstm|gru|rnn] [--seconds N] [--json]`: trains a character
 * language model on the engine within a wall-clock budget (the protocol of src/train/language-model.ts)
 * and reports steps, training loss, validation loss and perplexity.
 * Not yet: sampling, --save, and the Time Machine corpus.
 */
import { Command, choiceOption, numberOption, printJson, UsageError } from './command';
import { readDataText } from '../data/verified';
import { trainCharLM } from '../train/language-model';
import { progress } from '../train/progress';

export const command: Command = {
  name: 'lm',
  summary: 'train a character language model within a time budget; report validation perplexity',
  usage: '[--corpus tinyshakespeare] [--model lstm|gru|rnn] [--seconds N] [--json]',
  options: {
    corpus: { type: 'string', description: 'training text', defaultText: 'tinyshakespeare' },
    model: { type: 'string', description: 'recurrent cell: lstm, gru or rnn', defaultText: 'lstm' },
    seconds: { type: 'string', description: 'wall-clock training budget', defaultText: '180' },
    seed: { type: 'string', description: 'random seed', defaultText: '0' },
    save: { type: 'string', description: 'checkpoint file (not available yet)' },
    json: { type: 'boolean', description: 'print { steps, trainLoss, valLoss, valPerplexity, … } as JSON' },
  },
  async run(args) {
    choiceOption(args, 'corpus', ['tinyshakespeare'] as const, 'tinyshakespeare');
    const cell = choiceOption(args, 'model', ['lstm', 'gru', 'rnn'] as const, 'lstm');
    if (args.values.save !== undefined) throw new UsageError('--save is not available yet in this version of rnnlab');
    const seconds = numberOption(args, 'seconds', 180, 1, 86400);
    const seed = numberOption(args, 'seed', 0, 0, 2 ** 31);
    const text = readDataText('tinyshakespeare', 'input.txt');
    const bar = progress({ label: 'lm', total: seconds, unit: 's' });
    const r = await trainCharLM(text, { seconds, seed, cell, onStep: (step, elapsed, loss) => bar.update(elapsed, { step, loss }) });
    bar.done({ step: r.steps, loss: r.trainLoss });
    process.stderr.write(`lm: validation over non-overlapping 256-character windows: loss ${r.valLoss.toFixed(4)}, perplexity ${r.valPerplexity.toFixed(3)}\n`);
    const result = { corpus: 'tinyshakespeare', model: cell, ...r };
    if (args.values.json) printJson(result);
    else for (const [k, v] of Object.entries(result)) console.log(`${k.padEnd(14)}${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : v}`);
    return 0;
  },
};
