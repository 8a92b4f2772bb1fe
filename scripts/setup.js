#!/usr/bin/env node
// Set-up shared by `npm install` (prepare), `npm start` and `npm test`. Idempotent; quiet when done.
//   1. build src/ → dist/ when stale (scripts/build.js)
//   2. node_modules/rnnlab → the project itself, so `import { nn } from 'rnnlab'` works in notebooks
//      (tslab compiles cells with rootDir = the notebook's folder, so '../src/x' cannot be imported)
//   3. a Python with Jupyter (nbclient, nbconvert, notebook): RNNLAB_PYTHON, /usr/bin/python3, or the
//      python3 on PATH; installed with apt-get (root on Debian/Ubuntu) or `pip install --user` if none
//   4. the TypeScript kernel registered in a project-local Jupyter data dir, .jupyter/share/jupyter,
//      with absolute paths to this Node and to the project's own tslab (no tslab on PATH needed)
//   5. Chromium for the end-to-end checks (RNNLAB_CHROMIUM, /usr/bin/chromium, …): installed with
//      apt-get (root on Debian/Ubuntu), else a stop with the command to run
//   6. in a git checkout: the clean filter that strips notebooks' outputs on commit (.gitattributes
//      names it `rnnlab-notebook`; git config says what it runs)
// `node scripts/setup.js [--quiet] [--jupyter] [--chromium]`: --jupyter also does steps 3–4,
// --chromium step 5 (prepare skips them when nothing is found, so `npm install` never runs apt-get).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { ensureBuilt } = require('./build.js');

const root = path.join(__dirname, '..');
const jupyterData = path.join(root, '.jupyter', 'share', 'jupyter');
const kernelDir = path.join(jupyterData, 'kernels', 'tslab');
const PY_MODULES = ['nbclient', 'nbconvert', 'notebook', 'jupyter_client'];
const APT_PACKAGES = ['jupyter-notebook', 'jupyter-nbconvert', 'python3-nbclient', 'jupyter-client'];

function linkSelf() {
  const link = path.join(root, 'node_modules', 'rnnlab');
  let target;
  try { target = fs.readlinkSync(link); } catch { target = undefined; }
  if (target === '..') return;
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync('..', link, 'dir');
}

function hasModules(python) {
  const r = spawnSync(python, ['-c', `import ${PY_MODULES.join(', ')}`], { stdio: 'ignore' });
  return r.status === 0;
}

function findPython() {
  const candidates = [process.env.RNNLAB_PYTHON, '/usr/bin/python3', 'python3', 'python'].filter(Boolean);
  return candidates.find((p) => hasModules(p));
}

function isRoot() { return typeof process.getuid === 'function' && process.getuid() === 0; }
function has(cmd) { return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0; }

