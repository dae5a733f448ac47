/**
 * Document shapes beyond the fixtures: the shell reading of `mlrun --secrets`, env-file parsing, hostile YAML
 * (depth, alias bombs), messages without values (canaries), and MLS010/MLS011 end to end through the CLI and git.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { envEntries } from '../../../server/src/analysis/documents/envFile';
import { mlrunCliSecrets } from '../../../server/src/analysis/documents/shell';
import { capYamlDepth } from '../../../server/src/analysis/documents/yamlDepth';
import { initPython } from '../../../server/src/analysis/parser';
import { credentialUrls } from '../../../server/src/analysis/rules/mls011ConnectionString';
import { runCli } from '../cli/runCli';
import { tempDir, writeTree } from '../../util/paths';

const TRACKED = { exists: true, trackedByGit: true, ignoredByGit: false };

function cli(cmd: string): string[] {
  return mlrunCliSecrets(cmd, 0, cmd.length).map(s => `${s.kind}|${s.source}|${cmd.slice(s.span.s, s.span.e)}`);
}

describe('document shapes', () => {
  before(() => initPython());

  describe('mlrun CLI --secrets in shell text', () => {
    it('reads -s / --secrets of run and project, in every spelling, with exact spans', () => {
      assert.deepEqual(cli('mlrun project -s env=A,B ./'), ['env|A,B|env=A,B']);
      assert.deepEqual(cli('mlrun run --secrets=file=s.env x.py'), ['file|s.env|file=s.env']);
      assert.deepEqual(cli('mlrun run -senv=A x.py'), ['env|A|env=A']);
      assert.deepEqual(cli(`python3 -m mlrun run -s 'inline={"K": "v"}' x.py`), ['inline|{"K": "v"}|inline={"K": "v"}']);
      assert.deepEqual(cli('MLRUN_DBPATH=http://x sudo -E mlrun project -s "env=A" -s env=B'), ['env|A|env=A', 'env|B|env=B']);
      assert.deepEqual(cli('poetry run mlrun project ./ -r main --secrets env=T'), ['env|T|env=T']);
      assert.deepEqual(cli('pip install mlrun && mlrun project -s env=A; echo done'), ['env|A|env=A']);
      assert.deepEqual(cli('/opt/venv/bin/mlrun run \\\n  -s env=A x.py'), ['env|A|env=A']);
    });

    it('leaves other commands, other meanings of -s and text alone', () => {
      for (const cmd of ['mlrun build -s ./src function.yaml', 'mlrun deploy -s ./src', 'mlrun get pods -s app=x', 'mlrun watch-stream v3io:///s -s 1',
        'echo mlrun run -s env=A', 'echo "mlrun project -s env=A"', 'mlrun project ./ # -s env=A', 'mlrun-helper run -s env=A', 'python -m mlrun_tools run -s env=A',
        'mlrun project -s $SPEC', 'mlrun run -- -s env=A']) {
        assert.deepEqual(cli(cmd), [], cmd);
      }
    });
  });

  it('reads env files as python-dotenv does', () => {
    const text = 'export A="x\\"y" # c\nB=plain value  # comment\nC=\'multi\nline\'\n# D=commented\nE=#not a comment start? no: empty\nF=a#b\n';
    assert.deepEqual(envEntries(text).map(e => [e.key, e.value, text.slice(e.valueSpan.s, e.valueSpan.e)]), [
      ['A', 'x"y', 'x\\"y'], ['B', 'plain value', 'plain value'], ['C', 'multi\nline', 'multi\nline'], ['E', '', ''], ['F', 'a#b', 'a#b'],
    ]);
  });

  it('finds credential URLs without reading placeholders, templates or example hosts as passwords', () => {
    const text = ['postgresql://app:Zq81mXk2@db/x', 'https://u:{pw}@h', 'mysql://%s:%s@%s', 'amqp://guest:guest@h', 'redis://:${P}@h',
      'https://a:Zq81mXk2@example.com', 'http://user@host', 'https://h/p?q=a:b@c', 'ftp://x:%3Cpassword%3E@h', 'git+https://bot:ghp_Zq81mXk2ab@github.com/o/r'].join('\n');
    assert.deepEqual(credentialUrls(text).map(u => `${u.scheme}:${text.slice(u.password.s, u.password.e)}`), ['postgresql:Zq81mXk2', 'git+https:ghp_Zq81mXk2ab']);
  });

  describe('hostile YAML', () => {
    const source = 'spec:\n  secret_sources:\n  - kind: env  # the real finding\n    source: A\n';

    for (const [name, deep] of [
      ['flow brackets', (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}\n`],
      ['block mappings', (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + '\n'],
      ['sequence dashes', (n: number) => `${'- '.repeat(n)}x\n`],
      ['explicit keys', (n: number) => `${'? '.repeat(n)}x\n`],
    ] as const) {
      it(`${name}: 2,500 levels cost their own place an MLS012; the real finding stays`, () => {
        const text = `${deep(2500)}---\n${source}# nosec\n`;
        const a = analyzeText('yaml', text);
        assert.deepEqual(a.findings.map(f => f.rule), ['MLS012', 'MLS001'], name);
        assert.match(a.findings[0].message, /deeper than 256 levels/);
      });
    }

    it('20,000 flow levels in the same document as the source (the yaml package once ran out of memory)', () => {
      const text = `${source}x: ${'{a: '.repeat(20_000)}${'}'.repeat(20_000)}\n`;
      const a = analyzeText('yaml', text);
      assert.deepEqual(a.findings.map(f => f.rule), ['MLS001', 'MLS012']);
    });

    it('blanking keeps offsets and lines', () => {
      const text = `a: ${'['.repeat(300)}${']'.repeat(300)}\nb: 1\n`;
      const capped = capYamlDepth(text);
      assert.equal(capped.text.length, text.length);
      assert.equal(capped.text.split('\n').length, text.split('\n').length);
      assert.deepEqual(capped.deepAt, [3]);
      assert.equal(capYamlDepth('a: [[1]]\nb: |\n  [[[[[[\n').deepAt.length, 0, 'brackets inside a block scalar are text');
    });

    it('an alias bomb is cut off, not expanded', () => {
      let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
      for (let i = 1; i < 10; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
      text += 'spec:\n  secret_sources:\n  - kind: inline\n    source: {K: *a9}\n';
      const a = analyzeText('yaml', text);
      assert.deepEqual(a.findings.map(f => f.rule), ['MLS001']);
    });
  });

  it('a notebook nested too deeply for the JSON parser is refused with a clear reason, not a stack trace', () => {
    const raw = `{"cells": [], "metadata": ${'['.repeat(200_000)}${']'.repeat(200_000)}}`;
    assert.throws(() => analyzeText('notebook', raw.replace('"cells": []', '"cells": [{"cell_type": "code", "source": "task.with_secrets(\\"env\\", \\"A\\")"}]')), /nested too deeply/);
  });

  it('no message carries a value, a password or a URL (canaries)', () => {
    const canary = 'CANARY-7f3a9c1e';
    const texts: [Parameters<typeof analyzeText>[0], string, string][] = [
      ['env', `DB_PASSWORD=${canary}\nDATABASE_URL=postgresql://app:${canary}@db/x\n`, 'app.env'],
      ['yaml', `env:\n- name: DB_PASSWORD\n  value: ${canary}\nurl: postgresql://app:${canary}@db/x\nrun: mlrun run -s "inline={'K': '${canary}'}" x.py\n`, 'fn.yaml'],
      ['python', `u = "postgresql://app:${canary}@db/x"\n`, 'x.py'],
    ];
    for (const [kind, text, fileName] of texts) {
      const a = analyzeText(kind, text, { fileName, fileFact: () => TRACKED });
      assert.ok(a.findings.length >= 1, kind);
      for (const f of a.findings) {
        assert.ok(!JSON.stringify(f.message).includes(canary) && !f.related.some(r => r.message.includes(canary)), `${kind} ${f.rule}`);
        for (const fix of f.fixes) assert.ok(!fix.title.includes(canary));
      }
    }
  });

  it('MLS010: placeholders are information, the .gitignore fix only when the file is not ignored, templates quiet for placeholders', () => {
    const text = 'API_TOKEN=9d1e2c44b0b8\nSLACK_TOKEN=<token>\n';
    const tracked = analyzeText('env', text, { fileName: 'mlrun.env', fileFact: () => TRACKED });
    assert.deepEqual(tracked.findings.map(f => [f.rule, f.severity]), [['MLS010', 'error'], ['MLS010', 'information']]);
    assert.deepEqual(tracked.findings[0].fixes.map(x => x.kind === 'edit' ? x.appendLine : undefined), [{ file: '.gitignore', line: '/mlrun.env' }]);
    const both = analyzeText('env', text, { fileName: 'mlrun.env', fileFact: () => ({ ...TRACKED, ignoredByGit: true }) });
    assert.deepEqual(both.findings[0].fixes, []);
    assert.match(both.findings[0].message, /git rm --cached mlrun\.env/);
    const template = analyzeText('env', text, { fileName: '.env.example', fileFact: () => TRACKED });
    assert.deepEqual(template.findings.map(f => f.severity), ['error']);
    const unknown = analyzeText('env', text, { fileName: 'mlrun.env', fileFact: () => undefined });
    assert.deepEqual([unknown.findings, unknown.askedPaths], [[], ['mlrun.env']], 'asks about itself while unknown');
  });

  it('the CLI asks git about env files: tracked and not-ignored are reported, ignored ones are not', function () {
    this.timeout(30_000);
    const t = tempDir();
    try {
      writeTree(t.dir, {
        '.gitignore': 'local.env\n',
        'mlrun.env': 'V3IO_ACCESS_KEY=4f2a0c1e-9b7d-4a51\n',
        'local.env': 'V3IO_ACCESS_KEY=4f2a0c1e-9b7d-4a51\n',
        'new/.env': 'DATABASE_URL=postgresql://app:Zq81mXk2@db/sales\n',
        '.github/workflows/ci.yml': 'jobs:\n  a:\n    steps:\n      - run: mlrun project -s env=GITHUB_TOKEN ./\n',
      });
      const git = (...args: string[]): void => { execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: t.dir, stdio: 'ignore' }); };
      git('init', '-q');
      git('add', '.gitignore', 'mlrun.env', '.github');
      const r = runCli(['--format', 'json', '--min-severity', 'information', '.'], t.dir);
      const report = JSON.parse(r.stdout) as { findings: { path: string; rule: string; message: string }[] };
      assert.deepEqual(report.findings.map(f => `${f.path}:${f.rule}`), ['.github/workflows/ci.yml:MLS001', 'mlrun.env:MLS010', `${path.posix.join('new', '.env')}:MLS011`]);
      assert.match(report.findings[1].message, /tracked by git/);
      assert.equal(r.code, 1);
    } finally {
      t.remove();
    }
  });
});
