/**
 * `rnnlab bench [--json] [--only PREFIXES] [--reps N]`: the reference training step of issue #4 — a
 * character LSTM language model, batch 32 × 64 steps, embedding 64, 256 units, 65 symbols, Adam,
 * clipping at 5 — and its GRU and plain-RNN variants and sampling speed, for every implementation
 * present, in one run, so that every ratio compares numbers measured side by side:
 *
 *   rnnlab-<cell>-<n>t        the engine (WebAssembly SIMD) with n threads
 *   rnnlab-lstm-ts-1t         the engine's TypeScript fallback (RNNLAB_SIMD=0)
 *   rnnlab-<cell>-sample-1t   sampling one token at a time (batch 1)
 *   tfjs-<backend>-lstm       tf.layers on each tfjs backend (wasm: one-hot input, it cannot train an Embedding)
 *   torch-<cell>-1t           PyTorch with torch.set_num_threads(1) (bench/torch_lstm.py), when importable
 *
 * Each row runs in its own child process (its peak RSS is its own). "first step s" is the time from
 * building the model (weights initialised) to the end of its first step. ms per step is the median of the
 * timed steps after warm-up; the fast rows (engine, PyTorch) run once per round, alternating, and keep
 * their best round — other processes on a shared machine come in bursts. The ratios divide by
 * PyTorch's row of the same workload and by tfjs-cpu's LSTM row (below 1: faster).
 *
 *   rnnlab-tfjs-layer-lstm    the engine's LSTM as a tfjs layer inside tf.sequential, on tfjs-cpu
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Command, integerOption, noPositionals, printJson, stringOption, UsageError } from './command';
import { projectRoot } from '../paths';
import { REFERENCE, Timing, benchEngineSample, benchEngineTrain, benchTfjsTrain } from './benchmark';
import { CellType } from '../engine';
import { availableBackends } from '../tfjs';

/** One row of the result. */
export interface BenchRow {
  name: string;
  msPerStep: number | null;
  /** Seconds from building the model to the end of its first step (the shortest over rounds). */
  firstStepS: number | null;
  tokensPerSec: number | null;
  peakRssMB: number | null;
  vsPytorch: number | null;
  vsTfjsCpu: number | null;
  note?: string;
}

interface RowSpec {
  name: string;
  /** Fast rows run once per round (the row keeps its best round); slow rows run once. */
  repeat: boolean;
  /** Tokens per timed unit (B·T for a training step, 1 for a sampled token). */
  tokens: number;
  /** The PyTorch row to compare with. */
  torch?: string;
  run(reps: number): Promise<Timing> | Timing;
}

