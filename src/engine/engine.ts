/**
 * The engine: one WebAssembly memory, the kernels over it (SIMD WebAssembly, or the TypeScript
 * fallback), and optionally a pool of worker threads that split the large kernels.
 *
 *     const eng = await createEngine();              // threads from RNNLAB_THREADS, else 1
 *     const eng = await createEngine({ threads: 2 });
 *     const eng = await createEngine({ simd: false }); // force the TypeScript fallback (or RNNLAB_SIMD=0)
 *     const eng = await createEngineFromBytes({ wasm: { relaxed, plain } }); // from bytes, no file (a browser)
 */
import { availableParallelism } from 'node:os';
import { EngineMemory } from './memory';
import { GEMM_SCRATCH_FLOATS, Kernels, MR, NR, packedFloats } from './kernels';
import { createTsKernels } from './kernelsTs';
import { Job, SpawnKernelWorker, ThreadPool, spawnNodeWorker } from './pool';
import { DType, Tensor } from './tensor';
import { wasmModule, wasmRelaxed, wasmUnavailableReason } from './wasm';
import { KernelBuilds, WA, WasmModule, compileKernels, instantiate } from './webassembly';

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /**
   * Threads that split the large kernels (the calling thread counts as one). Needs the WebAssembly
   * kernels; the fallback always runs on one thread.
   * @default Number(process.env.RNNLAB_THREADS), else 1
   */
  threads?: number;
  /**
   * Use the WebAssembly SIMD kernels. `false` forces the TypeScript fallback; `true` fails when SIMD is
   * unavailable. @default process.env.RNNLAB_SIMD !== '0', falling back silently when unavailable
   */
  simd?: boolean;
  /** Initial engine memory in bytes (it grows on demand). @default 64 MiB */
  initialBytes?: number;
}

/** How a GEMM reads an operand: as stored ('N') or transposed ('T'). */
export type Trans = 'N' | 'T';

/** Below this many multiply-adds a GEMM runs on one thread (splitting costs more than it saves). */
const PARALLEL_MIN_MACS = 1 << 20;

/** Most threads an engine runs: it keeps one reduction slot per thread, and has 64. */
export const MAX_THREADS = 64;

function checkThreads(what: string, n: number, raw: string = String(n)): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) {
    throw new Error(`${what} must be a whole number in [1, ${MAX_THREADS}]; got '${raw}'`);
  }
  return n;
}

function envThreads(): number | undefined {
  const raw = process.env.RNNLAB_THREADS;
  if (raw === undefined || raw.trim() === '') return undefined;
  // Decimal digits only: Number() would also take '0x10' or '1e1'.
  return checkThreads('RNNLAB_THREADS', /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN, raw);
}

/**
 * Threads for a training command (`rnnlab lm`, `rnnlab translate`) when `--threads` is not given:
 * RNNLAB_THREADS if set, else every core this process may run on (os.availableParallelism(), which
 * honours `taskset`), at most 8. Library calls keep createEngine's default of one thread.
 */
export function trainingThreads(): number {
  return envThreads() ?? Math.min(8, availableParallelism()); // availableParallelism() ≥ 1
}

/** Splits [0, n) into `parts` ranges whose starts are multiples of `grain`. */
export function splitRange(n: number, parts: number, grain: number): [number, number][] {
  const units = Math.ceil(n / grain);
  const out: [number, number][] = [];
  let start = 0;
  for (let p = 0; p < parts; p++) {
    const end = Math.min(n, Math.round((units * (p + 1)) / parts) * grain);
    if (end > start) out.push([start, end - start]);
    start = Math.max(start, end);
  }
  return out;
}

/** The compute engine. Create it with {@link createEngine}; `dispose()` it to stop its threads. */
export class Engine {
  /** Per-thread GEMM scratch (index 0 is the calling thread). */
  readonly scratch: number[];
  /** 64 f64 slots where kernels write their reductions (sums of squares, losses). */
  private readonly reductions: number;
  private disposed = false;

