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
