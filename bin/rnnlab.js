#!/usr/bin/env node
// The `rnnlab` command: rebuilds dist/ when src/ changed, then runs src/cli/main.ts's compiled form.
'use strict';
const path = require('node:path');
const root = path.join(__dirname, '..');
require(path.join(root, 'scripts', 'build.js')).ensureBuilt({ quiet: true });
require(path.join(root, 'dist', 'cli', 'main.js'))
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  })
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