function installJupyter(quiet) {
  const say = (m) => { if (!quiet) console.error(m); };
  if (isRoot() && has('apt-get')) {
    console.error(`rnnlab: installing Jupyter with apt-get (${APT_PACKAGES.join(' ')})`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    const r = spawnSync('apt-get', ['install', '-y', '-qq', ...APT_PACKAGES], { stdio: 'inherit', env });
    if (r.status === 0) return findPython();
  } else if (has('python3')) {
    say('rnnlab: installing Jupyter with pip --user (notebook nbclient nbconvert)');
    const r = spawnSync('python3', ['-m', 'pip', 'install', '--user', 'notebook', 'nbclient', 'nbconvert'], { stdio: 'inherit' });
    if (r.status === 0) return findPython();
  }
  return undefined;
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable'];
const CHROMIUM_APT = 'chromium';

/** A Chromium (or Chrome) executable: RNNLAB_CHROMIUM, else the usual Debian/Ubuntu paths. */
function findChromium() {
  const env = process.env.RNNLAB_CHROMIUM;
  if (env) return fs.existsSync(env) ? env : undefined;
  return CHROMIUM_CANDIDATES.find((c) => fs.existsSync(c));
}

function installChromium() {
  if (!(isRoot() && has('apt-get'))) return undefined;
  console.error(`rnnlab: installing Chromium with apt-get (${CHROMIUM_APT}) for the end-to-end checks`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const r = spawnSync('apt-get', ['install', '-y', '-qq', CHROMIUM_APT], { stdio: 'inherit', env });
  return r.status === 0 ? findChromium() : undefined;
}

/** Chromium's path, installed when missing (apt-get as root); throws with the command to run otherwise. */
function ensureChromium() {
  const found = findChromium() || installChromium();
  if (found) return found;
  const wanted = process.env.RNNLAB_CHROMIUM ? `RNNLAB_CHROMIUM=${process.env.RNNLAB_CHROMIUM} does not exist, and ` : '';
  throw new Error(
    `rnnlab: ${wanted}no Chromium was found (${CHROMIUM_CANDIDATES.join(', ')}); the end-to-end checks need it.\n` +
    `Install it, then run the command again:\n  sudo apt-get install ${CHROMIUM_APT}\n` +
    '(or point RNNLAB_CHROMIUM at a Chromium or Chrome executable).');
}

const FILTER = 'rnnlab-notebook';

/**
 * In a git checkout, configures the clean filter that `.gitattributes` names for notebooks/*.ipynb:
 * `git add` and `git status` see each notebook without outputs (scripts/strip-notebooks.js --filter),
 * so running and saving a notebook leaves the working tree clean. Returns true when it changed the config.
 */
function configureGitFilter() {
  if (!fs.existsSync(path.join(root, '.git'))) return false;
  const git = (...a) => spawnSync('git', a, { cwd: root, encoding: 'utf8' });
  const want = { clean: 'node scripts/strip-notebooks.js --filter', required: 'false' };
  let changed = false;
  for (const [key, value] of Object.entries(want)) {
    const have = git('config', '--get', `filter.${FILTER}.${key}`);
    if (have.error) return false; // no git on PATH
    if (have.stdout.trim() === value) continue;
    git('config', `filter.${FILTER}.${key}`, value);
    changed = true;
  }
  return changed;
}

function registerKernel(python) {
  const tslabMain = path.join(root, 'node_modules', 'tslab', 'bin', 'tslab');
  if (!fs.existsSync(tslabMain)) throw new Error(`tslab is not installed (${tslabMain} missing): run npm install`);
  const spec = {
    argv: [process.execPath, tslabMain, 'kernel', '--config-path', '{connection_file}'],
    display_name: 'TypeScript (rnnlab)',
    language: 'typescript',
    metadata: { rnnlab: { python } },
  };
  const file = path.join(kernelDir, 'kernel.json');
  const text = JSON.stringify(spec, null, 1) + '\n';
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return false;
  fs.mkdirSync(kernelDir, { recursive: true });
  fs.writeFileSync(file, text);
  return true;
}

/**
 * Runs the set-up; returns `{ python, vars }` where `vars` is the environment Jupyter needs
 * (JUPYTER_PATH pointing at the project-local kernel). Throws with the command to run when Jupyter
 * is needed and cannot be installed.
 */
function ensureSetup({ quiet = false, needJupyter = true, needChromium = false } = {}) {
  ensureBuilt({ quiet });
  linkSelf();
  if (configureGitFilter() && !quiet) console.error(`rnnlab: configured the git filter ${FILTER} (notebooks are committed without outputs)`);
  const chromium = needChromium ? ensureChromium() : findChromium();
  let python = findPython();
  if (!python && needJupyter) python = installJupyter(quiet);
  if (!python) {
    if (!needJupyter) return { python: undefined, vars: chromium ? { RNNLAB_CHROMIUM: chromium } : {} };
    throw new Error(
      'rnnlab: no Python with Jupyter was found, and it could not be installed here.\n' +
      `Install it, then run the command again:\n  sudo apt-get install ${APT_PACKAGES.join(' ')}\n` +
      'or\n  python3 -m pip install --user notebook nbclient nbconvert\n' +
      '(or point RNNLAB_PYTHON at a Python that has them).');
  }
  if (registerKernel(python) && !quiet) console.error(`rnnlab: registered the TypeScript kernel in ${kernelDir}`);
  const prev = process.env.JUPYTER_PATH;
  const vars = { JUPYTER_PATH: prev ? `${jupyterData}${path.delimiter}${prev}` : jupyterData, RNNLAB_JUPYTER_PYTHON: python };
  if (chromium) vars.RNNLAB_CHROMIUM = chromium;
  return { python, vars };
}

module.exports = { ensureSetup, jupyterData, findChromium, configureGitFilter, FILTER };

if (require.main === module) {
  const argv = process.argv.slice(2);
  try {
    ensureSetup({ quiet: argv.includes('--quiet'), needJupyter: argv.includes('--jupyter'), needChromium: argv.includes('--chromium') });
  } catch (err) {
    console.error(String(err.message || err));
    process.exit(1);
  }
}
