#!/usr/bin/env node
// `npm start [-- JUPYTER-ARGS]`: set-up if missing (build, kernel registration, Jupyter itself), then
// Jupyter Notebook on notebooks/ with the TypeScript kernel. Arguments after `--` go to Jupyter, e.g.
//   npm start -- --no-browser --port 8899
'use strict';
const path = require('node:path');
const { spawn } = require('node:child_process');
const { ensureSetup } = require('./setup.js');

const root = path.join(__dirname, '..');
let env;
try {
  env = ensureSetup({ quiet: false, needJupyter: true });
} catch (err) {
  console.error(String(err.message || err));
  process.exit(1);
}
const args = ['-m', 'notebook', `--notebook-dir=${path.join(root, 'notebooks')}`, ...process.argv.slice(2)];
if (typeof process.getuid === 'function' && process.getuid() === 0 && !args.includes('--allow-root')) args.push('--allow-root');
console.error(`rnnlab: starting Jupyter Notebook (${env.python} ${args.join(' ')})`);
const child = spawn(env.python, args, { stdio: 'inherit', env: { ...process.env, ...env.vars } });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 0));
