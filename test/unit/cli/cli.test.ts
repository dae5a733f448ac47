import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../../server/src/cli/report';
import { tempDir, writeTree } from '../../util/paths';
import { runCli } from './runCli';

const CANARY = 'CANARY-c1i-9d8e-never-printed';

const PROJECT = {
  'src/train.py': `import mlrun\n\n\ndef train(context):\n    return context.get_secret("DB_PASSWORD")\n\n\ntask = mlrun.new_task()\ntask.with_secrets("env", "DB_PASSWORD")\nfn.run(task, local=True)\n`,
  'src/setup.py': `project.set_secrets({"API_TOKEN": "${CANARY}"})\n`,
  'src/clean.py': 'task.with_secrets("kubernetes", ["DB_PASSWORD"])\n',
  'src/unicode.py': `x = "🔑é"; task.with_secrets("env", "A")\n`,
  'docs/guide.md': '# Guide\n\n```python\ntask.with_secrets("file", "secrets.env")\n```\n',
  'nb/explore.ipynb': JSON.stringify({
    cells: [
      { cell_type: 'markdown', metadata: {}, source: ['# Explore\n'] },
      { cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: ['import mlrun\n', `task.with_secrets("inline", {"PW": "${CANARY}"})\n`] },
    ],
    metadata: { language_info: { name: 'python' } }, nbformat: 4, nbformat_minor: 5,
  }, null, 1),
  'notes.txt': 'task.with_secrets("env", "A")\n',
};

