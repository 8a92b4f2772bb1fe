/**
 * A pool of worker threads that run kernel routines over the engine's shared WebAssembly memory.
 *
 * Each worker instantiates the same module on the same memory and sleeps on its mailbox, a 256-byte
 * slot of the shared memory: `seq` (i32, bumped by the host to post a job), `done` (i32, set to `seq`
 * by the worker when finished), `op` (index into {@link KERNEL_NAMES}), `argc`, `failed` (i32, 1 when
 * the routine threw), then from byte 32 up to 24 f64 arguments. The host posts one job per worker, runs its
 * own share on the calling thread, then waits (Atomics.wait) until every worker has set `done`. The
 * workers are the runtime's own ({@link SpawnKernelWorker}): Node's worker threads, or a browser's Web
 * Workers (where the calling thread must itself be a worker: a page's main thread may not wait).
 */
import { Worker } from 'node:worker_threads';
import { EngineMemory } from './memory';
import { KERNEL_NAMES, KernelName, Kernels } from './kernels';
import { WasmMemory, WasmModule } from './webassembly';

const SLOT_BYTES = 256;
const MAX_ARGS = 24;

/**
 * The loop every worker runs, as JavaScript source (a worker is started from source text, so no file
 * path needs resolving): a function of the module, the memory, the mailbox's address, the kernels'
 * names and a way to post an error text to the host. It instantiates the module on the memory, says
 * 'ready', then sleeps on its mailbox and runs each job posted there, until `seq` turns negative.
 * Node runs it in a worker_threads Worker ({@link spawnNodeWorker}); a browser in a Web Worker.
 */
export const KERNEL_WORKER_LOOP = `function kernelWorkerLoop(module, memory, slot, names, post) {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const fns = names.map((n) => instance.exports[n]);
  const i32 = new Int32Array(memory.buffer, slot, 8);
  const f64 = new Float64Array(memory.buffer, slot + 32, ${MAX_ARGS});
  let seen = 0;
  post('ready');
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
      post(String(err && err.stack || err));
    }
    Atomics.store(i32, 1, seen);
    Atomics.notify(i32, 1);
  }
}`;

/** What a worker is started with: the module, the engine's shared memory, its mailbox, the kernels' names. */
export interface KernelWorkerData {
  module: WasmModule;
  memory: WasmMemory;
  slot: number;
  names: readonly string[];
}

/** A started worker, as the pool sees it. */
export interface KernelWorker {
  /** Resolves once the worker has instantiated the module (its first message, 'ready'). */
  ready: Promise<void>;
  terminate(): Promise<unknown> | void;
}

/**
 * Starts one worker that runs {@link KERNEL_WORKER_LOOP} with `data`; the texts it posts after 'ready'
 * (errors) go to `onMessage`. Each runtime has its own: {@link spawnNodeWorker} for Node.
 */
export type SpawnKernelWorker = (data: KernelWorkerData, onMessage: (text: string) => void) => KernelWorker;

/** {@link SpawnKernelWorker} for Node: a worker_threads Worker, unref'd (it never keeps a process alive). */
export const spawnNodeWorker: SpawnKernelWorker = (data, onMessage) => {
  const worker = new Worker(
    `const { parentPort, workerData: d } = require('node:worker_threads');
${KERNEL_WORKER_LOOP}
kernelWorkerLoop(d.module, d.memory, d.slot, d.names, (m) => parentPort.postMessage(m));`,
    { eval: true, workerData: data },
  );
  const ready = new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', () => {
      worker.on('message', (msg: unknown) => onMessage(String(msg)));
      worker.unref();
      resolve();
    });
  });
  return { ready, terminate: () => worker.terminate() };
};

/**
 * One job: a kernel routine and its arguments, typed from the routine's signature in {@link Kernels}
 * (a job for `gemm` must carry `gemm`'s 13 numbers, in order).
 */
export type Job = { [K in KernelName]: { op: K; args: Parameters<Kernels[K]> } }[KernelName];

/** The worker threads of one engine. */
export class ThreadPool {
  private readonly workers: KernelWorker[] = [];
  private readonly slots: number[] = [];
  private seq = 0;
  /** The last error text a worker posted (arrives asynchronously, so may lag). */
  private failure: string | undefined;

  private constructor(private readonly mem: EngineMemory) {}

  /**
   * Starts `count` workers on `module` and `mem` with `spawn` (the runtime's workers); resolves once all
   * have instantiated the module.
   */
  static async start(
    module: WasmModule,
    mem: EngineMemory,
    count: number,
    spawn: SpawnKernelWorker,
  ): Promise<ThreadPool> {
    const pool = new ThreadPool(mem);
    for (let w = 0; w < count; w++) {
      const slot = mem.alloc(SLOT_BYTES);
      mem.i32().fill(0, slot >> 2, (slot + SLOT_BYTES) >> 2);
      const worker = spawn({ module, memory: mem.memory, slot, names: KERNEL_NAMES }, (text) => {
        pool.failure = text;
      });
      pool.workers.push(worker);
      pool.slots.push(slot);
    }
    await Promise.all(pool.workers.map((w) => w.ready));
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
