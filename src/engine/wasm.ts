/**
 * Finding and compiling the engine's WebAssembly module. It is built from src/engine/assembly/ by
 * `npm run build` (also run by `npm ci`/`npm install` through `prepare`, and by `npm test`); never
 * committed. This loader only reads the built files: when they are missing, or in a checkout older than
 * the kernels' sources, creating a SIMD engine fails with an error that says to run `npm run build`, so
 * tests and notebooks never run stale kernels.
 *
 * Two builds of the same kernels: build/wasm/engine-relaxed.wasm uses relaxed SIMD's fused multiply-add
 * in the GEMM (~1.4× its speed on a CPU with FMA; results differ from the plain build by rounding only),
 * build/wasm/engine.wasm plain SIMD. Node 20's V8 has relaxed SIMD behind a flag, which is set here at run
 * time (`v8.setFlagsFromString`) before compiling; where the relaxed module still does not validate, the
 * plain one is used. `RNNLAB_RELAXED_SIMD=0` forces the plain one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WA, WasmModule, compileKernels } from './webassembly';

const root = path.join(__dirname, '..', '..');
/** Where the build (`npm run build`, scripts/build-wasm.js) writes the module. */
export const WASM_PATH = path.join(root, 'build', 'wasm', 'engine.wasm');
/** The relaxed-SIMD build (fused multiply-add). */
export const RELAXED_WASM_PATH = path.join(root, 'build', 'wasm', 'engine-relaxed.wasm');

/** Whether the compiled module is the relaxed-SIMD build (after {@link wasmModule} ran). */
export let wasmRelaxed = false;

let compiled: WasmModule | null | undefined;
let whyNot = '';

/** The kernels' sources (present in a checkout, absent from an installed package). */
const ASSEMBLY_DIR = path.join(root, 'src', 'engine', 'assembly');

/**
 * Throws when the built module is missing, or (in a checkout) older than a source of the kernels: the
 * message names the file and the command that builds it.
 */
export function assertWasmBuilt(): void {
  const build = 'run `npm run build` (or create the engine with { simd: false } for the TypeScript kernels)';
  if (!fs.existsSync(WASM_PATH)) throw new Error(`rnnlab engine: ${WASM_PATH} is missing; ${build}`);
  if (!fs.existsSync(ASSEMBLY_DIR)) return;
  const builds = [WASM_PATH, RELAXED_WASM_PATH].filter((f) => fs.existsSync(f));
  const built = Math.min(...builds.map((f) => fs.statSync(f).mtimeMs));
  for (const f of fs.readdirSync(ASSEMBLY_DIR)) {
    const source = path.join(ASSEMBLY_DIR, f);
    if (f.endsWith('.ts') && fs.statSync(source).mtimeMs > built) {
      throw new Error(`rnnlab engine: ${WASM_PATH} is older than ${source}; ${build}`);
    }
  }
}

/**
 * The compiled module, or `null` when this runtime cannot run it (no WebAssembly SIMD or no shared
 * memory); {@link wasmUnavailableReason} then says why. Throws when the build is missing or stale
 * ({@link assertWasmBuilt}). Compiles once per process.
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
  try {
    assertWasmBuilt();
  } catch (err) {
    compiled = undefined; // ask again next time (after a build)
    throw err;
  }
  const useRelaxed = process.env.RNNLAB_RELAXED_SIMD !== '0' && fs.existsSync(RELAXED_WASM_PATH);
  if (useRelaxed) {
    try {
      (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
    } catch {
      // not Node, or a V8 without the flag (relaxed SIMD on by default, or absent): validate decides
    }
  }
  const kernels = compileKernels({
    relaxed: useRelaxed ? fs.readFileSync(RELAXED_WASM_PATH) : undefined,
    plain: fs.readFileSync(WASM_PATH),
  });
  if (kernels === null) {
    whyNot = 'this runtime does not support WebAssembly SIMD';
    return compiled;
  }
  wasmRelaxed = kernels.relaxed;
  compiled = kernels.module;
  return compiled;
}

/** Why {@link wasmModule} returned null ('' when it did not). */
export function wasmUnavailableReason(): string {
  return whyNot;
}