describe('mlrun-secrets-lint', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    tmp = tempDir();
    writeTree(tmp.dir, PROJECT);
  });
  afterEach(() => tmp.remove());

  it('prints findings as path:line:column lines and a summary, exit 1', () => {
    const r = runCli([], tmp.dir);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.ok(lines.includes('src/train.py:9:6: warning MLS001 insecure-provider: with_secrets("env", …) reads the variables on your machine and sends their values in plain text, as an inline source, in the run spec. Store the values as project secrets and use with_secrets("kubernetes", [...]) (or azure_vault).'), r.stdout);
    assert.ok(lines.some(l => l.startsWith('nb/explore.ipynb:') && l.includes('(cell 2, line 2): warning MLS001')), r.stdout);
    assert.match(lines[lines.length - 1], /^\d+ findings \(\d+ errors, \d+ warnings\) in 5 files; 6 files read, 6 parsed, in \d+ ms\.$/);
  });

  it('writes the JSON report the README documents', () => {
    const r = runCli(['--format', 'json', '--min-severity', 'information'], tmp.dir);
    assert.equal(r.code, 1);
    const report = JSON.parse(r.stdout) as Report;
    assert.equal(report.version, 1);
    assert.deepEqual(Object.keys(report.stats), ['files', 'parsedFiles', 'bytes', 'ms']);
    assert.equal(report.stats.files, 6);
    const keys = ['path', 'line', 'column', 'endLine', 'endColumn', 'cell', 'cellLine', 'rule', 'name', 'severity', 'message', 'related'];
    for (const f of report.findings) assert.deepEqual(Object.keys(f), keys);
    const uni = report.findings.find(f => f.path === 'src/unicode.py')!;
    // "🔑" is two UTF-16 code units: with_secrets starts at UTF-16 column 17 (1-based), not 16.
    assert.deepEqual([uni.line, uni.column, uni.endLine, uni.endColumn, uni.cell, uni.cellLine], [1, 17, 1, 29, null, null]);
    const nb = report.findings.filter(f => f.path === 'nb/explore.ipynb');
    assert.deepEqual(nb.map(f => [f.rule, f.cell, f.cellLine]), [['MLS001', 1, 2], ['MLS003', 1, 2]]);
    const raw = fs.readFileSync(path.join(tmp.dir, 'nb/explore.ipynb'), 'utf8').split('\n');
    assert.ok(raw[nb[0].line - 1].includes('with_secrets'), 'line is the raw .ipynb line');
    const m3 = nb.find(f => f.rule === 'MLS003')!;
    assert.deepEqual(m3.related.map(x => [x.path, x.cell, x.cellLine, x.message]), [['nb/explore.ipynb', 1, 2, 'The secret is passed to with_secrets here.']]);
    const m5 = report.findings.find(f => f.rule === 'MLS005')!;
    assert.deepEqual([m5.path, m5.line, m5.column, m5.severity], ['src/train.py', 10, 14, 'information']);
    assert.ok(report.findings.every(f => !f.path.startsWith('/') && !f.path.includes('\\')));
    assert.ok(!report.findings.some(f => f.path === 'notes.txt'));
  });

  it('--min-severity decides what is reported and the exit status', () => {
    const errors = JSON.parse(runCli(['--format', 'json', '--min-severity', 'error'], tmp.dir).stdout) as Report;
    assert.ok(errors.findings.length > 0 && errors.findings.every(f => f.severity === 'error'));
    const clean = runCli(['--min-severity', 'error', 'src/train.py', 'src/clean.py'], tmp.dir);
    assert.equal(clean.code, 0);
    assert.match(clean.stdout, /^No findings in 2 files/);
    const info = JSON.parse(runCli(['--format', 'json', '--min-severity', 'info', 'src/train.py'], tmp.dir).stdout) as Report;
    assert.deepEqual(info.findings.map(f => f.rule), ['MLS001', 'MLS005']);
  });

  it('exits 0 without findings', () => {
    const r = runCli(['src/clean.py'], tmp.dir);
    assert.equal(r.code, 0);
  });

  it('never prints a secret value, in any format', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = runCli(['--format', format, '--min-severity', 'hint'], tmp.dir);
      assert.equal(r.code, 1);
      assert.ok(!r.stdout.includes(CANARY) && !r.stderr.includes(CANARY), format);
    }
  });

  it('--output writes the report atomically; a bad output path is an I/O error (2)', () => {
    const r = runCli(['--format', 'json', '--output', 'out/report.json'], tmp.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlrun-secrets-lint: cannot write out\/report\.json: no such file or directory \(ENOENT\)\n$/);
    assert.ok(!fs.existsSync(path.join(tmp.dir, 'out')));
    fs.mkdirSync(path.join(tmp.dir, 'out'));
    const ok = runCli(['--format', 'json', '-o', 'out/report.json'], tmp.dir);
    assert.equal(ok.code, 1);
    assert.equal(ok.stdout, '');
    assert.equal((JSON.parse(fs.readFileSync(path.join(tmp.dir, 'out/report.json'), 'utf8')) as Report).version, 1);
    assert.deepEqual(fs.readdirSync(path.join(tmp.dir, 'out')), ['report.json']);
  });

  it('usage errors and missing paths exit 2 with a clear message', () => {
    for (const [args, message] of [
      [['--format', 'xml'], /Unknown format "xml"/],
      [['--min-severity', 'loud'], /Unknown severity "loud"/],
      [['--frobnicate'], /Unknown option "--frobnicate"/],
      [['--output'], /--output needs a value/],
      [['no/such/dir'], /cannot read "no\/such\/dir": no such file or directory/],
    ] as const) {
      const r = runCli([...args], tmp.dir);
      assert.equal(r.code, 2, String(args));
      assert.match(r.stderr, message);
    }
  });

  it('--help and --version', () => {
    const h = runCli(['--help'], tmp.dir);
    assert.equal(h.code, 0);
    assert.match(h.stdout, /^Usage: mlrun-secrets-lint/);
    const v = runCli(['--version'], tmp.dir);
    assert.equal(v.code, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+\n$/);
  });

  it('reads .mlrun-secrets.json (severities, off, excludes) and rejects an invalid one', () => {
    writeTree(tmp.dir, { '.mlrun-secrets.json': JSON.stringify({ rules: { MLS001: 'error', MLS003: 'off' }, exclude: ['nb/', 'docs/'] }) });
    const report = JSON.parse(runCli(['--format', 'json'], tmp.dir).stdout) as Report;
    assert.ok(report.findings.every(f => f.rule !== 'MLS003'));
    assert.ok(report.findings.filter(f => f.rule === 'MLS001').every(f => f.severity === 'error'));
    assert.ok(report.findings.every(f => !f.path.startsWith('nb/') && !f.path.startsWith('docs/')));
    writeTree(tmp.dir, { '.mlrun-secrets.json': '{"rules": {"MLS001": "fatal"}}' });
    const bad = runCli([], tmp.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /\.mlrun-secrets\.json: rule MLS001 has severity "fatal"/);
  });

  it('respects .gitignore, --exclude, and reports secrets files tracked or not ignored by git (one git run)', () => {
    const git = (...a: string[]): void => { execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...a], { cwd: tmp.dir, stdio: 'ignore' }); };
    writeTree(tmp.dir, {
      '.gitignore': 'ignored/\n*.local.env\n',
      'ignored/x.py': 'task.with_secrets("env", "A")\n',
      'prod.env': 'A=1\n', 'dev.local.env': 'A=1\n', 'staging.env': 'A=1\n',
      'src/files.py': 'project.set_secrets(file_path="prod.env")\nproject.set_secrets(file_path="dev.local.env")\ntask.with_secrets("file", "../staging.env")\ntask.with_secrets("file", "missing.env")\n',
    });
    git('init', '-q');
    git('add', '.gitignore', 'prod.env');
    git('commit', '-q', '-m', 'init');
    const report = JSON.parse(runCli(['--format', 'json', '--exclude', 'nb/'], tmp.dir).stdout) as Report;
    assert.ok(!report.findings.some(f => f.path.startsWith('ignored/') || f.path.startsWith('nb/')));
    const m7 = report.findings.filter(f => f.rule === 'MLS007').map(f => [f.path, f.line, f.message.slice(0, 40)]);
    assert.deepEqual(m7, [
      ['src/files.py', 1, '"prod.env" is tracked by git: its values'],
      ['src/files.py', 3, '"../staging.env" exists and is not ignor'],
    ]);
  });
});