  constructor(
    readonly mem: EngineMemory,
    readonly kernels: Kernels,
    /** True when the WebAssembly SIMD kernels run; false for the TypeScript fallback. */
    readonly simd: boolean,
    private readonly pool: ThreadPool | undefined,
    /** Why the fallback runs ('' when SIMD runs). */
    readonly fallbackReason: string,
    /** True when the kernels are the relaxed-SIMD build (fused multiply-add in the GEMM). */
    readonly relaxed = false,
  ) {
    this.scratch = Array.from({ length: this.threads }, () => mem.alloc(GEMM_SCRATCH_FLOATS * 4));
    this.reductions = mem.alloc(64 * 8);
  }

  /** Address of `n` (≤ 64) f64 slots for kernel reductions, valid until the next kernel call. */
  reductionSlots(n: number): number {
    if (n > MAX_THREADS) throw new Error(`at most ${MAX_THREADS} reduction slots; asked for ${n}`);
    return this.reductions;
  }

  /** Threads that run kernels (the calling thread included). */
  get threads(): number {
    return 1 + (this.pool?.size ?? 0);
  }

  /** A one-line description: kernels, threads, memory. */
  describe(): string {
    const mb = (this.mem.byteLength / 2 ** 20).toFixed(0);
    return `rnnlab engine: ${this.simd ? (this.relaxed ? 'WebAssembly SIMD + FMA' : 'WebAssembly SIMD') : `TypeScript fallback (${this.fallbackReason})`}, ${this.threads} thread${this.threads > 1 ? 's' : ''}, ${mb} MiB memory`;
  }

  /** A new zero-filled tensor in engine memory, optionally initialised with `data`. */
  tensor(shape: readonly number[], data?: ArrayLike<number>, dtype: DType = 'f32'): Tensor {
    this.check();
    const t = new Tensor(this.mem, shape, dtype);
    if (data !== undefined) t.set(data);
    return t;
  }

  /**
   * Runs one job per thread (job 0 on the calling thread); `undefined` jobs are skipped. With one
   * thread the jobs run in order on the calling thread.
   */
  parallel(jobs: (Job | undefined)[]): void {
    const self = (job: Job): void => {
      (this.kernels[job.op] as (...a: number[]) => void)(...job.args);
    };
    if (this.pool === undefined || jobs.length <= 1) {
      for (const job of jobs) if (job !== undefined) self(job);
      return;
    }
    this.pool.run(jobs, self);
  }

  /**
   * C = beta·C + op(A)·op(B) with op(A) [M, K], op(B) [K, N]; `lda`, `ldb`, `ldc` are the row lengths
   * of A, B, C as stored. Split over threads by columns (or rows when M > N) when large enough.
   */
  gemm(
    transA: Trans,
    transB: Trans,
    M: number,
    N: number,
    K: number,
    A: number,
    lda: number,
    B: number,
    ldb: number,
    C: number,
    ldc: number,
    beta: 0 | 1,
  ): void {
    const [rsA, csA] = transA === 'N' ? [lda, 1] : [1, lda];
    const [rsB, csB] = transB === 'N' ? [ldb, 1] : [1, ldb];
    const threads = M * N * K >= PARALLEL_MIN_MACS ? this.threads : 1;
    if (threads === 1) {
      this.kernels.gemm(M, N, K, A, rsA, csA, B, rsB, csB, C, ldc, beta, this.scratch[0]!);
      return;
    }
    const jobs: Job[] = [];
    if (N >= M) {
      splitRange(N, threads, NR).forEach(([j0, n], t) => {
        jobs.push({
          op: 'gemm',
          args: [M, n, K, A, rsA, csA, B + 4 * j0 * csB, rsB, csB, C + 4 * j0, ldc, beta, this.scratch[t]!],
        });
      });
    } else {
      splitRange(M, threads, MR).forEach(([i0, m], t) => {
        jobs.push({
          op: 'gemm',
          args: [
            m,
            N,
            K,
            A + 4 * i0 * rsA,
            rsA,
            csA,
            B,
            rsB,
            csB,
            C + 4 * i0 * ldc,
            ldc,
            beta,
            this.scratch[t]!,
          ],
        });
      });
    }
    this.parallel(jobs);
  }

