// The contents manager `npm start` gives Jupyter (scripts/jupyter/rnnlab_contents.py): a saved notebook
// lands on disk without outputs, in the stored form git holds; reopened, it gets its outputs back, but
// only in the cells whose id and source are unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { jupyterPython, root } from './env';

const { storedText } = require(path.join(root, 'scripts', 'strip-notebooks.js')) as {
  storedText(t: string): string;
};

const SCRIPT = `
import json, sys, rnnlab_contents as rc
rc.OUTPUTS = sys.argv[2]
cm = rc.RnnlabContentsManager(root_dir=sys.argv[1])
nb = json.load(sys.stdin)
cm.save({'type': 'notebook', 'format': 'json', 'content': nb}, 'n.ipynb')
back = cm.get('n.ipynb')['content']
print(json.dumps([[c.get('outputs'), c.get('execution_count')] for c in back['cells']]))
`;

test('notebooks are saved stripped and reopened with their outputs', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnnlab-contents-'));
  const outputs = path.join(dir, 'outputs');
  const out = [{ output_type: 'stream', name: 'stdout', text: 'hello\n' }];
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript (rnnlab)', language: 'typescript' } },
    cells: [
      {
        id: 'a1',
        cell_type: 'code',
        source: "console.log('hello')",
        metadata: { scrolled: true },
        outputs: out,
        execution_count: 3,
      },
      { id: 'b2', cell_type: 'markdown', source: 'text', metadata: {} },
    ],
  };
  try {
    const r = spawnSync(jupyterPython(), ['-c', SCRIPT, dir, outputs], {
      input: JSON.stringify(nb),
      encoding: 'utf8',
      env: { ...process.env, PYTHONPATH: path.join(root, 'scripts', 'jupyter') },
    });
    assert.equal(r.status, 0, r.stderr);
    const onDisk = fs.readFileSync(path.join(dir, 'n.ipynb'), 'utf8');
    assert.equal(storedText(onDisk), onDisk, 'the file on disk is in the stored form');
    assert.doesNotMatch(onDisk, /hello\\n|"scrolled"/, 'no outputs and no front-end metadata on disk');
    const [code, markdown] = JSON.parse(r.stdout.trim().split('\n').pop()!) as [unknown, unknown][];
    assert.deepEqual(code, [out, 3], 'reopened, the code cell has its outputs and count back');
    assert.deepEqual(markdown, [null, null]);

    // Edit the cell's source on disk (as git checkout would): its old outputs must not come back.
    const edited = JSON.parse(onDisk) as typeof nb;
    edited.cells[0]!.source = "console.log('changed')";
    fs.writeFileSync(path.join(dir, 'n.ipynb'), JSON.stringify(edited));
    const get = spawnSync(
      jupyterPython(),
      [
        '-c',
        `
import json, sys, rnnlab_contents as rc
rc.OUTPUTS = sys.argv[2]
cm = rc.RnnlabContentsManager(root_dir=sys.argv[1])
print(json.dumps(cm.get('n.ipynb')['content']['cells'][0]['outputs']))
`,
        dir,
        outputs,
      ],
      { encoding: 'utf8', env: { ...process.env, PYTHONPATH: path.join(root, 'scripts', 'jupyter') } },
    );
    assert.equal(get.status, 0, get.stderr);
    assert.deepEqual(JSON.parse(get.stdout.trim().split('\n').pop()!), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
