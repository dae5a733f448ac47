/**
 * Issue 16 items 5, 9 and 10 in the language server's workspace scan: a hostile folder (links to /dev/zero and to
 * a FIFO, a link out of the folder, a huge sparse file, a configuration that is a link to /dev/zero, a .gitignore
 * with patterns that hang RegExp matchers, a name that is not valid UTF-8) costs each bad file an MLS012 diagnostic;
 * the server stays responsive and every other file gets its diagnostics. The server is a child process, so a hang
 * fails the test at its deadline.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ScanWorkspace } from '../../../shared/src/protocol';
import { fileUriOf } from '../../util/lspClient';
import { withLspServer } from '../../util/lspSuite';
import { tempDir } from '../../util/paths';

const FINDING = 'task.with_secrets("env", "A")\n';
const MB = 1024 * 1024;

describe('language server: workspace scan of a hostile folder', function () {
  this.timeout(60_000);
  let outside: ReturnType<typeof tempDir>;
  before(() => {
    outside = tempDir();
    fs.writeFileSync(path.join(outside.dir, 'secret.py'), FINDING);
  });
  after(() => outside.remove());

  function prepare(dir: string): void {
    fs.symlinkSync('/dev/zero', path.join(dir, 'zero.py'));
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    fs.symlinkSync('pipe', path.join(dir, 'pipe.py'));
    fs.symlinkSync(path.join(outside.dir, 'secret.py'), path.join(dir, 'leak.py'));
    fs.symlinkSync('good.py', path.join(dir, 'alias.py'));
    fs.symlinkSync('/dev/zero', path.join(dir, '.mlrun-secrets.json'));
    const big = path.join(dir, 'big.py');
    fs.writeFileSync(big, FINDING);
    fs.truncateSync(big, 100 * MB);
    try {
      fs.writeFileSync(Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.py')]), FINDING);
    } catch {
      // a file system that only takes UTF-8 names
    }
  }

  const files = {
    'good.py': FINDING,
    'ignored/x.py': FINDING,
    '.gitignore': `ignored/\n${'*a'.repeat(30)}b\n${'x'.repeat(100_000)}\n`,
    [`${'a'.repeat(200)}.py`]: FINDING,
  };

  it('publishes MLS012 for each file it does not read and the findings of the others, and stays responsive', async () => {
    await withLspServer({ files }, async (server, dir) => {
      prepare(dir);
      const uri = (name: string): string => fileUriOf(path.join(dir, name));
      const r = await server.connection.sendRequest(ScanWorkspace.type, {});
      assert.equal(r.cancelled, false);
      const codes = async (name: string, code: string): Promise<string[]> =>
        (await server.waitDiagnostics(uri(name), d => d.some(x => x.code === code))).map(d => `${d.code} ${d.message}`);
      assert.deepEqual(await codes('zero.py', 'MLS012'), [`MLS012 Not analysed: a symbolic link to /dev/zero, outside ${dir} (not followed).`]);
      assert.deepEqual(await codes('pipe.py', 'MLS012'), ['MLS012 Not analysed: not a regular file (a FIFO (named pipe)).']);
      assert.deepEqual(await codes('leak.py', 'MLS012'), [`MLS012 Not analysed: a symbolic link to ${path.join(outside.dir, 'secret.py')}, outside ${dir} (not followed).`]);
      assert.deepEqual(await codes('big.py', 'MLS012'), ['MLS012 Not analysed: 104,857,600 bytes, over the limit of 8,388,608 bytes (set by the mlrunSecrets.maxFileSize setting or maxFileSize in .mlrun-secrets.json).']);
      for (const name of ['good.py', 'alias.py', `${'a'.repeat(200)}.py`]) assert.match((await codes(name, 'MLS001'))[0], /^MLS001 /, name);
      if (fs.readdirSync(dir).some(n => n.startsWith('caf'))) {
        await server.waitDiagnostics(`file://${dir.split('/').map(encodeURIComponent).join('/')}/caf%E9.py`, d => d.some(x => x.code === 'MLS001'));
      }
      assert.equal(server.diagnostics.get(uri('ignored/x.py')), undefined, '.gitignore still applies');
      assert.ok(server.logs.some(l => l.includes(`.gitignore:3: a pattern of 100000 characters is longer than the limit of 4096; the line is ignored.`)), server.logs.join('\n'));
      // Still answering: a second scan completes.
      assert.equal((await server.connection.sendRequest(ScanWorkspace.type, {})).cancelled, false);
    });
  });

  it('mlrunSecrets.maxFileSize sets the limit', async () => {
    await withLspServer({ files: { 'good.py': FINDING, 'big.py': FINDING + '#'.repeat(200) + '\n' }, options: { settings: { maxFileSize: 100 } } }, async (server, dir) => {
      await server.connection.sendRequest(ScanWorkspace.type, {});
      const d = await server.waitDiagnostics(fileUriOf(path.join(dir, 'big.py')), x => x.length > 0);
      assert.deepEqual(d.map(x => [x.code, x.message]), [['MLS012', 'Not analysed: 231 bytes, over the limit of 100 bytes (set by the mlrunSecrets.maxFileSize setting or maxFileSize in .mlrun-secrets.json).']]);
      assert.equal((await server.waitDiagnostics(fileUriOf(path.join(dir, 'good.py')), x => x.length > 0))[0].code, 'MLS001');
    });
  });
});
