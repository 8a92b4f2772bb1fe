/**
 * Bundles the in-browser language model with esbuild: the worker (train-lm.worker.ts, with the
 * engine's kernels from build/wasm/ inlined as base64) becomes a string inside the page's script
 * (train-lm.page.ts), so the page needs no fetch — which Chromium refuses for a page opened from
 * the file system. Only rnnlab's own code goes in: src/ is bundled as free of import-time side
 * effects, so what the browser code does not use (the Node loader of the kernels, files, tfjs) is
 * left out, and the build fails if any import of a package or Node module is left in a bundle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

/** The page's script (the worker inside), minified. */
export interface TrainLmBundle {
  page: string;
  /** Bytes of the worker's bundle (engine, model, training, sampling, kernels). */
  workerBytes: number;
}

/** Marks src/ side-effect free and every package or Node module external (then checked absent). */
function onlyRnnlab(src: string): Plugin {
  return {
    name: 'only-rnnlab',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (a) => ({ path: a.path, external: true, sideEffects: false }));
      build.onResolve({ filter: /^\./ }, async (a) => {
        if (a.pluginData === 'resolving') return undefined;
        const r = await build.resolve(a.path, {
          kind: a.kind,
          importer: a.importer,
          resolveDir: a.resolveDir,
          pluginData: 'resolving',
        });
        if (r.errors.length > 0) return { errors: r.errors };
        return { path: r.path, sideEffects: r.path.startsWith(src) ? false : undefined };
      });
    },
  };
}

/**
 * Bundles `entry` (a path) for the browser, minified, as one script; throws when an import of a package
 * or a Node module is left in it (code the browser would need but cannot have).
 */
export async function bundleForBrowser(
  root: string,
  entry: string,
  define: Record<string, string> = {},
): Promise<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const options: BuildOptions = {
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    metafile: true,
    legalComments: 'none',
    define,
    logLevel: 'silent',
    plugins: [onlyRnnlab(path.join(root, 'src') + path.sep)],
  };
  const r = await esbuild.build(options);
  const metafile: Metafile = r.metafile!;
  const left = Object.values(metafile.outputs)
    .flatMap((o) => o.imports)
    .filter((i) => i.external)
    .map((i) => i.path);
  if (left.length > 0)
    throw new Error(
      `${path.relative(root, entry)}: the bundle still imports ${[...new Set(left)].join(', ')}`,
    );
  return r.outputFiles![0]!.text;
}

/** Builds the page's script, with the kernels of build/wasm/ (first rebuilt when older than their sources). */
export async function bundleTrainLm(root: string): Promise<TrainLmBundle> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildWasm } = require('../scripts/build-wasm.js') as { buildWasm(o: { quiet: boolean }): boolean };
  buildWasm({ quiet: true });
  const wasm = (name: string): string =>
    fs.readFileSync(path.join(root, 'build', 'wasm', name)).toString('base64');
  const browser = (file: string): string => path.join(__dirname, 'browser', file);
  const worker = await bundleForBrowser(root, browser('train-lm.worker.ts'), {
    RNNLAB_WASM: JSON.stringify({ relaxed: wasm('engine-relaxed.wasm'), plain: wasm('engine.wasm') }),
  });
  const page = await bundleForBrowser(root, browser('train-lm.page.ts'), {
    RNNLAB_LM_WORKER: JSON.stringify(worker),
  });
  return { page, workerBytes: Buffer.byteLength(worker) };
}
