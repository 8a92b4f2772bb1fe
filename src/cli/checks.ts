/** `rnnlab checks [FILTER] [--json] [--filter S]`: runs the catalog's math-formula checks and prints a table. */
import { Command, printJson, stringOption, UsageError } from './command';
import { CheckResult, registerBuiltinChecks, runChecks } from '../catalog/index';

function fmt(e: number): string {
  return Number.isFinite(e) ? e.toExponential(2) : 'n/a';
}

/** The table `rnnlab checks` prints. */
export function checksTable(rows: CheckResult[]): string {
  const header = ['check', 'section', 'error', 'tolerance', 'result'];
  const body = rows.map((r) => [
    r.name,
    r.section,
    `${fmt(r.maxError)} ${r.measure === 'relative' ? 'rel' : 'abs'}`,
    fmt(r.tolerance),
    r.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  rows.forEach((r, k) => {
    out.push(line(body[k]!));
    out.push(`    ${r.equation}${r.error ? `\n    error: ${r.error}` : ''}`);
  });
  return out.join('\n');
}

/** The filter from `--filter S` or the one positional argument (`rnnlab checks lstm`); not both, not two. */
function checksFilter(option: string | undefined, positionals: string[]): string | undefined {
  if (positionals.length > 1)
    throw new UsageError(`takes one FILTER; got ${positionals.map((p) => `'${p}'`).join(' ')}`);
  const positional = positionals[0];
  if (positional !== undefined && option !== undefined && positional !== option) {
    throw new UsageError(`FILTER '${positional}' and --filter '${option}' disagree; give one`);
  }
  return positional ?? option;
}

export const command: Command = {
  name: 'checks',
  summary:
    'run every math-formula check (forward vs closed form and tfjs, gradients vs finite differences, optimizers, clipping)',
  usage: '[FILTER] [--json] [--filter SUBSTRING]',
  options: {
    json: { type: 'boolean', description: 'print { checks: [...], passed, failed } as JSON' },
    filter: { type: 'string', description: 'only the checks whose name contains this (the same as FILTER)' },
  },
  async run(args) {
    registerBuiltinChecks();
    const filter = checksFilter(stringOption(args, 'filter'), args.positionals);
    const json = args.values.json === true;
    const rows = await runChecks(filter, (r) => {
      if (!json) process.stderr.write(r.pass ? '.' : 'F');
    });
    if (rows.length === 0) {
      console.error(`rnnlab checks: no check matches '${filter}'`);
      return 2;
    }
    const failed = rows.filter((r) => !r.pass).length;
    if (json) {
      printJson({
        checks: rows.map(({ name, equation, section, measure, maxError, tolerance, pass, error }) => ({
          name,
          equation,
          section,
          measure,
          maxError: Number.isFinite(maxError) ? maxError : null,
          tolerance,
          pass,
          ...(error ? { error } : {}),
        })),
        passed: rows.length - failed,
        failed,
      });
    } else {
      process.stderr.write('\n');
      console.log(checksTable(rows));
      console.log(`\n${rows.length - failed} passed, ${failed} failed`);
    }
    return failed ? 1 : 0;
  },
};
