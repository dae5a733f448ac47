/**
 * Issue 16 item 6: `--output` never writes through or replaces what is not a regular file, creates its temporary
 * file with O_EXCL under a random name beside the target, and renames it into place: no half-written report.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeOutput } from '../../../server/src/cli/writeOutput';
import type { Report } from '../../../server/src/cli/report';
import { tempDir, writeTree } from '../../util/paths';
import { runCli } from './runCli';

const isRoot = process.getuid?.() === 0;
/** The module object itself (writable), to watch the calls writeOutput makes. */
const nodeFs: { openSync: unknown; writeSync: unknown } = require('node:fs');

describe('mlrun-secrets-lint --output', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    writeTree(tmp.dir, { 'a.py': 'task.with_secrets("env", "A")\n', 'victim.txt': 'keep\n' });
  });
  afterEach(() => tmp.remove());

  const leftovers = (): string[] => fs.readdirSync(tmp.dir).filter(n => n.endsWith('.tmp'));

  it('refuses a symbolic link, a FIFO, a directory and (as root) a device node: exit 2, one line, nothing written', () => {
    fs.symlinkSync(path.join(tmp.dir, 'victim.txt'), path.join(tmp.dir, 'link.json'));
    execFileSync('mkfifo', [path.join(tmp.dir, 'pipe.json')]);
    fs.mkdirSync(path.join(tmp.dir, 'dir.json'));
    const targets: [string, string][] = [['link.json', 'a symbolic link'], ['pipe.json', 'a FIFO (named pipe)'], ['dir.json', 'a directory']];
    if (isRoot) {
      execFileSync('mknod', [path.join(tmp.dir, 'null.json'), 'c', '1', '3']);
      targets.push(['null.json', 'a character device']);
    }
    for (const [name, what] of targets) {
      const r = runCli(['--format', 'json', '-o', name], tmp.dir);
      assert.equal(r.code, 2, name);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, `mlrun-secrets-lint: cannot write ${name}: it is ${what}, not a regular file; remove it or choose another path\n`);
    }
    assert.equal(fs.readFileSync(path.join(tmp.dir, 'victim.txt'), 'utf8'), 'keep\n');
    assert.ok(fs.lstatSync(path.join(tmp.dir, 'link.json')).isSymbolicLink());
    assert.ok(fs.lstatSync(path.join(tmp.dir, 'pipe.json')).isFIFO());
    assert.deepEqual(leftovers(), []);
  });

  it('replaces a regular report with one rename, keeping its permissions', () => {
    const target = path.join(tmp.dir, 'report.json');
    fs.writeFileSync(target, 'old');
    fs.chmodSync(target, 0o640);
    const before = fs.statSync(target).ino;
    const r = runCli(['--format', 'json', '-o', 'report.json'], tmp.dir);
    assert.equal(r.code, 1, r.stderr);
    const st = fs.statSync(target);
    assert.notEqual(st.ino, before, 'a new file renamed into place, not the old one rewritten');
    assert.equal(st.mode & 0o777, 0o640);
    assert.equal((JSON.parse(fs.readFileSync(target, 'utf8')) as Report).version, 1);
    assert.deepEqual(leftovers(), []);
  });

  describe('writeOutput', () => {
    const realOpen = fs.openSync;
    const realWrite = fs.writeSync;
    afterEach(() => {
      nodeFs.openSync = realOpen;
      nodeFs.writeSync = realWrite;
    });

    it('creates the temporary file with O_CREAT | O_EXCL under a random name in the target folder', () => {
      const opened: { file: string; flags: number }[] = [];
      nodeFs.openSync = (file: fs.PathLike, flags: number, mode?: number) => {
        opened.push({ file: String(file), flags });
        return realOpen(file, flags, mode);
      };
      const target = path.join(tmp.dir, 'r.json');
      assert.equal(writeOutput(target, 'one'), undefined);
      assert.equal(writeOutput(target, 'two'), undefined);
      assert.equal(fs.readFileSync(target, 'utf8'), 'two');
      assert.equal(opened.length, 2);
      for (const o of opened) {
        assert.equal(path.dirname(o.file), tmp.dir);
        assert.match(path.basename(o.file), /^\.mlrun-secrets-lint\.[0-9a-f]{16}\.tmp$/);
        const { O_CREAT, O_EXCL } = fs.constants;
        assert.equal(o.flags & (O_CREAT | O_EXCL), O_CREAT | O_EXCL);
      }
      assert.notEqual(opened[0].file, opened[1].file);
    });

    it('leaves the old report whole and no temporary file when writing fails half-way', () => {
      const target = path.join(tmp.dir, 'r.json');
      fs.writeFileSync(target, 'old report');
      let calls = 0;
      nodeFs.writeSync = (fd: number, buf: Buffer, off: number) => {
        if (++calls > 1) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        return realWrite(fd, buf, off, 3);
      };
      assert.equal(writeOutput(target, 'a long new report'), 'no space left on device (ENOSPC)');
      assert.equal(fs.readFileSync(target, 'utf8'), 'old report');
      assert.deepEqual(leftovers(), []);
    });
  });
});
