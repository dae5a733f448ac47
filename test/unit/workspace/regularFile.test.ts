/**
 * RegularFileReader on regular files and links (the FIFO and device cases run in child processes, in the CLI and
 * language-server tests, so that a regression fails at a deadline instead of blocking this process).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RegularFileReader } from '../../../server/src/workspace/regularFile';
import { tempDir } from '../../util/paths';

describe('RegularFileReader', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => { tmp = tempDir(); });
  afterEach(() => tmp.remove());

  it('reads every byte of files around its buffer sizes, and refuses one byte over the limit', () => {
    const reader = new RegularFileReader();
    for (const size of [0, 1, 65535, 65536, 65537, 1048575, 1048576, 1048577, 3 * 1048576 + 7, 70000]) {
      const bytes = Buffer.alloc(size, size % 251);
      if (size > 0) bytes[size - 1] = 7;
      const file = path.join(tmp.dir, `f${size}.py`);
      fs.writeFileSync(file, bytes);
      const r = reader.read(file, { maxBytes: 8 * 1048576 });
      assert.ok(r.ok && r.bytes.equals(bytes), `size ${size}`);
      assert.ok(reader.read(file, { maxBytes: size }).ok, `exactly at the limit: ${size}`);
      if (size > 0) assert.deepEqual(reader.read(file, { maxBytes: size - 1 }), { ok: false, kind: 'tooLarge', size, limit: size - 1 });
    }
  });

  it('follows links only into the root, never with root null; loops and dangling links are errors', () => {
    const reader = new RegularFileReader();
    const inner = path.join(tmp.dir, 'in');
    fs.mkdirSync(inner);
    fs.writeFileSync(path.join(inner, 'a.py'), 'A');
    fs.writeFileSync(path.join(tmp.dir, 'out.py'), 'OUT');
    fs.symlinkSync('a.py', path.join(inner, 'link.py'));
    fs.symlinkSync('../out.py', path.join(inner, 'up.py'));
    fs.symlinkSync('loop.py', path.join(inner, 'loop.py'));
    fs.symlinkSync('missing.py', path.join(inner, 'dangling.py'));
    const read = (name: string, root: string | null | undefined): unknown => {
      const r = reader.read(path.join(inner, name), { maxBytes: 100, root });
      return r.ok ? r.bytes.toString() : r;
    };
    assert.equal(read('link.py', inner), 'A');
    assert.deepEqual(read('up.py', inner), { ok: false, kind: 'outside', target: path.join(tmp.dir, 'out.py'), root: inner });
    assert.equal(read('up.py', undefined), 'OUT');
    assert.deepEqual(read('link.py', null), { ok: false, kind: 'outside', target: path.join(inner, 'a.py'), root: '' });
    assert.deepEqual(read('loop.py', inner), { ok: false, kind: 'error', code: 'ELOOP' });
    assert.deepEqual(read('dangling.py', inner), { ok: false, kind: 'error', code: 'ENOENT' });
    assert.deepEqual(read('.', inner), { ok: false, kind: 'notRegular', what: 'a directory' });
  });
});
