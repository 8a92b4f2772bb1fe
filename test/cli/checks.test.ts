// `rnnlab checks` in-process: exit codes, the table's columns, the JSON document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { command, checksTable } from '../../src/cli/checks';
import { parseCommandArgs, UsageError } from '../../src/cli/command';
import { registerCheck } from '../../src/checks/registry';

/** Runs the command with `argv`, capturing what it prints (text); binary writes — the test runner's own
 * messages to its parent — pass through. */
async function run(argv: string[]): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const errWrite = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string | Uint8Array, ...rest: never[]): boolean => {
    if (typeof s === 'string') {
      chunks.push(s);
      return true;
    }
    return write(s, ...rest);
  }) as typeof process.stdout.write;
  process.stderr.write = ((): boolean => true) as typeof process.stderr.write;
  const log = console.log;
  console.log = (...a: unknown[]): void => {
    chunks.push(a.join(' ') + '\n');
  };
  try {
    const code = await command.run(parseCommandArgs(command, argv));
    return { code, out: chunks.join('') };
  } finally {
    process.stdout.write = write;
    process.stderr.write = errWrite;
    console.log = log;
  }
}

registerCheck(
  {
    name: 'clitest/ok',
    equation: '1 + 1 = 2',
    section: '000 §0',
    tolerance: 1e-12,
    run: () => Math.abs(1 + 1 - 2),
  },
  {
    name: 'clitest/off',
    equation: '0.1 + 0.2 = 0.3 exactly',
    section: '000 §0',
    tolerance: 1e-20,
    run: () => Math.abs(0.1 + 0.2 - 0.3),
  },
);

test('a failing check makes rnnlab checks exit 1; passing ones exit 0', async () => {
  assert.equal((await run(['--filter', 'clitest/ok'])).code, 0);
  const r = await run(['--filter', 'clitest/']);
  assert.equal(r.code, 1);
  assert.match(r.out, /clitest\/off\s+000 §0\s+5\.55e-17 abs\s+1\.00e-20\s+FAIL/);
  assert.match(r.out, /0\.1 \+ 0\.2 = 0\.3 exactly/);
  assert.match(r.out, /1 passed, 1 failed/);
});

test('--json prints { checks: [{ name, equation, section, maxError, tolerance, pass }], passed, failed }', async () => {
  const r = await run(['--json', '--filter', 'clitest/']);
  assert.equal(r.code, 1);
  const doc = JSON.parse(r.out) as { checks: Record<string, unknown>[]; passed: number; failed: number };
  assert.deepEqual([doc.passed, doc.failed], [1, 1]);
  assert.deepEqual(
    doc.checks.map((c) => [c.name, c.section, c.equation, c.tolerance, c.pass]),
    [
      ['clitest/ok', '000 §0', '1 + 1 = 2', 1e-12, true],
      ['clitest/off', '000 §0', '0.1 + 0.2 = 0.3 exactly', 1e-20, false],
    ],
  );
  assert.equal(doc.checks[1]!.maxError, Math.abs(0.1 + 0.2 - 0.3));
});

test('the built-in checks are ≥ 30 and pass; bad options are usage errors', async () => {
  const r = await run(['--json']);
  const doc = JSON.parse(r.out) as {
    checks: { name: string; pass: boolean }[];
    passed: number;
    failed: number;
  };
  const builtin = doc.checks.filter((c) => !c.name.startsWith('clitest/'));
  assert.ok(builtin.length >= 30, `${builtin.length} checks`);
  assert.ok(
    builtin.every((c) => c.pass),
    builtin
      .filter((c) => !c.pass)
      .map((c) => c.name)
      .join(', '),
  );
  assert.throws(() => parseCommandArgs(command, ['--filter']), UsageError);
  assert.throws(() => parseCommandArgs(command, ['--bogus']), UsageError);
  assert.match(checksTable([]), /^check\s+section\s+error\s+tolerance\s+result/);
});

test('rnnlab checks FILTER: the positional argument filters like --filter (rnnlab checks lstm runs the lstm checks)', async () => {
  const positional = JSON.parse((await run(['clitest/o', '--json'])).out) as { checks: { name: string }[] };
  const option = JSON.parse((await run(['--filter', 'clitest/o', '--json'])).out) as {
    checks: { name: string }[];
  };
  assert.deepEqual(
    positional.checks.map((c) => c.name),
    ['clitest/ok', 'clitest/off'],
  );
  assert.deepEqual(
    positional.checks.map((c) => c.name),
    option.checks.map((c) => c.name),
  );
  assert.equal((await run(['clitest/ok'])).code, 0);
  const lstm = JSON.parse((await run(['lstm', '--json'])).out) as { checks: { name: string }[] };
  assert.ok(
    lstm.checks.length > 0 && lstm.checks.every((c) => c.name.includes('lstm')),
    'rnnlab checks lstm',
  );
  await assert.rejects(
    command.run(parseCommandArgs(command, ['lstm', 'gru'])),
    /takes one FILTER; got 'lstm' 'gru'/,
  );
  await assert.rejects(
    command.run(parseCommandArgs(command, ['lstm', '--filter', 'gru'])),
    /'lstm' and --filter 'gru' disagree/,
  );
});
