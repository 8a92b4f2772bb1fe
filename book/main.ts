/**
 * `npm run book [-- --profile full|learn|ci] [--out build/book] [--base /sub/path/] [--reuse DIR]
 *   [--only 04_lstm,05_gru]`
 *
 * Executes every notebook in the profile (default `full`; a chapter whose code cells, `src/` and
 * package-lock.json are unchanged since its last execution is taken from build/book-cache/<profile>/),
 * then builds the book in build/book/. `--reuse DIR` adopts executed copies from DIR (the notebooks
 * phase of `npm test` writes build/executed/) when their code cells match and they are newer than
 * src/. Progress on stderr, one line per chapter; exit status 1 when a chapter failed to execute or an
 * equation could not be typeset (the book is still written), 2 on a bad option.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Cache, Profile, libraryHash } from './cache';
import { executeChapters } from './execute';
import { readNotebook } from './notebook';
import { Chapter, buildSite } from './site';
import { plotlyBundle } from '../src/plot/bundle';
import { liveAssets } from './live';

const root = path.join(__dirname, '..');

interface Options {
  profile: Profile;
  out: string;
  base: string;
  reuse?: string;
  only?: string[];
}

function usage(message: string): never {
  process.stderr.write(
    `book: ${message}\n` +
      'usage: npm run book -- [--profile full|learn|ci] [--out DIR] [--base /sub/path/] [--reuse DIR] [--only a,b]\n',
  );
  process.exit(2);
}

function parse(argv: string[]): Options {
  const o: Options = { profile: 'full', out: path.join(root, 'build', 'book'), base: '' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === '--profile') {
      const p = value();
      if (p !== 'full' && p !== 'learn' && p !== 'ci')
        usage(`--profile must be full, learn or ci, got '${p}'`);
      o.profile = p;
    } else if (arg === '--out') o.out = path.resolve(value());
    else if (arg === '--base') {
      const b = value();
      if (!b.startsWith('/')) usage(`--base must be an absolute path such as /rnnlab/, got '${b}'`);
      o.base = b.endsWith('/') ? b : `${b}/`;
    } else if (arg === '--reuse') {
      o.reuse = path.resolve(value());
      if (!fs.existsSync(o.reuse)) usage(`--reuse: no such folder '${o.reuse}'`);
    } else if (arg === '--only')
      o.only = value()
        .split(',')
        .map((s) => s.trim().replace(/\.ipynb$/, ''));
    else usage(`unknown option '${arg}'`);
  }
  return o;
}

async function main(): Promise<void> {
  const o = parse(process.argv.slice(2));
  const log = (line: string): void => void process.stderr.write(line + '\n');
  const nbDir = path.join(root, 'notebooks');
  let files = fs
    .readdirSync(nbDir)
    .filter((f) => /^\d\d[a-z]?_.*\.ipynb$/.test(f))
    .sort()
    .map((f) => path.join(nbDir, f));
  if (o.only) {
    const missing = o.only.filter((n) => !files.some((f) => path.basename(f, '.ipynb') === n));
    if (missing.length) usage(`--only: no such notebook ${missing.join(', ')}`);
    files = files.filter((f) => o.only!.includes(path.basename(f, '.ipynb')));
  }
  const t0 = Date.now();
  const cache = new Cache(path.join(root, 'build', 'book-cache', o.profile));
  let jupyter: { python: string; vars: Record<string, string> } | undefined;
  const executions = executeChapters(files, {
    root,
    profile: o.profile,
    cache,
    library: libraryHash(root),
    reuse: o.reuse,
    log,
    jupyter: () => {
      if (jupyter) return jupyter;
      // Builds dist/ and the WebAssembly, links the package, finds Jupyter and the kernel (scripts/setup.js).
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const setup = require('../scripts/setup.js') as {
        ensureSetup(o: { quiet: boolean; needJupyter: boolean }): {
          python: string;
          vars: Record<string, string>;
        };
      };
      jupyter = setup.ensureSetup({ quiet: true, needJupyter: true });
      return jupyter;
    },
  });
  const chapters: Chapter[] = files.map((f, i) => ({
    name: path.basename(f, '.ipynb'),
    notebook: readNotebook(f),
    executed: executions[i]!.executed,
    failed: executions[i]!.outcome === 'failed',
    run: executions[i]!.outcome === 'failed' ? undefined : cache.record(path.basename(f, '.ipynb')),
  }));
  const docsDir = path.join(root, 'docs');
  const docs = fs.existsSync(docsDir)
    ? fs
        .readdirSync(docsDir)
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f}`)
    : [];
  const report = buildSite(chapters, {
    root,
    out: o.out,
    base: o.base,
    profile: o.profile,
    plotly: plotlyBundle,
    docs,
    live: await liveAssets(root),
  });
  for (const m of report.mathErrors)
    log(`book: ${m.page}: could not typeset $${m.error.tex}$: ${m.error.message}`);
  const count = (k: string): number => executions.filter((e) => e.outcome === k).length;
  log(
    `book: ${report.pages.length} pages in ${path.relative(process.cwd(), o.out) || o.out} ` +
      `(${count('executed')} executed, ${count('adopted')} adopted, ${count('cached')} cached, ` +
      `${count('failed')} failed; ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
  );
  if (count('failed') > 0 || report.mathErrors.length > 0) process.exit(1);
}

main().catch((err: unknown) => {
  process.stderr.write(`book: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