const PYTHON = '/usr/bin/python3';
const SAMPLE_TOKENS = 2000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function torchAvailable(): boolean {
  return fs.existsSync(PYTHON) && spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

function torchRow(args: string[]): Timing {
  const script = path.join(projectRoot(), 'bench', 'torch_lstm.py');
  const r = spawnSync(PYTHON, [script, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`bench/torch_lstm.py failed: ${r.stderr.trim().split('\n').pop()}`);
  const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as {
    msPerStep: number[];
    firstStepMs: number;
    peakRssMB: number;
    torch: string;
  };
  return {
    ms: out.msPerStep,
    firstStepMs: out.firstStepMs,
    peakRssMB: out.peakRssMB,
    note: `PyTorch ${out.torch}, 1 thread`,
  };
}

const TRAIN_TOKENS = REFERENCE.batchSize * REFERENCE.numSteps;
const CELLS: CellType[] = ['lstm', 'gru', 'rnn'];

/** Every row, in the order they run and print. */
function rowSpecs(): RowSpec[] {
  const rows: RowSpec[] = [];
  for (const cell of CELLS) {
    for (const threads of [1, 2]) {
      rows.push({
        name: `rnnlab-${cell}-${threads}t`,
        repeat: true,
        tokens: TRAIN_TOKENS,
        torch: `torch-${cell}-1t`,
        run: (reps) => benchEngineTrain(cell, { threads, simd: true, warmup: 3, reps }),
      });
    }
  }
  rows.push({
    name: 'rnnlab-lstm-ts-1t',
    repeat: false,
    tokens: TRAIN_TOKENS,
    torch: 'torch-lstm-1t',
    run: () => benchEngineTrain('lstm', { threads: 1, simd: false, warmup: 1, reps: 2 }),
  });
  rows.push({
    name: 'rnnlab-lstm-sample-1t',
    repeat: true,
    tokens: 1,
    torch: 'torch-lstm-sample-1t',
    run: () => benchEngineSample('lstm', { threads: 1, simd: true, count: SAMPLE_TOKENS }),
  });
  rows.push({
    name: 'rnnlab-tfjs-layer-lstm',
    repeat: false,
    tokens: TRAIN_TOKENS,
    torch: 'torch-lstm-1t',
    run: () => benchTfjsTrain('cpu', 'lstm', { warmup: 2, reps: 5, oneHot: false, engineLayer: true }),
  });
  rows.push({
    name: 'tfjs-cpu-lstm',
    repeat: false,
    tokens: TRAIN_TOKENS,
    torch: 'torch-lstm-1t',
    run: () => benchTfjsTrain('cpu', 'lstm', { warmup: 1, reps: 2, oneHot: false }),
  });
  rows.push({
    name: 'tfjs-wasm-lstm',
    repeat: false,
    tokens: TRAIN_TOKENS,
    torch: 'torch-lstm-1t',
    run: () => benchTfjsTrain('wasm', 'lstm', { warmup: 1, reps: 3, oneHot: true }),
  });
  rows.push({
    name: 'tfjs-tensorflow-lstm',
    repeat: false,
    tokens: TRAIN_TOKENS,
    torch: 'torch-lstm-1t',
    run: () => benchTfjsTrain('tensorflow', 'lstm', { warmup: 1, reps: 5, oneHot: false }),
  });
  for (const cell of CELLS) {
    rows.push({
      name: `torch-${cell}-1t`,
      repeat: true,
      tokens: TRAIN_TOKENS,
      run: (reps) => torchRow(['--cell', cell, '--warmup', '3', '--reps', String(reps)]),
    });
  }
  rows.push({
    name: 'torch-lstm-sample-1t',
    repeat: true,
    tokens: 1,
    run: () => torchRow(['--cell', 'lstm', '--sample', String(SAMPLE_TOKENS)]),
  });
  return rows;
}

/** Why a row cannot run here, or undefined. */
function skipReason(name: string): string | undefined {
  if (name.startsWith('torch-') && !torchAvailable())
    return `PyTorch is not importable by ${PYTHON} (apt-get install python3-torch)`;
  if (name === 'tfjs-tensorflow-lstm' && !availableBackends().includes('tensorflow'))
    return '@tensorflow/tfjs-node is not installed (optional dependency)';
  if (name === 'tfjs-wasm-lstm' && !availableBackends().includes('wasm'))
    return '@tensorflow/tfjs-backend-wasm is not installed';
  return undefined;
}

/** Runs one row in a child process (`rnnlab bench --child NAME`); returns its timing or an error note. */
function runChild(name: string, reps: number): Timing | { error: string } {
  const bin = path.join(projectRoot(), 'bin', 'rnnlab.js');
  const r = spawnSync(process.execPath, [bin, 'bench', '--child', name, '--reps', String(reps)], {
    encoding: 'utf8',
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{'))
    return {
      error: (
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => l.trim())
          .pop() ?? `exit ${r.status}`
      ).slice(0, 200),
    };
  return JSON.parse(last) as Timing;
}

const fmt = (x: number | null, digits: number): string =>
  x === null
    ? '—'
    : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** The table `rnnlab bench` prints. */
export function benchTable(rows: BenchRow[]): string {
  const header = [
    'implementation',
    'ms/step',
    'first step s',
    'tokens/s',
    'peak RSS MB',
    '× PyTorch',
    '× tfjs-cpu',
    'note',
  ];
  const body = rows.map((r) => [
    r.name,
    fmt(r.msPerStep, r.msPerStep !== null && r.msPerStep < 10 ? 3 : 1),
    fmt(r.firstStepS, 2),
    fmt(r.tokensPerSec, 0),
    fmt(r.peakRssMB, 0),
    fmt(r.vsPytorch, 2),
    fmt(r.vsTfjsCpu, 3),
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 || i === header.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

export const command: Command = {
  name: 'bench',
  summary:
    'time the reference char-LSTM training step (and GRU, RNN, sampling) on the engine, tfjs backends and PyTorch',
  usage: '[--json] [--only PREFIXES] [--reps N] [--rounds N]',
  options: {
    json: {
      type: 'boolean',
      description:
        'print { config, results: [{ name, msPerStep, firstStepS, tokensPerSec, peakRssMB, vsPytorch, vsTfjsCpu }] }',
    },
    only: {
      type: 'string',
      description: 'comma-separated name prefixes of the rows to run (e.g. rnnlab,torch)',
      defaultText: 'all',
    },
    reps: {
      type: 'string',
      description: 'timed steps per engine and PyTorch row (tfjs rows time 2–5)',
      defaultText: '10',
    },
    rounds: {
      type: 'string',
      description:
        'rounds over the fast rows (engine, PyTorch); each keeps its best round, against bursts of load from other processes',
      defaultText: '2',
    },
    child: { type: 'string', description: '(internal) run one row in this process and print its timing' },
  },
  async run(args) {
    noPositionals(args);
    const reps = integerOption(args, 'reps', 10, 1, 1000);
    const rounds = integerOption(args, 'rounds', 2, 1, 20);
    const specs = rowSpecs();
    const child = stringOption(args, 'child');
    if (child !== undefined) {
      const spec = specs.find((s) => s.name === child);
      if (spec === undefined) throw new UsageError(`--child must name a row; got '${child}'`);
      process.stdout.write(JSON.stringify(await spec.run(reps)) + '\n');
      return 0;
    }
    const only = stringOption(args, 'only')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s);
    const chosen = specs.filter((s) => only === undefined || only.some((o) => s.name.startsWith(o)));
    if (chosen.length === 0)
      throw new UsageError(`--only matches no row; rows: ${specs.map((s) => s.name).join(', ')}`);
    const json = args.values.json === true;
    const medians = new Map<string, number[]>();
    const firstSteps = new Map<string, number[]>();
    const notes = new Map<string, { rss: number | null; note?: string }>();
    const runOne = (spec: RowSpec, round: number): void => {
      const skip = skipReason(spec.name);
      if (round === 0)
        process.stderr.write(`rnnlab bench: ${spec.name}${skip ? ` — skipped: ${skip}` : ''}\n`);
      else if (!skip) process.stderr.write(`rnnlab bench: ${spec.name} (round ${round + 1})\n`);
      if (skip) {
        notes.set(spec.name, { rss: null, note: `skipped: ${skip}` });
        return;
      }
      const r = runChild(spec.name, Math.round(reps));
      if ('error' in r) {
        if (!medians.has(spec.name)) notes.set(spec.name, { rss: null, note: `failed: ${r.error}` });
        return;
      }
      medians.set(spec.name, [...(medians.get(spec.name) ?? []), median(r.ms)]);
      firstSteps.set(spec.name, [...(firstSteps.get(spec.name) ?? []), r.firstStepMs]);
      const prev = notes.get(spec.name);
      notes.set(spec.name, { rss: Math.max(prev?.rss ?? 0, r.peakRssMB), note: r.note });
    };
    for (let round = 0; round < rounds; round++) {
      for (const spec of chosen)
        if (spec.repeat || round === 0) {
          if (round > 0 && skipReason(spec.name)) continue;
          runOne(spec, round);
        }
    }
    const timings = new Map<string, { ms: number | null; rss: number | null; note?: string }>();
    for (const spec of chosen) {
      const m = medians.get(spec.name);
      const n = notes.get(spec.name);
      timings.set(spec.name, { ms: m ? Math.min(...m) : null, rss: n?.rss ?? null, note: n?.note });
    }
    const msOf = (name: string | undefined): number | null =>
      name === undefined ? null : (timings.get(name)?.ms ?? null);
    const tfjsCpu = msOf('tfjs-cpu-lstm');
    const results: BenchRow[] = chosen.map((spec) => {
      const t = timings.get(spec.name)!;
      const ms = t.ms;
      const torch = msOf(spec.torch);
      const row: BenchRow = {
        name: spec.name,
        msPerStep: ms,
        firstStepS: firstSteps.has(spec.name) ? Math.min(...firstSteps.get(spec.name)!) / 1000 : null,
        tokensPerSec: ms === null ? null : (spec.tokens * 1000) / ms,
        peakRssMB: t.rss,
        vsPytorch: ms !== null && torch !== null ? ms / torch : null,
        vsTfjsCpu:
          ms !== null && tfjsCpu !== null && spec.tokens === TRAIN_TOKENS && spec.name.includes('lstm')
            ? ms / tfjsCpu
            : null,
      };
      if (t.note) row.note = t.note;
      return row;
    });
    if (json) printJson({ config: { ...REFERENCE, sampleTokens: SAMPLE_TOKENS, reps, rounds }, results });
    else console.log(benchTable(results));
    return 0;
  },
};
