/**
 * Issue 16 item 5: a file whose name is not valid UTF-8 is analysed (listed by the directory walk and by git) and
 * its path is printed losslessly: git-style quoting in text and JSON, percent-encoded bytes in SARIF.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Report } from '../../../server/src/cli/report';
import { tempDir } from '../../util/paths';
import { runCli } from './runCli';

const FINDING = 'task.with_secrets("env", "A")\n';

function bytesPath(dir: string, ...parts: (string | number[])[]): Buffer {
  return Buffer.concat([Buffer.from(dir + path.sep), ...parts.map(p => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))]);
}

describe('mlrun-secrets-lint: file names that are not valid UTF-8', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(function () {
    tmp = tempDir();
    try {
      fs.writeFileSync(bytesPath(tmp.dir, 'caf', [0xe9], '.py'), FINDING);
      fs.mkdirSync(bytesPath(tmp.dir, 'd', [0xff]));
      fs.writeFileSync(bytesPath(tmp.dir, 'd', [0xff], '/x.py'), FINDING);
    } catch {
      this.skip(); // a file system that only takes UTF-8 names (macOS) cannot hold such a file
    }
    fs.writeFileSync(path.join(tmp.dir, 'ok é.py'), FINDING);
    fs.writeFileSync(path.join(tmp.dir, '"quoted".py'), FINDING);
  });
  afterEach(() => tmp.remove());

  const EXPECTED = ['"\\"quoted\\".py"', '"caf\\351.py"', '"d\\377/x.py"', 'ok é.py'];

  function check(): void {
    const json = runCli(['--format', 'json'], tmp.dir);
    assert.equal(json.code, 1, json.stderr);
    assert.equal(json.stderr, '');
    const report = JSON.parse(json.stdout) as Report;
    assert.deepEqual([...new Set(report.findings.map(f => f.path))].sort(), EXPECTED);
    assert.equal(report.stats.files, 4);
    const text = runCli([], tmp.dir);
    assert.ok(text.stdout.split('\n').includes('"caf\\351.py":1:6: warning MLS001 insecure-provider: ' + report.findings.find(f => f.path === '"caf\\351.py"')!.message), text.stdout);
    const sarif = JSON.parse(runCli(['--format', 'sarif'], tmp.dir).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uris = sarif.runs[0].results.map(r => r.locations[0].physicalLocation.artifactLocation.uri).sort();
    assert.deepEqual(uris, ['%22quoted%22.py', 'caf%E9.py', 'd%FF/x.py', 'ok%20%C3%A9.py']);
  }

  it('analyses them outside git (directory walk)', () => {
    check();
  });

  it('analyses them inside a repository (git ls-files)', () => {
    execFileSync('git', ['init', '-q'], { cwd: tmp.dir });
    check();
  });

  it('says why when such a name is given as an argument (Node cannot pass its bytes)', () => {
    const r = runCli(['caf\ufffd.py'], tmp.dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^mlrun-secrets-lint: cannot read "caf\ufffd\.py": no such file or directory \(a name that is not valid UTF-8 cannot be passed as an argument: name its folder instead\)\n$/);
  });
});