  /** Packs op(B) [K, N] for {@link Engine.gemmPacked} into `dst` ({@link packedFloats}(K, N) floats). */
  packB(transB: Trans, K: number, N: number, B: number, ldb: number, dst: number): void {
    const [rsB, csB] = transB === 'N' ? [ldb, 1] : [1, ldb];
    this.kernels.packB(K, N, B, rsB, csB, dst);
  }

  /** C = beta·C + op(A)·B̂ with B̂ packed by {@link Engine.packB}. Split over threads like {@link Engine.gemm}. */
  gemmPacked(
    transA: Trans,
    M: number,
    N: number,
    K: number,
    A: number,
    lda: number,
    Bp: number,
    C: number,
    ldc: number,
    beta: 0 | 1,
  ): void {
    const [rsA, csA] = transA === 'N' ? [lda, 1] : [1, lda];
    const threads = M * N * K >= PARALLEL_MIN_MACS ? this.threads : 1;
    if (threads === 1) {
      this.kernels.gemmPacked(M, N, K, A, rsA, csA, Bp, C, ldc, beta, this.scratch[0]!);
      return;
    }
    const jobs: Job[] = [];
    if (N >= M) {
      splitRange(N, threads, NR).forEach(([j0, n], t) => {
        jobs.push({
          op: 'gemmPacked',
          args: [M, n, K, A, rsA, csA, Bp + 4 * packedFloats(K, j0), C + 4 * j0, ldc, beta, this.scratch[t]!],
        });
      });
    } else {
      splitRange(M, threads, MR).forEach(([i0, m], t) => {
        jobs.push({
          op: 'gemmPacked',
          args: [m, N, K, A + 4 * i0 * rsA, rsA, csA, Bp, C + 4 * i0 * ldc, ldc, beta, this.scratch[t]!],
        });
      });
    }
    this.parallel(jobs);
  }

