import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLIENT_ID, CLIENT_SECRET, CRED_SECRET, PROJECT, setup, type Env } from './harness';
import { DEFAULT_TENANT } from '../../doubles/azure/server';

/** Files under `dir` (two levels) modified at or after `since`. */
function recentFiles(dir: string, since: number, depth = 2): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    try {
      const st = statSync(p);
      if (st.isDirectory() && depth > 0) out.push(...recentFiles(p, since, depth - 1));
      else if (st.isFile() && st.mtimeMs >= since && st.size < 5 * 1024 * 1024) out.push(p);
    } catch {
      // vanished or unreadable: not ours
    }
  }
  return out;
}

describe('Azure Key Vault: no value or credential ever leaves memory', () => {
  let env: Env;
  const seed = process.env.MLRUN_SECRETS_CANARY_SEED ?? randomBytes(8).toString('hex');
  const canary = `canary-${seed}-value`;
  before(() => console.log(`    canary seed: ${seed} (replay with MLRUN_SECRETS_CANARY_SEED=${seed})`));
  beforeEach(async () => {
    env = await setup({ [PROJECT]: ['team-vault'], locked: ['locked-vault'] });
  });
  afterEach(() => env.close());

  it('keeps a canary value and the client secret out of logs, errors, URLs and temp files', async () => {
    const started = Date.now() - 1000;
    const v = env.doubles.addVault('team-vault');
    env.doubles.addVault('locked-vault', { permissions: { [CLIENT_ID]: ['list'] }, accessModel: 'rbac' });
    v.set('DELETED', { value: 'x' });
    v.delete('DELETED');
    const scope = env.scope('team-vault');
    const texts: string[] = [];
    const keep = (r: unknown): void => {
      texts.push(JSON.stringify(r, (_k, val) => (val instanceof Map ? `Map(${val.size})` : val)));
    };

    keep(await scope.setSecrets(new Map([['CANARY', canary]])));
    keep(await scope.setSecrets(new Map([['DELETED', canary]])));
    keep(await scope.setSecrets(new Map([['OTHER', canary], ['DELETED', canary]])));
    // A server that echoes the value back in its error must not get it into our message.
    env.doubles.failNext({ method: 'PUT', status: 400, code: 'BadParameter', message: `Value ${canary} is not acceptable.` });
    keep(await scope.setSecrets(new Map([['ECHO', canary]])));
    env.doubles.failNext({ method: 'PUT', status: 429, code: 'Throttled', message: 'Slow down.', retryAfterSeconds: 3600 });
    keep(await scope.setSecrets(new Map([['THROTTLED', canary]])));
    keep(await env.scope('locked-vault', 'locked').setSecrets(new Map([['NOPE', canary]])));
    keep(await scope.setSecrets(new Map([['bad_name', canary]])));
    keep(await scope.setSecrets(new Map([['TOO-BIG', `${canary}${'x'.repeat(26 * 1024)}`]])));
    const read = await scope.readValues(['CANARY', 'MISSING']);
    assert.ok(read.ok && read.value.get('CANARY') === canary, 'the value is readable into memory');
    keep(read);
    keep(await scope.deleteSecrets(['CANARY'], { purge: true }));
    keep(await scope.listKeys());
    keep(await env.backend.listKeys(PROJECT));
    keep(env.backend.describe());

    // The client secret is a canary too: wrong once (Entra error), then a rotated secret with a newline.
    env.k8sSecrets.set(CRED_SECRET, { tenant_id: DEFAULT_TENANT, client_id: CLIENT_ID, secret: `wrong-${canary}` });
    keep(await env.makeBackend().listKeys(PROJECT));
    env.k8sSecrets.set(CRED_SECRET, { tenant_id: DEFAULT_TENANT, client_id: CLIENT_ID, secret: `${CLIENT_SECRET}\n` });
    keep(await env.makeBackend().listKeys(PROJECT));

    assert.ok(v.get('CANARY') === undefined && env.doubles.vault('team-vault')!.get('DELETED') === undefined);
    assert.ok(texts.some(t => t.includes('deleted but still recoverable')), 'the failures really happened');
    assert.ok(texts.some(t => t.includes('[value hidden]')), 'the echoing server was redacted');

    const tokens = env.doubles.directory.issuedTokens();
    assert.ok(tokens.length > 0);
    const forbidden = [canary, CLIENT_SECRET, ...tokens];
    const haystacks: [string, string][] = [
      ...env.logger.lines.map(l => ['log line', l] as [string, string]),
      ...texts.map(t => ['result', t] as [string, string]),
      ...env.doubles.requests.map(r => ['request URL', `${r.host}${r.url}`] as [string, string]),
    ];
    for (const f of recentFiles(tmpdir(), started)) {
      try {
        haystacks.push([`temp file ${f}`, readFileSync(f, 'latin1')]);
      } catch {
        // not readable: not ours
      }
    }
    for (const [where, text] of haystacks) {
      for (const secret of forbidden) assert.ok(!text.includes(secret), `a secret appeared in a ${where}: ${text.slice(0, 200)}`);
    }
    assert.ok(env.logger.lines.length > 10, 'operations were logged');
  });
});
