// The build is automatic: dist/ counts as stale when src/ is newer than the last build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const { needsBuild } = require(path.join(root, 'scripts', 'build.js')) as {
  needsBuild(builtAt?: number): boolean;
};

test('dist/ is up to date after the build, and stale when built before the newest src/ file', () => {
  // `npm test` ran ensureBuilt before the unit tests.
  assert.equal(needsBuild(), false, 'dist/ should be up to date');
  assert.ok(
    fs.existsSync(path.join(root, 'dist', 'index.d.ts')),
    'the build writes declarations for notebooks',
  );
  const newestSrc = fs.statSync(path.join(root, 'src', 'index.ts')).mtimeMs;
  assert.equal(needsBuild(newestSrc - 1000), true, 'a build older than src/index.ts must count as stale');
  assert.equal(needsBuild(Date.now() + 1000), false);
});
