import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_DATA_FILE_BYTES, readDataText, sha256 } from '../../src/data/verified';
import { dataPath } from '../../src/paths';

test('sha256 matches the known digest of "abc"', () => {
  assert.equal(sha256(Buffer.from('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
});

test('readDataText verifies the hash and names what is wrong', () => {
  const set = `_test_${process.pid}`;
  const dir = dataPath(set);
  fs.mkdirSync(dir, { recursive: true });
  try {
    fs.writeFileSync(path.join(dir, 'a.txt'), 'hello\n');
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), `${sha256(Buffer.from('hello\n'))}  a.txt\n${'0'.repeat(64)}  gone.txt\n`);
    assert.equal(readDataText(set, 'a.txt'), 'hello\n');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'hellO\n');
    assert.throws(() => readDataText(set, 'a.txt'), /a\.txt has been altered: sha256 is [0-9a-f]{64}, .* says 5891b5b5/);
    assert.throws(() => readDataText(set, 'gone.txt'), /gone\.txt is missing/);
    assert.throws(() => readDataText(set, 'other.txt'), /not listed/);
    assert.throws(() => readDataText(`${set}_none`, 'a.txt'), /has no .*SHA256SUMS/);
    // A listed name that is a link to a device, or a folder, or a huge (sparse) file: refused unread.
    fs.writeFileSync(path.join(dir, 'SHA256SUMS'), ['zero', 'sub', 'huge'].map((f) => `${'0'.repeat(64)}  ${f}\n`).join(''));
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero'));
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'huge'), '');
    fs.truncateSync(path.join(dir, 'huge'), MAX_DATA_FILE_BYTES + 1);
    assert.throws(() => readDataText(set, 'zero'), /zero is not a regular file/);
    assert.throws(() => readDataText(set, 'sub'), /sub is not a regular file/);
    assert.throws(() => readDataText(set, 'huge'), new RegExp(`huge is ${MAX_DATA_FILE_BYTES + 1} bytes; data files are read whole, at most ${MAX_DATA_FILE_BYTES}`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
