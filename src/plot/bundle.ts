/**
 * The plotly.js bundle, read from the `plotly.js-dist` package (never a CDN), minified once with
 * esbuild when it is installed and cached in build/ (~5 MB instead of ~11 MB).
 * Two ways it reaches a page:
 * - served by Jupyter: `npm start` serves {@link staticBundleDir} as an extra static path, and each
 *   figure's output loads `static/rnnlab/plotly.min.js` when the page lacks plotly.js (a reopened
 *   tab, a reload); saved notebooks carry only their figures' data;
 * - embedded once: where a notebook is executed to be exported (the runner sets `RNNLAB_PLOTLY=embed`),
 *   the first figure's output carries the bundle, so the exported HTML works offline.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../paths';

let cached: string | undefined;

function packageDir(): string {
  return path.dirname(require.resolve('plotly.js-dist/package.json', { paths: [projectRoot()] }));
}

/** The installed plotly.js version (`plotly.js-dist`'s package.json). */
export function plotlyVersion(): string {
  const pkg = path.join(packageDir(), 'package.json');
  return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** plotly.js's source, minified when possible. */
export function plotlyBundle(): string {
  if (cached !== undefined) return cached;
  const minPath = path.join(projectRoot(), 'build', `plotly-${plotlyVersion()}.min.js`);
  if (fs.existsSync(minPath)) return (cached = fs.readFileSync(minPath, 'utf8'));
  const code = fs.readFileSync(path.join(packageDir(), 'plotly.js'), 'utf8');
  try {
    type Options = { minify: boolean; legalComments: string };
    type Esbuild = { transformSync(code: string, o: Options): { code: string } };
    const esbuild = require('esbuild') as Esbuild;
    const min = esbuild.transformSync(code, { minify: true, legalComments: 'eof' }).code;
    writeAtomic(minPath, min);
    return (cached = min);
  } catch {
    return (cached = code);
  }
}

/** The folder Jupyter serves as an extra static path (`npm start`): it holds `rnnlab/plotly.min.js`. */
export function staticBundleDir(): string {
  return path.join(projectRoot(), 'build', 'jupyter-static');
}

/** The bundle's path below Jupyter's `static/` URL. */
export const STATIC_BUNDLE_URL_PATH = 'rnnlab/plotly.min.js';

/** Writes the bundle into {@link staticBundleDir} unless it is there already; returns its path. */
export function writeStaticBundle(): string {
  const file = path.join(staticBundleDir(), ...STATIC_BUNDLE_URL_PATH.split('/'));
  const code = plotlyBundle();
  const same = fs.existsSync(file) && fs.statSync(file).size === Buffer.byteLength(code);
  if (!same) writeAtomic(file, code);
  return file;
}
