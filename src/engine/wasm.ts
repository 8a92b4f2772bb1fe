/**
 * Finding, building and compiling the engine's WebAssembly module (build/wasm/engine.wasm, compiled
 * from src/engine/assembly/ by scripts/build-wasm.js; never committed). In a checkout the module is
 * rebuilt here when its sources are newer, so tests and notebooks never run stale kernels.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WA, WasmModule } from './webassembly';

const root = path.join(__dirname, '..', '..');
/** Where scripts/build-wasm.js writes the module. */
export const WASM_PATH = path.join(root, 'build', 'wasm', 'engine.wasm');

let compiled: WasmModule | null | undefined;
let whyNot = '';

interface BuildScript {
  buildWasm(options: { quiet?: boolean }): boolean;
}

/** Rebuilds the module from source when this is a checkout with the AssemblyScript compiler. */
function buildIfStale(): void {
  const script = path.join(root, 'scripts', 'build-wasm.js');
  if (!fs.existsSync(script) || !fs.existsSync(path.join(root, 'src', 'engine', 'assembly'))) return;
  (require(script) as BuildScript).buildWasm({ quiet: true });
}

/**
 * The compiled module, or `null` when this runtime cannot run it (no WebAssembly SIMD or no shared
 * memory); {@link wasmUnavailableReason} then says why. Compiles once per process.
 */
export function wasmModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  if (WA === undefined) {
    whyNot = 'this runtime has no WebAssembly';
    return compiled;
  }
  try {
    new WA.Memory({ initial: 1, maximum: 1, shared: true });
  } catch {
    whyNot = 'this runtime has no shared WebAssembly memory';
    return compiled;
  }
  buildIfStale();
  if (!fs.existsSync(WASM_PATH)) {
    whyNot = `${WASM_PATH} is missing (run \`npm run build\`)`;
    return compiled;
  }
  const bytes = fs.readFileSync(WASM_PATH);
  if (!WA.validate(bytes)) {
    whyNot = 'this runtime does not support WebAssembly SIMD';
    return compiled;
  }
  compiled = new WA.Module(bytes);
  return compiled;
}

/** Why {@link wasmModule} returned null ('' when it did not). */
export function wasmUnavailableReason(): string {
  return whyNot;
}
