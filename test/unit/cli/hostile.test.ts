/**
 * Issue 16 items 9 and 10, from the CLI: links to /dev/zero, FIFOs, huge (sparse) files and hostile patterns never
 * hang or swell a run. Each skipped file gets an MLS012 finding and a stderr line whatever --min-severity says;
 * every other file is analysed. Every run is killed after a deadline (runCli), so a regression fails.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../../server/src/cli/report';
import { tempDir, writeTree } from '../../util/paths';
import { runCli } from './runCli';

const FINDING = 'task.with_secrets("env", "A")\n';
const MB = 1024 * 1024;

function json(args: string[], cwd: string): { code: number; report: Report; stderr: string } {
  const r = runCli(['--format', 'json', ...args], cwd);
  return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
}

function byPath(report: Report): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of report.findings) (out[f.path] ??= []).push(f.rule);
  return out;
}

describe('mlrun-secrets-lint: inputs that hang or swell', function () {
  this.timeout(120_000);
  let tmp: ReturnType<typeof tempDir>;
  let outside: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    outside = tempDir();
    writeTree(tmp.dir, { 'good.py': FINDING, 'sub/real.py': FINDING });
    writeTree(outside.dir, { 'secret.py': FINDING });
  });
  afterEach(() => {
    tmp.remove();
    outside.remove();
  });

  it('reads only regular files: a link to /dev/zero and a FIFO get MLS012 and one stderr line each, the rest is analysed', () => {
    fs.symlinkSync('/dev/zero', path.join(tmp.dir, 'zero.py'));
    execFileSync('mkfifo', [path.join(tmp.dir, 'pipe')]);
    fs.symlinkSync('pipe', path.join(tmp.dir, 'pipe.py'));
    for (const git of [false, true]) {
      if (git) {
        execFileSync('git', ['init', '-q'], { cwd: tmp.dir });
        execFileSync('git', ['add', 'good.py', 'zero.py', 'pipe.py'], { cwd: tmp.dir });
      }
      const r = json([], tmp.dir);
      assert.equal(r.code, 1, r.stderr);
      assert.deepEqual(r.stderr.split('\n').filter(Boolean).sort(), [
        'mlrun-secrets-lint: pipe.py: not analysed: not a regular file (a FIFO (named pipe))',
        `mlrun-secrets-lint: zero.py: not analysed: a symbolic link to /dev/zero, outside ${tmp.dir} (not followed)`,
      ], `git: ${git}`);
      // The default --min-severity (warning) hides MLS012 (information) from the report, not from stderr.
      assert.deepEqual(byPath(r.report), { 'good.py': ['MLS001'], 'sub/real.py': ['MLS001'] });
      const info = json(['--min-severity', 'information'], tmp.dir).report;
      const m12 = info.findings.filter(f => f.rule === 'MLS012').map(f => [f.path, f.line, f.column, f.severity, f.message]);
      assert.deepEqual(m12, [
        ['pipe.py', 1, 1, 'information', 'Not analysed: not a regular file (a FIFO (named pipe)).'],
        ['zero.py', 1, 1, 'information', `Not analysed: a symbolic link to /dev/zero, outside ${tmp.dir} (not followed).`],
      ]);
    }
  });

  it('a FIFO named as an argument does not block the run', () => {
    execFileSync('mkfifo', [path.join(tmp.dir, 'named.py')]);
    const r = runCli(['named.py', 'good.py'], tmp.dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'mlrun-secrets-lint: named.py: not analysed: not a regular file (a FIFO (named pipe))\n');
    assert.match(r.stdout, /^good\.py:1:6: warning MLS001/m);
  });

  it('follows a symbolic link inside the scanned folder, not one leaving it', () => {
    fs.symlinkSync('sub/real.py', path.join(tmp.dir, 'inner.py'));
    fs.symlinkSync(path.join(outside.dir, 'secret.py'), path.join(tmp.dir, 'leak.py'));
    const r = json(['--min-severity', 'information'], tmp.dir);
    assert.deepEqual(byPath(r.report), { 'good.py': ['MLS001'], 'inner.py': ['MLS001'], 'leak.py': ['MLS012'], 'sub/real.py': ['MLS001'] });
    assert.equal(r.stderr, `mlrun-secrets-lint: leak.py: not analysed: a symbolic link to ${path.join(outside.dir, 'secret.py')}, outside ${tmp.dir} (not followed)\n`);
    // Scanning sub/ alone: inner.py is not in it; a file named as an argument may link anywhere in the working directory.
    assert.deepEqual(byPath(json(['sub', 'inner.py'], tmp.dir).report), { 'inner.py': ['MLS001'], 'sub/real.py': ['MLS001'] });
  });

  it('a file over the size limit gets MLS012 naming the limit; --max-file-size and maxFileSize change the limit', () => {
    // Sparse: 100 MB that take no disk space; a reader that ignored the limit would read them all.
    const huge = path.join(tmp.dir, 'huge.py');
    fs.writeFileSync(huge, FINDING);
    fs.truncateSync(huge, 100 * MB);
    const big = path.join(tmp.dir, 'big.py');
    fs.writeFileSync(big, FINDING + '#'.repeat(9 * MB) + '\n');
    const r = json([], tmp.dir);
    assert.equal(r.code, 1);
    const limit = '(set by --max-file-size or maxFileSize in .mlrun-secrets.json)';
    assert.deepEqual(r.stderr.split('\n').filter(Boolean).sort(), [
      `mlrun-secrets-lint: big.py: not analysed: 9,437,215 bytes, over the limit of 8,388,608 bytes ${limit}`,
      `mlrun-secrets-lint: huge.py: not analysed: 104,857,600 bytes, over the limit of 8,388,608 bytes ${limit}`,
    ]);
    assert.ok(r.report.stats.bytes < MB, 'nothing of the skipped files was read');
    const raised = json(['--max-file-size', '10M'], tmp.dir);
    assert.deepEqual(byPath(raised.report)['big.py'], ['MLS001']);
    assert.match(raised.stderr, /^mlrun-secrets-lint: huge\.py: not analysed: 104,857,600 bytes, over the limit of 10,485,760 bytes/);
    fs.rmSync(huge);
    fs.rmSync(big);
    writeTree(tmp.dir, { '.mlrun-secrets.json': JSON.stringify({ maxFileSize: 20, rules: { MLS012: 'error' } }) });
    const lowered = json([], tmp.dir);
    assert.equal(lowered.code, 1);
    assert.deepEqual(byPath(lowered.report), { 'good.py': ['MLS012'], 'sub/real.py': ['MLS012'] });
    assert.equal(lowered.report.findings[0].message, `Not analysed: 30 bytes, over the limit of 20 bytes ${limit}.`);
    assert.deepEqual(byPath(json(['--max-file-size', '1k'], tmp.dir).report), { 'good.py': ['MLS001'], 'sub/real.py': ['MLS001'] });
    const bad = runCli(['--max-file-size', 'lots'], tmp.dir);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'mlrun-secrets-lint: --max-file-size "lots": give a size such as 16M or 16777216 (from 1 byte to 256M).\n');
  });

  it('a configuration that is a link to /dev/zero, a FIFO or too large: exit 2 with one line', () => {
    const config = path.join(tmp.dir, '.mlrun-secrets.json');
    fs.symlinkSync('/dev/zero', config);
    let r = runCli([], tmp.dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `mlrun-secrets-lint: cannot read the configuration ${config}: a symbolic link to /dev/zero, outside ${tmp.dir} (not followed)\n`);
    r = runCli(['--config', '/dev/zero'], tmp.dir);
    assert.equal(r.stderr, 'mlrun-secrets-lint: cannot read the configuration /dev/zero: not a regular file (a character device)\n');
    fs.rmSync(config);
    execFileSync('mkfifo', [config]);
    r = runCli([], tmp.dir);
    assert.equal(r.stderr, `mlrun-secrets-lint: cannot read the configuration ${config}: not a regular file (a FIFO (named pipe))\n`);
    fs.rmSync(config);
    fs.writeFileSync(config, '{}');
    fs.truncateSync(config, 2 * MB);
    r = runCli([], tmp.dir);
    assert.equal(r.stderr, `mlrun-secrets-lint: cannot read the configuration ${config}: 2,097,152 bytes, over the limit of 1,048,576 bytes\n`);
    assert.equal(r.code, 2);
  });

  it('a .gitignore that is a link to /dev/zero is not applied (a warning); the files are analysed', () => {
    fs.symlinkSync('/dev/zero', path.join(tmp.dir, '.gitignore'));
    const r = json([], tmp.dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `mlrun-secrets-lint: warning: ${tmp.dir}/.gitignore: not applied: a symbolic link to /dev/zero, outside ${tmp.dir} (not followed).\n`);
    assert.deepEqual(Object.keys(byPath(r.report)), ['good.py', 'sub/real.py']);
  });

  it('hostile exclude patterns and .gitignore lines end at once; an over-long one is named with its file and line', () => {
    const name = `${'a'.repeat(200)}.py`;
    writeTree(tmp.dir, {
      [name]: FINDING,
      'build/x.py': FINDING,
      // Each of these hangs a RegExp-based matcher (the `ignore` package: minutes to hours); the last is too long for one.
      '.gitignore': `build/\n${'*a'.repeat(30)}b\n${'x'.repeat(500_000)}\n`,
      '.mlrun-secrets.json': JSON.stringify({ exclude: [`${'*a'.repeat(30)}c`, `${'**/a'.repeat(300)}z`] }),
    });
    const r = json([], tmp.dir);
    assert.equal(r.code, 1);
    assert.equal(r.stderr, `mlrun-secrets-lint: warning: ${tmp.dir}/.gitignore:3: a pattern of 500000 characters is longer than the limit of 4096; the line is ignored.\n`);
    assert.deepEqual(Object.keys(byPath(r.report)), [name, 'good.py', 'sub/real.py']);
    writeTree(tmp.dir, { '.mlrun-secrets.json': JSON.stringify({ exclude: ['ok/', 'y'.repeat(5000)] }) });
    const bad = runCli([], tmp.dir);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'mlrun-secrets-lint: .mlrun-secrets.json: "exclude"[1] is a pattern of 5000 characters, longer than the limit of 4096.\n');
    fs.rmSync(path.join(tmp.dir, '.mlrun-secrets.json'));
    const flag = runCli(['--exclude', 'z'.repeat(5000)], tmp.dir);
    assert.equal(flag.code, 2);
    assert.equal(flag.stderr, `mlrun-secrets-lint: --exclude "${'z'.repeat(60)}…" is a pattern of 5000 characters, longer than the limit of 4096.\n`);
  });
});
