/**
 * `rnnlab bench [--json] [--only rnnlab] [--reps N]`: the reference training step — character LSTM
 * language model, batch 32, 64 steps, embedding 64, 256 units, 65 symbols, Adam, clipping — timed for
 * each implementation present, in one run, so that every ratio compares numbers measured side by side:
 *   rnnlab-<cell>-simd-1t  the WebAssembly SIMD engine (src/engine), one thread, for LSTM, GRU and RNN
 *   rnnlab-lstm-ts-1t      the same engine on its plain-TypeScript fallback (RNNLAB_SIMD=0)
 *   tfjs-<backend>-lstm    tf.layers on each tfjs backend that can train it (child process, bench/tfjs_lstm.ts)
 *   torch-<cell>-1t        PyTorch on one thread, when `/usr/bin/python3 -c "import torch"` works (bench/torch_lstm.py)
 * ms per step is the median of the timed steps after warm-up; ratios are ms / reference ms (below 1:
 * faster), against PyTorch with the same cell and against tfjs-cpu's LSTM.
 */
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Command, numberOption, printJson, stringOption, UsageError } from './command';
import { projectRoot } from '../paths';
import { createGemmEngine } from '../engine/gemm';
import { EngineCell, SequenceModel } from '../engine/sequence-model';
import { Rng } from '../tensor/rng';

const CONFIG = { batchSize: 32, numSteps: 64, vocabSize: 65, embedDim: 64, numHiddens: 256, optimizer: 'adam', lr: 2e-3, clip: 5 };

/** One row of results. */
export interface BenchRow {
  name: string;
  msPerStep: number | null;
  tokensPerSec: number | null;
  peakRssMB: number | null;
  vsPytorch?: number | null;
  vsTfjsCpu?: number | null;
  note?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function row(name: string, ms: number[] | null, peakRssMB: number | null, note?: string): BenchRow {
  const m = ms && ms.length ? median(ms) : null;
  const r: BenchRow = { name, msPerStep: m, tokensPerSec: m ? (CONFIG.batchSize * CONFIG.numSteps) / (m / 1000) : null, peakRssMB };
  if (note) r.note = note;
  return r;
}

/** Times the engine's training step (simd or fallback) in this process. */
function engineRow(cell: EngineCell, simd: boolean, warmup: number, reps: number): BenchRow {
  const engine = createGemmEngine({ simd });
  const model = new SequenceModel(engine, { cell, vocabSize: CONFIG.vocabSize, embedDim: CONFIG.embedDim, numHiddens: CONFIG.numHiddens });
  const rng = new Rng(1);
  const B = CONFIG.batchSize, T = CONFIG.numSteps;
  const times: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    const X = Int32Array.from({ length: B * T }, () => rng.int(CONFIG.vocabSize));
    const Y = Int32Array.from({ length: B * T }, () => rng.int(CONFIG.vocabSize));
    const t0 = process.hrtime.bigint();
    model.trainStep(X, Y, B, T, { lr: CONFIG.lr, clip: CONFIG.clip });
    if (i >= warmup) times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return row(`rnnlab-${cell}-${simd ? 'simd' : 'ts'}-1t`, times, process.resourceUsage().maxRSS / 1024, simd ? undefined : 'plain-TypeScript fallback (RNNLAB_SIMD=0)');
}

/** Runs a child that prints one JSON line {msPerStep: number[], peakRssMB}; null on failure or time-out. */
function child(cmd: string, args: string[], timeoutMs: number, env: NodeJS.ProcessEnv = {}): { msPerStep: number[]; peakRssMB: number; backend?: string } | string {
  const r = spawnSync(cmd, args, { cwd: projectRoot(), encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ...env } });
  if (r.error || r.status !== 0) return r.error ? `${r.error.message}` : `exit ${r.status}: ${(r.stderr || '').trim().split('\n').slice(-1)[0] ?? ''}`;
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as { msPerStep: number[]; peakRssMB: number; backend?: string };
  } catch {
    return `unreadable output: ${line.slice(0, 120)}`;
  }
}

function hasTorch(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
}

