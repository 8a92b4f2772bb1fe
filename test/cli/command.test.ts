import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Command, UsageError, choiceOption, numberOption, parseCommandArgs, helpText } from '../../src/cli/command';
import { main } from '../../src/cli/main';

const cmd: Command = {
  name: 'demo',
  summary: 'a demo',
  usage: '[--seconds N]',
  options: {
    seconds: { type: 'string', description: 'budget', defaultText: '60' },
    model: { type: 'string', description: 'cell' },
    json: { type: 'boolean', description: 'json' },
  },
  async run() { return 0; },
};

test('parseCommandArgs reads typed options and rejects unknown ones', () => {
  const args = parseCommandArgs(cmd, ['--seconds', '12', '--json', 'extra']);
  assert.equal(numberOption(args, 'seconds', 60, 1, 3600), 12);
  assert.equal(args.values.json, true);
  assert.deepEqual(args.positionals, ['extra']);
  assert.throws(() => parseCommandArgs(cmd, ['--bogus']), UsageError);
});

test('numberOption and choiceOption name the bad value', () => {
  assert.throws(() => numberOption(parseCommandArgs(cmd, ['--seconds', 'ten']), 'seconds', 60, 1, 10), /--seconds must be a number in \[1, 10\]; got 'ten'/);
  assert.throws(() => choiceOption(parseCommandArgs(cmd, ['--model', 'cnn']), 'model', ['rnn', 'lstm'] as const, 'lstm'), /--model must be one of rnn, lstm; got 'cnn'/);
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
  console.error = (m: string) => { lines.push(m); };
  try {
    assert.equal(await main(['frobnicate']), 2);
  } finally {
    console.error = saved;
  }
  assert.match(lines.join('\n'), /unknown command 'frobnicate'/);
});
