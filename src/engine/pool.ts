/**
 * A pool of worker threads that run kernel routines over the engine's shared WebAssembly memory.
 *
 * Each worker instantiates the same module on the same memory and sleeps on its mailbox, a 256-byte
 * slot of the shared memory: `seq` (i32, bumped by the host to post a job), `done` (i32, set to `seq`
 * by the worker when finished), `op` (index into {@link KERNEL_NAMES}), `argc`, `failed` (i32, 1 when
 * the routine threw), then from byte 32 up to 24 f64 arguments. The host posts one job per worker, runs its own share on the calling thread, then waits
 * (Atomics.wait) until every worker has set `done`. Workers are unref'd: they never keep a process alive.
 */
import { Worker } from 'node:worker_threads';
import { EngineMemory } from './memory';
import { KERNEL_NAMES, KernelName, Kernels } from './kernels';
import { WasmModule } from './webassembly';

const SLOT_BYTES = 256;
const MAX_ARGS = 24;

/** The source of every worker, run with `eval: true` so that no file path needs resolving. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module, memory, slot, names } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
const fns = names.map((n) => instance.exports[n]);
const i32 = new Int32Array(memory.buffer, slot, 8);
const f64 = new Float64Array(memory.buffer, slot + 32, ${MAX_ARGS});
let seen = 0;
parentPort.postMessage('ready');
for (;;) {
  Atomics.wait(i32, 0, seen);
  seen = Atomics.load(i32, 0);
  if (seen < 0) break;
  const argc = i32[3];
  const args = new Array(argc);
  for (let i = 0; i < argc; i++) args[i] = f64[i];
  try {
    fns[i32[2]].apply(null, args);
  } catch (err) {
    i32[4] = 1;
    parentPort.postMessage(String(err && err.stack || err));
  }
  Atomics.store(i32, 1, seen);
  Atomics.notify(i32, 1);
}
`;

/**
 * One job: a kernel routine and its arguments, typed from the routine's signature in {@link Kernels}
 * (a job for `gemm` must carry `gemm`'s 13 numbers, in order).
 */
export type Job = { [K in KernelName]: { op: K; args: Parameters<Kernels[K]> } }[KernelName];

/** The worker threads of one engine. */
export class ThreadPool {
  private readonly workers: Worker[] = [];
  private readonly slots: number[] = [];
  private seq = 0;
  /** The last error text a worker posted (arrives asynchronously, so may lag). */
  private failure: string | undefined;

  private constructor(private readonly mem: EngineMemory) {}

  /** Starts `count` workers on `module` and `mem`; resolves once all have instantiated the module. */
  static async start(module: WasmModule, mem: EngineMemory, count: number): Promise<ThreadPool> {
    const pool = new ThreadPool(mem);
    const ready: Promise<void>[] = [];
    for (let w = 0; w < count; w++) {
      const slot = mem.alloc(SLOT_BYTES);
      mem.i32().fill(0, slot >> 2, (slot + SLOT_BYTES) >> 2);
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { module, memory: mem.memory, slot, names: KERNEL_NAMES },
      });
      pool.workers.push(worker);
      pool.slots.push(slot);
      ready.push(
        new Promise<void>((resolve, reject) => {
          worker.once('error', reject);
          worker.once('message', () => {
            worker.on('message', (msg: unknown) => {
              pool.failure = String(msg);
            });
            worker.unref();
            resolve();
          });
        }),
      );
    }
    await Promise.all(ready);
    return pool;
  }

  /** Number of worker threads (the calling thread is not counted). */
  get size(): number {
    return this.workers.length;
  }

  /**
   * Runs `jobs[0]` on the calling thread through `self` and `jobs[w + 1]` on worker w, and returns
   * when all are finished. Jobs beyond the pool size are an error; `undefined` entries are skipped.
   */
  run(jobs: (Job | undefined)[], self: (job: Job) => void): void {
    if (jobs.length > this.workers.length + 1)
      throw new Error(`thread pool: ${jobs.length} jobs for ${this.workers.length + 1} threads`);
    const seq = ++this.seq;
    const i32 = this.mem.i32();
    const f64 = new Float64Array(this.mem.memory.buffer);
    const posted: number[] = [];
    for (let w = 0; w + 1 < jobs.length; w++) {
      const job = jobs[w + 1];
      if (job === undefined) continue;
      if (job.args.length > MAX_ARGS)
        throw new Error(`thread pool: ${job.op} has ${job.args.length} arguments (max ${MAX_ARGS})`);
      const base = this.slots[w]! >> 2;
      i32[base + 2] = KERNEL_NAMES.indexOf(job.op);
      i32[base + 3] = job.args.length;
      f64.set(job.args, (this.slots[w]! + 32) >> 3);
      Atomics.store(i32, base, seq);
      Atomics.notify(i32, base);
      posted.push(base);
    }
    if (jobs[0] !== undefined) self(jobs[0]);
    let failed = false;
    for (const base of posted) {
      while (Atomics.load(i32, base + 1) !== seq) Atomics.wait(i32, base + 1, seq - 1, 1000);
      if (i32[base + 4] !== 0) {
        failed = true;
        i32[base + 4] = 0;
      }
    }
    if (failed)
      throw new Error(
        `engine worker failed running ${jobs.map((j) => j?.op).join(', ')}${this.failure ? `: ${this.failure}` : ''}`,
      );
  }

  /** Stops every worker. */
  async terminate(): Promise<void> {
    const i32 = this.mem.i32();
    for (const slot of this.slots) {
      Atomics.store(i32, slot >> 2, -1);
      Atomics.notify(i32, slot >> 2);
    }
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
    for (const slot of this.slots) this.mem.release(slot);
    this.slots.length = 0;
  }
}
