/**
 * The few WebAssembly JavaScript-API types the engine uses. The project compiles against lib ES2022
 * without DOM, where `WebAssembly` is not declared; reaching it through `globalThis` with these local
 * types keeps the declarations out of the global scope.
 */

/** A WebAssembly memory (`WebAssembly.Memory`). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

/** A compiled module (`WebAssembly.Module`). */
export type WasmModule = object;

/** An instance's exports: functions and the memory. */
export type WasmExports = Record<string, unknown>;

interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: WasmExports };
  validate(bytes: Uint8Array): boolean;
}

/** The runtime's `WebAssembly` object, or undefined where there is none. */
export const WA: WebAssemblyApi | undefined = (globalThis as unknown as { WebAssembly?: WebAssemblyApi })
  .WebAssembly;

/** Instantiates `module` on `memory` (imported as env.memory). */
export function instantiate(module: WasmModule, memory: WasmMemory): WasmExports {
  if (WA === undefined) throw new Error('this runtime has no WebAssembly');
  return new WA.Instance(module, { env: { memory } }).exports;
}

/** The bytes of the kernels' two builds (build/wasm/engine-relaxed.wasm and engine.wasm). */
export interface KernelBuilds {
  /** The relaxed-SIMD build (fused multiply-add in the GEMM), when there is one. */
  relaxed?: Uint8Array;
  /** The plain SIMD build. */
  plain: Uint8Array;
}

/**
 * Compiles the kernels from their bytes, wherever they came from (Node reads the build's files, a
 * browser gets them from its page): the relaxed-SIMD build where this runtime validates it, else the
 * plain one; null when neither validates (a runtime without WebAssembly SIMD).
 */
export function compileKernels(builds: KernelBuilds): { module: WasmModule; relaxed: boolean } | null {
  if (WA === undefined) return null;
  if (builds.relaxed !== undefined && WA.validate(builds.relaxed))
    return { module: new WA.Module(builds.relaxed), relaxed: true };
  if (WA.validate(builds.plain)) return { module: new WA.Module(builds.plain), relaxed: false };
  return null;
}
