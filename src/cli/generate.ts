/**
 * `rnnlab generate --checkpoint FILE [--prime TEXT] [--length N] [--temperature T] [--top-k K] [--top-p P] [--seed S] [--json]`:
 * reads a language-model checkpoint written by `rnnlab lm --save`, lets the model read the priming
 * text, then samples the continuation (src/lm/sample.ts).
 */
import {
  Command,
  checkpointOption,
  choiceOption,
  integerOption,
  noPositionals,
  numberOption,
  printJson,
  stringOption,
  UsageError,
} from './command';
import { LM_BACKENDS } from '../lm';
import { LM_PROTOCOL } from '../lm';
import { loadLanguageModel } from '../lm';
import { generate } from '../lm';

/** Longest priming text: the model reads it one character at a time before generating. */
const MAX_PRIME_CHARS = 100_000;

export const command: Command = {
  name: 'generate',
  summary: 'sample text from a language-model checkpoint (greedy, temperature, top-k, top-p)',
  usage:
    '--checkpoint FILE [--prime TEXT] [--length N] [--temperature T] [--top-k K] [--top-p P] [--seed S] [--json]',
  options: {
    checkpoint: { type: 'string', description: 'a checkpoint written by `rnnlab lm --save`' },
    prime: {
      type: 'string',
      description: 'text the model reads before generating',
      defaultText: 'the one saved with the checkpoint',
    },
    length: {
      type: 'string',
      description: 'tokens to generate',
      defaultText: String(LM_PROTOCOL.generateLength),
    },
    temperature: {
      type: 'string',
      description: 'softmax temperature; 0 = greedy',
      defaultText: String(LM_PROTOCOL.temperature),
    },
    'top-k': {
      type: 'string',
      description: 'sample among the k most probable tokens only (0 = all)',
      defaultText: '0',
    },
    'top-p': {
      type: 'string',
      description: 'sample among the most probable tokens holding probability p (1 = all)',
      defaultText: '1',
    },
    seed: { type: 'string', description: 'random seed of the draws', defaultText: '0' },
    backend: {
      type: 'string',
      description: `implementation: ${LM_BACKENDS.join(', ')}`,
      defaultText: LM_BACKENDS[0],
    },
    json: { type: 'boolean', description: 'print { text, prime, … } as JSON' },
  },
  async run(args) {
    noPositionals(args);
    if (args.values.checkpoint === undefined) {
      throw new UsageError('--checkpoint FILE is required (write one with `rnnlab lm --save FILE`)');
    }
    const length = integerOption(args, 'length', LM_PROTOCOL.generateLength, 0, 1_000_000);
    const temperature = numberOption(args, 'temperature', LM_PROTOCOL.temperature, 0, 100);
    const topK = integerOption(args, 'top-k', 0, 0, 1_000_000);
    const topP = numberOption(args, 'top-p', 1, 1e-9, 1);
    const seed = integerOption(args, 'seed', 0, 0, 2 ** 31 - 1);
    const primeOption = stringOption(args, 'prime');
    if (primeOption === '') throw new UsageError('--prime must not be empty');
    if (primeOption !== undefined && primeOption.length > MAX_PRIME_CHARS) {
      throw new UsageError(`--prime has ${primeOption.length} characters; at most ${MAX_PRIME_CHARS}`);
    }
    const backend = choiceOption(args, 'backend', LM_BACKENDS, LM_BACKENDS[0]!);
    const file = checkpointOption(args)!;
    const { model, vocab, meta } = await loadLanguageModel(file, { backend });
    const prime = primeOption ?? (typeof meta.prime === 'string' ? meta.prime : vocab.tokens[0]!);
    for (const ch of vocab.separator === '' ? Array.from(prime) : []) {
      if (!vocab.has(ch) && vocab.unknown === null)
        throw new UsageError(
          `--prime contains ${JSON.stringify(ch)}, which is not in the checkpoint's vocabulary of ${vocab.size} characters`,
        );
    }
    if (prime.length === 0) throw new UsageError('--prime must not be empty');
    const text = generate(model, vocab, { prime, length, temperature, topK, topP, seed });
    model.dispose(); // and the engine it was loaded on (its own)
    if (args.values.json)
      printJson({
        text,
        prime,
        length,
        temperature,
        topK,
        topP,
        seed,
        checkpoint: file,
        config: model.config,
      });
    else console.log(text);
    return 0;
  },
};
