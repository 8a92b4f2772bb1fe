/**
 * The plotly.js bundle, read from the `plotly.js-dist` package (never a CDN), minified once with
 * esbuild when it is installed and cached in build/, so a notebook carries ~5 MB instead of ~11 MB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../paths';

let cached: string | undefined;

/** plotly.js's source, minified when possible. */
export function plotlyBundle(): string {
  if (cached !== undefined) return cached;
  const pkgDir = path.dirname(require.resolve('plotly.js-dist/package.json', { paths: [projectRoot()] }));
  const version = (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string }).version;
  const source = path.join(pkgDir, 'plotly.js');
  const minPath = path.join(projectRoot(), 'build', `plotly-${version}.min.js`);
  if (fs.existsSync(minPath)) return (cached = fs.readFileSync(minPath, 'utf8'));
  const code = fs.readFileSync(source, 'utf8');
  try {
    const esbuild = require('esbuild') as { transformSync(code: string, o: { minify: boolean; legalComments: string }): { code: string } };
    const min = esbuild.transformSync(code, { minify: true, legalComments: 'eof' }).code;
    fs.mkdirSync(path.dirname(minPath), { recursive: true });
    const tmp = `${minPath}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, min);
    fs.renameSync(tmp, minPath);
    return (cached = min);
  } catch {
    return (cached = code);
  }
}
