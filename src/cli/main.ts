/**
 * `rnnlab <command>` — the command line. Each command lives in its own file of src/cli/ and runs the
 * same library code as the notebook that teaches it.
 */
import { Command, UsageError, helpText, parseCommandArgs } from './command';

/** Commands by name, loaded on demand so `rnnlab info` does not load tfjs models or the engine. */
const COMMANDS: Record<string, () => Command> = {
  info: () => require('./info').command as Command,
  checks: () => require('./checks').command as Command,
  bench: () => require('./bench').command as Command,
  lm: () => require('./lm').command as Command,
  generate: () => require('./generate').command as Command,
  classify: () => require('./classify').command as Command,
  translate: () => require('./translate').command as Command,
  'translate-by-length': () => require('./translate-by-length').command as Command,
  forecast: () => require('./forecast').command as Command,
  summarize: () => require('./summarize').command as Command,
  speech: () => require('./speech').command as Command,
  digits: () => require('./digits').command as Command,
};

function usage(): string {
  const lines = ['usage: rnnlab <command> [options]', '', 'Commands:'];
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length)) + 2;
  for (const [name, load] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(width)}${load().summary}`);
  lines.push('', 'Run `rnnlab <command> --help` for the options of one command.');
  return lines.join('\n');
}

/** Runs the command line `argv` (without node and script); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const load = COMMANDS[name];
  if (load === undefined) {
    console.error(`rnnlab: unknown command '${name}'. Commands: ${Object.keys(COMMANDS).join(', ')}.`);
    return 2;
  }
  const cmd = load();
  try {
    const args = parseCommandArgs(cmd, rest);
    if (args.values.help === true) {
      console.log(helpText(cmd));
      return 0;
    }
    return await cmd.run(args);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`rnnlab ${name}: ${err.message}\nRun \`rnnlab ${name} --help\` for the options.`);
      return 2;
    }
    console.error(`rnnlab ${name}: ${(err as Error).message}`);
    if (process.env.RNNLAB_DEBUG) console.error((err as Error).stack);
    return 1;
  }
}
