/**
 * The WebAssembly kernels (src/engine/assembly, built to build/wasm/kernels.wasm) and the memory they
 * work in. Memory is owned here and imported by the module, so that it can later be shared with
 * worker threads. Floats live in one arena: `alloc` hands out byte offsets; views are made on demand,
 * because growing the memory detaches every existing view.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../paths';

/** The raw exports of kernels.wasm; pointers are byte offsets into the memory. */
export interface KernelExports {
  gemm_nn(A: number, B: number, C: number, M: number, N: number, K: number, accumulate: number): void;
  gemm_tn(A: number, B: number, C: number, M: number, N: number, K: number, accumulate: number): void;
  gemm_nt(A: number, B: number, C: number, M: number, N: number, K: number, accumulate: number, scratch: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  heap_base(): number;
}

/** The parts of the WebAssembly JS API used here (typed locally: this project's lib has no DOM types). */
export interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface WasmApi {
  Memory: new (d: { initial: number; maximum: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: object };
  validate(bytes: Uint8Array): boolean;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** A block of floats in the arena. */
export interface Block { ptr: number; length: number }

const PAGE = 65536;

/** Does this JavaScript engine run WebAssembly SIMD? (validates a module using one v128 instruction) */
export function simdSupported(): boolean {
  // (module (func (result v128) (v128.const i32x4 0 0 0 0)))
  const bytes = Uint8Array.from([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 22, 1, 20, 0, 253, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11]);
  try {
    return wasm.validate(bytes);
  } catch {
    return false;
  }
}

/** The path of the compiled kernels. */
export function kernelsPath(): string {
  return path.join(projectRoot(), 'build', 'wasm', 'kernels.wasm');
}

/** Compiled kernels over one growable memory with a bump allocator. */
export class WasmKernels {
  readonly memory: WasmMemory;
  readonly exports: KernelExports;
  private top: number;

  private constructor(memory: WasmMemory, exports: KernelExports) {
    this.memory = memory;
    this.exports = exports;
    // The module's static data (e.g. the tables behind Mathf.exp) sits below heap_base: never hand it out.
    this.top = Math.max(1024, exports.heap_base());
  }

  /** Loads build/wasm/kernels.wasm (built by `npm run build`). */
  static load(file = kernelsPath()): WasmKernels {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` (scripts/build-wasm.js compiles src/engine/assembly)`);
    const memory = new wasm.Memory({ initial: 16, maximum: 65536 });
    const module = new wasm.Module(fs.readFileSync(file));
    const instance = new wasm.Instance(module, { env: { memory, abort: () => { throw new Error('wasm kernel abort'); } } });
    return new WasmKernels(memory, instance.exports as unknown as KernelExports);
  }

  /** Reserves `length` floats (16-byte aligned), growing the memory when needed. */
  alloc(length: number): Block {
    const ptr = (this.top + 15) & ~15;
    const end = ptr + length * 4;
    const needed = Math.ceil(end / PAGE) - this.memory.buffer.byteLength / PAGE;
    if (needed > 0) this.memory.grow(Math.max(needed, 16));
    this.top = end;
    return { ptr, length };
  }

  /** Frees everything allocated after `mark` (from {@link mark}). */
  release(mark: number): void {
    this.top = mark;
  }

  /** The current allocation position, for {@link release}. */
  mark(): number {
    return this.top;
  }

  /** A Float32Array view of a block (valid until the memory next grows). */
  view(b: Block): Float32Array {
    return new Float32Array(this.memory.buffer, b.ptr, b.length);
  }

  /** A block holding a copy of `data`. */
  upload(data: ArrayLike<number>): Block {
    const b = this.alloc(data.length);
    this.view(b).set(data);
    return b;
  }
}