export const command: Command = {
  name: 'bench',
  summary: 'time the reference LSTM training step: rnnlab engine, tfjs backends, PyTorch — ratios from one run',
  usage: '[--json] [--only rnnlab] [--reps N]',
  options: {
    json: { type: 'boolean', description: 'print { config, results: [...] } as JSON' },
    only: { type: 'string', description: "'rnnlab' limits the run to rnnlab's rows" },
    reps: { type: 'string', description: 'timed steps per fast row', defaultText: '10' },
  },
  async run(args) {
    const only = stringOption(args, 'only');
    if (only !== undefined && only !== 'rnnlab') throw new UsageError(`--only must be 'rnnlab', got '${only}'`);
    const reps = numberOption(args, 'reps', 10, 1, 1000);
    const log = (m: string): void => { process.stderr.write(m + '\n'); };
    const rows: BenchRow[] = [];
    const torch = !only && hasTorch();
    for (const cell of ['lstm', 'gru', 'rnn'] as const) {
      log(`rnnlab bench: ${cell}: rnnlab engine, SIMD, 1 thread …`);
      rows.push(engineRow(cell, true, 3, reps));
      if (cell === 'lstm') {
        log('rnnlab bench: lstm: rnnlab engine, TypeScript fallback …');
        rows.push(engineRow(cell, false, 0, 1));
      }
      if (only === 'rnnlab') continue;
      if (cell === 'lstm') {
        const tsx = require.resolve('tsx', { paths: [projectRoot()] });
        for (const backend of ['cpu', 'tensorflow'] as const) {
          log(`rnnlab bench: lstm: tfjs ${backend} …`);
          const r = child(process.execPath, ['--import', tsx, path.join('bench', 'tfjs_lstm.ts'), '2'], 180_000, { RNNLAB_BACKEND: backend });
          rows.push(typeof r === 'string' ? row(`tfjs-${backend}-lstm`, null, null, backend === 'tensorflow' ? '@tensorflow/tfjs-node is not installed' : r) : row(`tfjs-${backend}-lstm`, r.msPerStep, r.peakRssMB));
        }
        rows.push(row('tfjs-wasm-lstm', null, null, 'not trainable: tfjs-backend-wasm has no UnsortedSegmentSum, the gradient of Embedding'));
      }
      if (torch) {
        log(`rnnlab bench: ${cell}: PyTorch, 1 thread …`);
        const r = child('/usr/bin/python3', [path.join('bench', 'torch_lstm.py'), '--cell', cell, '--reps', String(reps)], 300_000);
        rows.push(typeof r === 'string' ? row(`torch-${cell}-1t`, null, null, r) : row(`torch-${cell}-1t`, r.msPerStep, r.peakRssMB));
      } else {
        rows.push(row(`torch-${cell}-1t`, null, null, 'PyTorch is not installed (apt-get install python3-torch)'));
      }
    }
    const ref = (name: string): number | null => rows.find((r) => r.name === name)?.msPerStep ?? null;
    const tfcpu = ref('tfjs-cpu-lstm');
    for (const r of rows) {
      const cell = (['lstm', 'gru', 'rnn'] as const).find((c) => r.name.includes(`-${c}`)) ?? 'lstm';
      const torchMs = ref(`torch-${cell}-1t`);
      r.vsPytorch = r.msPerStep && torchMs ? r.msPerStep / torchMs : null; // against PyTorch with the same cell
      r.vsTfjsCpu = r.msPerStep && tfcpu && cell === 'lstm' ? r.msPerStep / tfcpu : null;
    }
    if (args.values.json) {
      printJson({ config: CONFIG, results: rows });
    } else {
      const f = (v: number | null | undefined, d = 1): string => (v === null || v === undefined ? '—' : v.toFixed(d));
      console.log(`reference step: ${JSON.stringify(CONFIG)}\n`);
      console.log(['implementation'.padEnd(22), 'ms/step'.padStart(9), 'tokens/s'.padStart(10), 'peak RSS MB'.padStart(12), '× PyTorch'.padStart(10), '× tfjs-cpu'.padStart(11)].join(''));
      for (const r of rows) {
        console.log([r.name.padEnd(22), f(r.msPerStep).padStart(9), f(r.tokensPerSec, 0).padStart(10), f(r.peakRssMB, 0).padStart(12), f(r.vsPytorch, 2).padStart(10), f(r.vsTfjsCpu, 4).padStart(11)].join('') + (r.note ? `   (${r.note})` : ''));
      }
    }
    return 0;
  },
};
