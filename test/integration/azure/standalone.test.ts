import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createAzureBackend } from '../../../client/src/backends/azure/index';
import { ok } from '../../../client/src/backends/types';
import { settingsFrom } from '../../../shared/src/settings';
import type { AzureDoublesInfo, AzureSeed } from '../../doubles/azure/standalone';
import { must } from './harness';

describe('Azure doubles run standalone (for end-to-end tests)', () => {
  let child: ChildProcessByStdio<Writable, Readable, Readable> | undefined;
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'azure-doubles-test-'));
  });
  after(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise(r => child!.once('exit', r));
      child.stdin.end(); // closing stdin stops it
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts from a seed file, prints where it listens, and serves the real SDK', async () => {
    const seed: AzureSeed = {
      tenant: '22222222-3333-4444-8555-666666666666',
      apps: [{ clientId: 'e2e-app', secret: 'e2e-secret-value' }],
      vaults: [{ name: 'e2e-vault', secrets: { 'DB-PASSWORD': 'p', 'OFF': 'o' }, disabled: ['OFF'], deleted: { GONE: 'g' }, pageSize: 1 }],
    };
    const seedFile = join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const main = resolve(__dirname, '../../doubles/azure/main.js');
    child = spawn(process.execPath, [main, '--seed', seedFile, '--ca-dir', dir, '--exit-with-stdin'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const info = await new Promise<AzureDoublesInfo & { ready: boolean }>((res, rej) => {
      let out = '';
      child!.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const nl = out.indexOf('\n');
        if (nl >= 0) res(JSON.parse(out.slice(0, nl)));
      });
      child!.once('exit', code => rej(new Error(`exited with ${code}`)));
    });
    assert.equal(info.ready, true);
    assert.match(info.vaultUrlTemplate, /^https:\/\/127\.0\.0\.1:\d+\/vaults\/\{name\}$/);
    assert.match(readFileSync(info.caFile, 'utf8'), /^-----BEGIN CERTIFICATE-----/);

    const backend = createAzureBackend({
      settings: settingsFrom({
        'azure.vaults': { e2e: ['e2e-vault'] },
        'azure.credentialSecret': 'azure-creds',
        'azure.authorityHost': info.authorityHost,
        'azure.vaultUrlTemplate': info.vaultUrlTemplate,
      }),
      readCredentialSecret: async () => ok({ tenant_id: seed.tenant!, client_id: 'e2e-app', secret: 'e2e-secret-value' }),
      transport: { ca: readFileSync(info.caFile, 'utf8') },
    });
    const scope = must(backend.vault('e2e', 'e2e-vault'));
    const keys = must(await scope.listKeys());
    assert.deepEqual(keys.map(k => [k.name, !!k.disabled]), [['DB-PASSWORD', false], ['OFF', true]]);
    assert.deepEqual(must(await scope.listDeleted()).map(d => d.name), ['GONE']);
  });
});
