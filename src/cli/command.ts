/**
 * The shape of one `rnnlab <command>`: a name, a summary for `--help`, typed options, and `run`.
 * Every command accepts `--help`; those that report results accept `--json`, which prints one JSON
 * object as the last thing on stdout while progress goes to stderr.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_THREADS } from '../engine';
import { checkSaveTarget, describeFsError } from '../train';

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

/**
 * `--seconds -1` as `--seconds=-1`: node's parser takes a value that starts with a dash for an option,
 * so a negative number would otherwise be reported as "ambiguous" without the value.
 */
function joinNegativeValues(cmd: Command, argv: string[]): string[] {
  const takesValue = new Set<string>();
  for (const [name, spec] of Object.entries(cmd.options)) {
    if (spec.type !== 'string') continue;
    takesValue.add(`--${name}`);
    if (spec.short) takesValue.add(`-${spec.short}`);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!,
      next = argv[i + 1];
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (takesValue.has(a) && next !== undefined && /^-[\d.]/.test(next)) {
      out.push(a.startsWith('--') ? `${a}=${next}` : `${a}${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Parses `argv` against the command's options; unknown options, missing values: {@link UsageError}s. */
export function parseCommandArgs(cmd: Command, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(cmd.options)) {
    options[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  try {
    const args = joinNegativeValues(cmd, argv);
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
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

/** What a number must be: within [min, max], and whole where `integer`. */
export interface NumberRange {
  min: number;
  max: number;
  /** Only whole numbers. @default false */
  integer?: boolean;
}

/** Plain decimal notation, optionally with an exponent: not '', not 0x10, 0b1, 1_000, Infinity or ' 3'. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The one number parser of the command line (options and environment variables): decimal only,
 * finite, whole where whole numbers are meant, within the range. `what` names the source in the
 * message ('--steps', 'RNNLAB_THREADS'), which also states the range and the value given.
 */
export function parseNumber(what: string, raw: string, r: NumberRange): number {
  const value = DECIMAL.test(raw) ? Number(raw) : NaN;
  const whole = r.integer !== true || Number.isInteger(value);
  if (!Number.isFinite(value) || !whole || value < r.min || value > r.max) {
    throw new UsageError(
      `${what} must be ${r.integer ? 'a whole number' : 'a number'} in [${r.min}, ` +
        `${r.max}]; got '${raw}'`,
    );
  }
  return value;
}

/** Reads a string option as a decimal number within [min, max]; without it, `fallback`. */
export function numberOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min = -Number.MAX_VALUE,
  max = Number.MAX_VALUE,
): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string') throw new UsageError(`--${name} needs a number`);
  return parseNumber(`--${name}`, raw, { min, max });
}

/** Reads a string option as a whole number within [min, max]; without it, `fallback`. */
export function integerOption(
  args: ParsedArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string') throw new UsageError(`--${name} needs a whole number`);
  return parseNumber(`--${name}`, raw, { min, max, integer: true });
}

/** Reads a string option restricted to `choices`. */
export function choiceOption<T extends string>(
  args: ParsedArgs,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = args.values[name];
  if (raw === undefined) return fallback;
  if (typeof raw !== 'string' || !(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got '${String(raw)}'`);
  }
  return raw as T;
}

/** Most engine threads (the engine's limit): re-exported for the commands' messages and help. */
export { MAX_THREADS } from '../engine';

/**
 * Reads `--threads N`, else the environment variable RNNLAB_THREADS, each a whole number in
 * [1, {@link MAX_THREADS}]; without either, `fallback()`.
 */
export function threadsOption(args: ParsedArgs, fallback: () => number): number {
  if (args.values.threads !== undefined) return integerOption(args, 'threads', 1, 1, MAX_THREADS);
  const env = process.env.RNNLAB_THREADS;
  if (env !== undefined && env.trim() !== '') {
    return parseNumber('RNNLAB_THREADS', env, { min: 1, max: MAX_THREADS, integer: true });
  }
  return fallback();
}

/** Refuses arguments after the options of a command that takes none. */
export function noPositionals(args: ParsedArgs): void {
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`);
}

/** Refuses options that were given but do not apply; `when` says when, e.g. 'with --checkpoint'. */
export function refuseOptions(args: ParsedArgs, names: readonly string[], when: string): void {
  const given = names.filter((n) => args.values[n] !== undefined).map((n) => `--${n}`);
  if (given.length === 1) throw new UsageError(`${given[0]} does not apply ${when}`);
  if (given.length > 1) throw new UsageError(`${given.join(', ')} do not apply ${when}`);
}

/**
 * Reads a checkpoint path to write (`--save FILE`) and checks, before any work, that it can be
 * written: not '', in an existing folder, not a folder itself, and a temporary file can be created
 * beside it (src/train/checkpoint.ts).
 */
export function saveOption(args: ParsedArgs, name = 'save'): string | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  try {
    checkSaveTarget(raw, { probe: true });
  } catch (err) {
    throw new UsageError(`--${name} ${JSON.stringify(raw)}: ${(err as Error).message}`);
  }
  return raw;
}

/** Reads a checkpoint path to read (`--checkpoint FILE`) and checks it is an existing regular file. */
export function checkpointOption(args: ParsedArgs, name = 'checkpoint'): string | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  let st: fs.Stats;
  try {
    st = fs.statSync(raw);
  } catch (err) {
    throw new UsageError(
      `--${name} ${JSON.stringify(raw)}: ` +
        `${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeFsError(err)}`,
    );
  }
  if (st.isDirectory()) {
    throw new UsageError(`--${name} ${JSON.stringify(raw)} is a directory, not a checkpoint file`);
  }
  if (!st.isFile()) {
    throw new UsageError(`--${name} ${JSON.stringify(raw)} is not a regular file (a device, FIFO or socket)`);
  }
  return raw;
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
