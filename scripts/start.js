#!/usr/bin/env node
// `npm start [-- JUPYTER-ARGS]`: set-up if missing (build, kernel registration, Jupyter itself), then
// Jupyter Notebook on notebooks/ with the TypeScript kernel. Arguments after `--` go to Jupyter, e.g.
//   npm start -- --no-browser --port 8899
// Jupyter also serves build/jupyter-static/ (the plotly.js bundle, `static/rnnlab/plotly.min.js`,
// which figures load when their page lacks it) and saves notebooks through
// scripts/jupyter/rnnlab_contents.py: the .ipynb without outputs (git stays clean), the outputs in
// build/jupyter-outputs/, put back when the notebook is opened again.
'use strict';
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { ensureSetup } = require('./setup.js');

const root = path.join(__dirname, '..');
let env;
try {
  env = ensureSetup({ quiet: false, needJupyter: true });
} catch (err) {
  console.error(String(err.message || err));
  process.exit(1);
}
const { writeStaticBundle, staticBundleDir } = require(path.join(root, 'dist', 'plot', 'bundle.js'));
writeStaticBundle();
// Notebook 6 is a NotebookApp; Notebook 7 runs on jupyter_server (ServerApp).
const version = spawnSync(env.python, ['-c', 'import notebook; print(notebook.__version__)'], { encoding: 'utf8' });
const app = Number((version.stdout || '6').split('.')[0]) >= 7 ? 'ServerApp' : 'NotebookApp';
const args = ['-m', 'notebook', `--notebook-dir=${path.join(root, 'notebooks')}`,
  `--${app}.extra_static_paths=${staticBundleDir()}`,
  `--${app}.contents_manager_class=rnnlab_contents.RnnlabContentsManager`, ...process.argv.slice(2)];
const pythonPath = [path.join(__dirname, 'jupyter'), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter);
if (typeof process.getuid === 'function' && process.getuid() === 0 && !args.includes('--allow-root')) args.push('--allow-root');
console.error(`rnnlab: starting Jupyter Notebook (${env.python} ${args.join(' ')})`);
const child = spawn(env.python, args, { stdio: 'inherit', env: { ...process.env, ...env.vars, PYTHONPATH: pythonPath } });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 0));