  /** Stops the worker threads. The engine cannot be used afterwards. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.pool?.terminate();
  }

  private check(): void {
    if (this.disposed) throw new Error('this rnnlab engine was disposed');
  }
}

interface Parts {
  mem: EngineMemory;
  kernels: Kernels;
  module: WasmModule | null;
  reason: string;
  relaxed: boolean;
}

/** Memory and kernels (SIMD module or fallback) per the options. */
function engineParts(options: EngineOptions): Parts {
  const wantSimd = options.simd ?? process.env.RNNLAB_SIMD !== '0';
  const module = wantSimd ? wasmModule() : null;
  if (options.simd === true && module === null) {
    throw new Error(`WebAssembly SIMD kernels requested but unavailable: ${wasmUnavailableReason()}`);
  }
  if (module === null) {
    const mem = new EngineMemory({ initialBytes: options.initialBytes, shared: false });
    const reason = wantSimd
      ? wasmUnavailableReason()
      : options.simd === false
        ? 'simd: false'
        : 'RNNLAB_SIMD=0';
    return { mem, kernels: createTsKernels(mem), module, reason, relaxed: false };
  }
  return moduleParts(module, wasmRelaxed, options.initialBytes);
}

/** The shared memory and the module's kernels instantiated on it (no file, no Node: runs in a browser too). */
function moduleParts(module: WasmModule, relaxed: boolean, initialBytes: number | undefined): Parts {
  // The module's static data end at heapBase; instantiate once to ask, then allocate above it.
  const probe = new WA!.Memory({ initial: 1, maximum: 65536, shared: true });
  const base = (instantiate(module, probe).heapBase as () => number)();
  const mem = new EngineMemory({ initialBytes, base: Math.max(base, 1024), shared: true });
  const exports = instantiate(module, mem.memory);
  const scratchFloats = (exports.gemmScratchFloats as () => number)();
  if (scratchFloats !== GEMM_SCRATCH_FLOATS) {
    throw new Error(
      `engine.wasm is out of date (scratch ${scratchFloats} ≠ ${GEMM_SCRATCH_FLOATS} floats); run \`npm run build\``,
    );
  }
  return { mem, kernels: exports as unknown as Kernels, module, reason: '', relaxed };
}

/**
 * Creates an engine: compiles (and in a checkout, first builds) the WebAssembly SIMD kernels, or uses
 * the TypeScript fallback, and starts `threads − 1` worker threads.
 */
export async function createEngine(options: EngineOptions = {}): Promise<Engine> {
  const threads = options.threads ?? envThreads() ?? 1;
  checkThreads('createEngine: threads', threads);
  const { mem, kernels, module, reason, relaxed } = engineParts(options);
  const pool =
    module !== null && threads > 1
      ? await ThreadPool.start(module, mem, threads - 1, spawnNodeWorker)
      : undefined;
  return new Engine(mem, kernels, module !== null, pool, reason, relaxed);
}

/**
 * Creates a one-thread engine synchronously (worker threads start asynchronously, so only
 * {@link createEngine} can make a threaded one) — for code that cannot await, such as a tfjs layer.
 */
export function createEngineSync(options: Omit<EngineOptions, 'threads'> = {}): Engine {
  const { mem, kernels, module, reason, relaxed } = engineParts(options);
  return new Engine(mem, kernels, module !== null, undefined, reason, relaxed);
}

/** Options of {@link createEngineFromBytes}. */
export interface BytesEngineOptions {
  /** The kernels' bytes, as the caller got them (a browser page ships them; Node reads build/wasm/). */
  wasm: KernelBuilds;
  /** Threads that split the large kernels (the calling thread counts as one). @default 1 */
  threads?: number;
  /**
   * Starts the other threads, as the runtime makes them: `spawnNodeWorker` in Node, Web Workers in a
   * browser. Required when threads > 1.
   */
  spawnWorker?: SpawnKernelWorker;
  /** Initial engine memory in bytes (it grows on demand). @default 64 MiB */
  initialBytes?: number;
}

/**
 * Creates an engine from the kernels' bytes given by the caller, reading no file and no environment
 * variable — how a browser builds one (book/browser/): the same engine as {@link createEngine} makes
 * from build/wasm/. Throws when this runtime has no WebAssembly SIMD or no shared WebAssembly memory.
 */
export async function createEngineFromBytes(o: BytesEngineOptions): Promise<Engine> {
  const threads = checkThreads('createEngineFromBytes: threads', o.threads ?? 1);
  if (threads > 1 && o.spawnWorker === undefined)
    throw new Error(
      `createEngineFromBytes: threads ${threads} needs spawnWorker (how this runtime starts one)`,
    );
  if (WA === undefined) throw new Error('createEngineFromBytes: this runtime has no WebAssembly');
  const kernels = compileKernels(o.wasm);
  if (kernels === null)
    throw new Error(
      'createEngineFromBytes: neither build of the kernels validates (not the kernels, or no WebAssembly SIMD here)',
    );
  let parts: Parts;
  try {
    parts = moduleParts(kernels.module, kernels.relaxed, o.initialBytes);
  } catch (err) {
    throw new Error(`createEngineFromBytes: cannot instantiate the kernels: ${(err as Error).message}`);
  }
  const pool =
    threads > 1 && o.spawnWorker !== undefined
      ? await ThreadPool.start(kernels.module, parts.mem, threads - 1, o.spawnWorker)
      : undefined;
  return new Engine(parts.mem, parts.kernels, true, pool, '', kernels.relaxed);
}
