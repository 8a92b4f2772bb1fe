import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  Command,
  UsageError,
  checkpointOption,
  choiceOption,
  integerOption,
  MAX_THREADS,
  noPositionals,
  numberOption,
  parseCommandArgs,
  parseNumber,
  refuseOptions,
  saveOption,
  helpText,
  threadsOption,
} from '../../src/cli/command';
import { main } from '../../src/cli/main';

const cmd: Command = {
  name: 'demo',
  summary: 'a demo',
  usage: '[--seconds N]',
  options: {
    seconds: { type: 'string', description: 'budget', defaultText: '60' },
    model: { type: 'string', description: 'cell' },
    steps: { type: 'string', short: 's', description: 'steps' },
    threads: { type: 'string', description: 'threads' },
    save: { type: 'string', description: 'save' },
    checkpoint: { type: 'string', description: 'load' },
    json: { type: 'boolean', description: 'json' },
  },
  async run() {
    return 0;
  },
};

test('parseCommandArgs reads typed options and rejects unknown ones', () => {
  const args = parseCommandArgs(cmd, ['--seconds', '12', '--json', 'extra']);
  assert.equal(numberOption(args, 'seconds', 60, 1, 3600), 12);
  assert.equal(args.values.json, true);
  assert.deepEqual(args.positionals, ['extra']);
  assert.throws(() => parseCommandArgs(cmd, ['--bogus']), UsageError);
});

test('numberOption and choiceOption name the bad value', () => {
  assert.throws(
    () => numberOption(parseCommandArgs(cmd, ['--seconds', 'ten']), 'seconds', 60, 1, 10),
    /--seconds must be a number in \[1, 10\]; got 'ten'/,
  );
  assert.throws(
    () => integerOption(parseCommandArgs(cmd, ['--steps', '2.5']), 'steps', 1, 1, 100),
    /--steps must be a whole number in \[1, 100\]; got '2\.5'/,
  );
  assert.throws(
    () => choiceOption(parseCommandArgs(cmd, ['--model', 'cnn']), 'model', ['rnn', 'lstm'] as const, 'lstm'),
    /--model must be one of rnn, lstm; got 'cnn'/,
  );
  assert.equal(choiceOption(parseCommandArgs(cmd, []), 'model', ['rnn', 'lstm'] as const, 'lstm'), 'lstm');
});

test('helpText lists every option with its default', () => {
  const text = helpText(cmd);
  assert.match(text, /--seconds VALUE\s+budget \(default: 60\)/);
  assert.match(text, /--help/);
});

test('main exits 2 on an unknown command', async () => {
  const saved = console.error;
  const lines: string[] = [];
  console.error = (m: string) => {
    lines.push(m);
  };
  try {
    assert.equal(await main(['frobnicate']), 2);
  } finally {
    console.error = saved;
  }
  assert.match(lines.join('\n'), /unknown command 'frobnicate'/);
});

test('parseNumber: decimal only, finite, whole where whole numbers are meant, within the range', () => {
  const real = { min: -10, max: 1e6 },
    whole = { min: 0, max: 64, integer: true };
  for (const [raw, expected] of [
    ['3', 3],
    ['-2.5', -2.5],
    ['+4', 4],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-2', 0.01],
    ['-0', -0],
  ] as const) {
    assert.equal(parseNumber('--x', raw, real), expected, raw);
  }
  // Each refused, and the message names the source, the range and the value exactly as given.
  for (const raw of [
    '',
    ' ',
    ' 3',
    '3 ',
    '0x10',
    '0b1',
    '0o7',
    '1_000',
    'Infinity',
    '-Infinity',
    'NaN',
    '1e400',
    '--1',
    '1e',
    '.',
    'ten',
    '2,5',
  ]) {
    assert.throws(
      () => parseNumber('--x', raw, real),
      (err: Error) =>
        err instanceof UsageError && err.message === `--x must be a number in [-10, 1000000]; got '${raw}'`,
      JSON.stringify(raw),
    );
  }
  assert.throws(() => parseNumber('--x', '-11', real), /got '-11'/);
  assert.throws(() => parseNumber('--x', '1000001', real), /got '1000001'/);
  assert.equal(parseNumber('--n', '64', whole), 64);
  assert.equal(parseNumber('--n', '2e1', whole), 20, 'a whole number in exponent form is whole');
  for (const raw of ['2.5', '65', '-1', '0x10', '']) {
    assert.throws(
      () => parseNumber('--n', raw, whole),
      new RegExp(`--n must be a whole number in \\[0, 64\\]; got '${raw.replace('.', '\\.')}'`),
    );
  }
});

