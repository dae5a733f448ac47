/** The e2e harness fails (never skips) when a system package is missing, naming the apt-get line. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../../../..');

describe('e2e harness prerequisites', () => {
  it('names the apt-get install line when chromium is missing', () => {
    const script = "import('./test/e2e/harness/codeServer.mjs').then(m => m.checkSystemPackages({ forInstall: false })).then(() => console.log('ok'), e => { console.error(e.message); process.exit(3); })";
    const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', env: { ...process.env, CHROMIUM: '/nonexistent/chromium' } });
    assert.equal(r.status, 3, r.stdout + r.stderr);
    assert.match(r.stderr, /Missing system packages for the end-to-end tests: chromium/);
    assert.match(r.stderr, /apt-get install -y chromium ripgrep libkrb5-dev pkg-config build-essential python3 git/);
  });

  it('passes when everything is installed', () => {
    const script = "import('./test/e2e/harness/codeServer.mjs').then(m => m.checkSystemPackages({ forInstall: false })).then(() => console.log('ok'))";
    const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'ok');
  });
});
