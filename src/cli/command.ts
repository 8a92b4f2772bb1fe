/**
 * The shape of one `rnnlab <command>`: a name, a summary for `--help`, typed options, and `run`.
 * Every command accepts `--help`; those that report results accept `--json`, which prints one JSON
 * object as the last thing on stdout while progress goes to stderr.
 */
import { parseArgs } from 'node:util';

/** One option of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** One-letter alias. */
  short?: string;
  /** Shown by `--help`. */
  description: string;
  /** Shown by `--help`; the command applies it itself. */
  defaultText?: string;
}

/** The parsed command line of one command. */
export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** One `rnnlab` command. */
export interface Command {
  name: string;
  summary: string;
  /** Usage line after `rnnlab <name>`, e.g. `[--json]`. */
  usage: string;
  options: Record<string, OptionSpec>;
  /** Runs the command; resolves to the exit code. */
  run(args: ParsedArgs): Promise<number>;
}

/** A bad command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {}

/** Parses `argv` against the command's options; unknown options and missing values are {@link UsageError}s. */
export function parseCommandArgs(cmd: Command, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(cmd.options)) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The `--help` text of a command. */
export function helpText(cmd: Command): string {
  const lines = [`rnnlab ${cmd.name} ${cmd.usage}`.trimEnd(), '', cmd.summary, '', 'Options:'];
  const entries = Object.entries(cmd.options);
  const width = Math.max(10, ...entries.map(([n, s]) => n.length + (s.type === 'string' ? 6 : 0)));
  for (const [name, spec] of entries) {
    const flag = `--${name}${spec.type === 'string' ? ' VALUE' : ''}`;
    const dflt = spec.defaultText ? ` (default: ${spec.defaultText})` : '';
    lines.push(`  ${flag.padEnd(width + 4)}${spec.description}${dflt}`);
  }
  lines.push(`  ${'--help'.padEnd(width + 4)}show this help`);
  return lines.join('\n');
}

/** Reads a string option as a number, checking it is finite and within [min, max]. */
export function numberOption(args: ParsedArgs, name: string, fallback: number, min = -Infinity, max = Infinity): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string') throw new UsageError(`--${name} needs a number`);
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a number in [${min}, ${max}]; got '${raw}'`);
  }
  return value;
}

/** Reads a string option restricted to `choices`. */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got '${String(raw)}'`);
  }
  return raw as T;
}

/** Reads `--threads N` (a whole number in [1, 64]); without it, `fallback`. */
export function threadsOption(args: ParsedArgs, fallback: number): number {
  const n = numberOption(args, 'threads', fallback, 1, 64);
  if (!Number.isInteger(n)) throw new UsageError(`--threads must be a whole number; got '${String(args.values.threads)}'`);
  return n;
}

/** Reads an optional string option. */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const raw = args.values[name];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string') throw new UsageError(`--${name} needs a value`);
  return raw;
}

/** Prints the result object as one JSON document, the last thing on stdout. */
export function printJson(result: unknown): void {
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
}