test('a negative value after an option is read as its value, so the message names it', () => {
  const args = parseCommandArgs(cmd, ['--seconds', '-1', '-s', '-3', '--json']);
  assert.equal(args.values.seconds, '-1');
  assert.equal(args.values.steps, '-3');
  assert.throws(
    () => numberOption(args, 'seconds', 60, 1, 10),
    /--seconds must be a number in \[1, 10\]; got '-1'/,
  );
  assert.throws(
    () => parseCommandArgs(cmd, ['--seconds', '--json']),
    UsageError,
    'an option is still not a value',
  );
});

test('threads: --threads, else RNNLAB_THREADS, each a whole number in [1, MAX_THREADS]; else the fallback', () => {
  const saved = process.env.RNNLAB_THREADS;
  try {
    delete process.env.RNNLAB_THREADS;
    assert.equal(
      threadsOption(parseCommandArgs(cmd, []), () => 3),
      3,
    );
    assert.equal(
      threadsOption(parseCommandArgs(cmd, ['--threads', '2']), () => 3),
      2,
    );
    assert.throws(
      () => threadsOption(parseCommandArgs(cmd, ['--threads', '0x10']), () => 3),
      /--threads must be a whole number in \[1, 64\]; got '0x10'/,
    );
    process.env.RNNLAB_THREADS = String(MAX_THREADS + 1);
    assert.throws(
      () => threadsOption(parseCommandArgs(cmd, []), () => 3),
      /RNNLAB_THREADS must be a whole number in \[1, 64\]; got '65'/,
    );
    assert.equal(
      threadsOption(parseCommandArgs(cmd, ['--threads', '5']), () => 3),
      5,
      'the flag wins over the environment',
    );
    process.env.RNNLAB_THREADS = '4';
    assert.equal(
      threadsOption(parseCommandArgs(cmd, []), () => 3),
      4,
    );
  } finally {
    if (saved === undefined) delete process.env.RNNLAB_THREADS;
    else process.env.RNNLAB_THREADS = saved;
  }
});

test('stray arguments and options that do not apply are refused, naming them', () => {
  assert.throws(() => noPositionals(parseCommandArgs(cmd, ['lstm'])), /unexpected argument 'lstm'/);
  const args = parseCommandArgs(cmd, ['--checkpoint', 'a', '--seconds', '3', '--model', 'x']);
  assert.throws(
    () => refuseOptions(args, ['seconds', 'model', 'steps'], 'with --checkpoint'),
    /--seconds, --model do not apply with --checkpoint/,
  );
  assert.throws(
    () => refuseOptions(args, ['model'], 'with --checkpoint'),
    /--model does not apply with --checkpoint/,
  );
  refuseOptions(args, ['steps'], 'with --checkpoint'); // not given: fine
});

test('--save and --checkpoint paths are checked before any work', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-cmd-'));
  try {
    const file = path.join(dir, 'plain.txt');
    fs.writeFileSync(file, 'x');
    const save = (p: string) => saveOption(parseCommandArgs(cmd, ['--save', p]));
    assert.equal(save(path.join(dir, 'ok.ckpt')), path.join(dir, 'ok.ckpt'));
    assert.deepEqual(fs.readdirSync(dir), ['plain.txt'], 'the check leaves nothing behind');
    assert.throws(() => save(''), /--save "": checkpoint path "" is empty/);
    assert.throws(() => save(dir), /--save ".*": cannot save checkpoint .*: it is a directory/);
    assert.throws(() => save(path.join(file, 'q.ckpt')), /plain\.txt is (under )?a file, not a folder/);
    assert.throws(() => save('/nonexist/q.ckpt'), /the folder \/nonexist does not exist/);
    const load = (p: string) => checkpointOption(parseCommandArgs(cmd, ['--checkpoint', p]));
    assert.equal(load(file), file);
    assert.throws(() => load(path.join(dir, 'missing.ckpt')), /--checkpoint ".*missing\.ckpt": no such file/);
    assert.throws(() => load(dir), /is a directory, not a checkpoint file/);
    assert.throws(() => load('/dev/zero'), /--checkpoint "\/dev\/zero" is not a regular file/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
