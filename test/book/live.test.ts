import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LIVE_SCRIPT, liveBody } from '../../book/live';
import { bundleForBrowser } from '../../book/live-bundle';

const root = path.join(__dirname, '..', '..');

test('the page holds its corpus as JSON that no text can close early', () => {
  const corpus = 'a </script><script>alert(1)</script> "quoted" \\ back\nline\u2028sep';
  const html = liveBody((p) => p, { script: '', corpus });
  const m = /<script type="application\/json" id="lm-corpus">([^]*?)<\/script>/.exec(html);
  assert.ok(m, 'the corpus element');
  assert.equal(JSON.parse(m[1]!), corpus);
  assert.ok(html.includes(`<script src="${LIVE_SCRIPT}"></script>`));
});

test('a browser bundle takes rnnlab code only what it uses, and fails on a Node module left in', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-bundle-'));
  try {
    // The engine's index re-exports its Node loader (files, worker_threads): unused, it is left out.
    const uses = path.join(dir, 'uses.ts');
    fs.writeFileSync(
      uses,
      `import { compileKernels } from '${root}/src/engine/index';\nconsole.log(compileKernels);\n`,
    );
    const code = await bundleForBrowser(root, uses);
    assert.doesNotMatch(code, /worker_threads|readFileSync/);
    const left = path.join(dir, 'left.ts');
    fs.writeFileSync(left, `import { readFileSync } from 'node:fs';\nconsole.log(readFileSync('x'));\n`);
    await assert.rejects(bundleForBrowser(root, left), /the bundle still imports node:fs/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
