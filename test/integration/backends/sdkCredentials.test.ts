/**
 * The SDK's own credentials (env file over the environment) reach the MLRun double as MLRun's client would send
 * them, and nowhere else: not in a log line, a failure message, or the description of where they came from.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import { sdkCredentialsFor } from '../../../client/src/backends/mlrunApi/sdkCredentials';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { capturingLogger, instantRetry } from './support/fixtures';

describe('MLRun API with the credentials the SDK already has', () => {
  let mlrun: MlrunDouble;
  let home: string;

  afterEach(async () => {
    await mlrun.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('uses the env file\'s token for the SDK\'s endpoint (the file wins over the environment); the value is in no log or message', async () => {
    const token = `sdkcanary${randomBytes(12).toString('hex')}`;
    mlrun = await startMlrunDouble({ auth: { mode: 'bearer', token }, projects: ['demo'] });
    home = mkdtempSync(join(tmpdir(), 'mlrun-sdk-home-'));
    writeFileSync(join(home, '.mlrun.env'), `MLRUN_DBPATH=${mlrun.url}\nMLRUN_HTTPDB__TOKEN=${token}\n`);
    const env = { MLRUN_HTTPDB__TOKEN: 'stale-environment-token' };
    const sdk = sdkCredentialsFor(mlrun.url, { env, homeDir: home });
    assert.ok(sdk);
    assert.deepEqual(sdk.sources, [`MLRUN_HTTPDB__TOKEN (${join(home, '.mlrun.env')})`]);
    const logger = capturingLogger();
    const backend = createMlrunApiBackend({ endpoint: mlrun.url, authMode: 'bearer', credentials: { get: async () => sdk.credentials }, retry: instantRetry(), logger });
    assert.ok((await backend.setSecrets('demo', new Map([['K', 'v-1']]))).ok);
    assert.deepEqual(await backend.listKeys('demo'), { ok: true, value: [{ name: 'K' }] });
    assert.equal(mlrun.requests.at(-1)!.headers.authorization, `Bearer ${token}`);
    const missing = await backend.listKeys('no-such-project');
    assert.equal(missing.ok, false);
    const texts = [...logger.lines, JSON.stringify(missing), JSON.stringify(sdk.sources)].join('\n');
    assert.equal(texts.includes(token), false, 'the token is in no log line or message');
    // Another endpoint never gets them.
    assert.equal(sdkCredentialsFor('http://127.0.0.1:1', { env, homeDir: home }), undefined);
  });
});
