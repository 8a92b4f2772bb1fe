/**
 * Finding, building and compiling the engine's WebAssembly module (compiled from src/engine/assembly/
 * by scripts/build-wasm.js; never committed). In a checkout the modules are rebuilt here when their
 * sources are newer, so tests and notebooks never run stale kernels.
 *
 * Two builds of the same kernels: build/wasm/engine-relaxed.wasm uses relaxed SIMD's fused multiply-add
 * in the GEMM (~1.4× its speed on a CPU with FMA; results differ from the plain build by rounding only),
 * build/wasm/engine.wasm plain SIMD. Node 20's V8 has relaxed SIMD behind a flag, which is set here at run
 * time (`v8.setFlagsFromString`) before compiling; where the relaxed module still does not validate, the
 * plain one is used. `RNNLAB_RELAXED_SIMD=0` forces the plain one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WA, WasmModule } from './webassembly';

const root = path.join(__dirname, '..', '..');
/** Where scripts/build-wasm.js writes the module. */
export const WASM_PATH = path.join(root, 'build', 'wasm', 'engine.wasm');
/** The relaxed-SIMD build (fused multiply-add). */
export const RELAXED_WASM_PATH = path.join(root, 'build', 'wasm', 'engine-relaxed.wasm');

/** Whether the compiled module is the relaxed-SIMD build (after {@link wasmModule} ran). */
export let wasmRelaxed = false;

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
  if (process.env.RNNLAB_RELAXED_SIMD !== '0' && fs.existsSync(RELAXED_WASM_PATH)) {
    try {
      (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      // not Node, or a V8 without the flag (relaxed SIMD on by default, or absent): validate decides
    }
    const relaxed = fs.readFileSync(RELAXED_WASM_PATH);
    if (WA.validate(relaxed)) {
      compiled = new WA.Module(relaxed);
      wasmRelaxed = true;
      return compiled;
    }
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
