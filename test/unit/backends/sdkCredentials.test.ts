import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mlrunEnvFilePath, resolveMlrunEndpoint } from '../../../client/src/backends/mlrunApi/endpoint';
import { sdkCredentials, sdkCredentialsFor, sdkEnvironment } from '../../../client/src/backends/mlrunApi/sdkCredentials';

const HOME = '/home/u';
const ENV_FILE = join(HOME, '.mlrun.env');

function files(map: Record<string, string>): (p: string) => string | undefined {
  return p => map[p];
}

describe('what the MLRun SDK connects with (env file over the environment, override=True)', () => {
  it('finds the env file as mlrun/config.py does', () => {
    assert.equal(mlrunEnvFilePath({}, HOME), ENV_FILE);
    assert.equal(mlrunEnvFilePath({ MLRUN_ENV_FILE: '/etc/m.env', MLRUN_DEFAULT_ENV_FILE: '/x' }, HOME), '/etc/m.env');
    assert.equal(mlrunEnvFilePath({ MLRUN_ENV_FILE: '' }, HOME), undefined, 'set but empty: no file');
    assert.equal(mlrunEnvFilePath({ MLRUN_DEFAULT_ENV_FILE: '' }, HOME), undefined);
    assert.equal(mlrunEnvFilePath({ MLRUN_IGNORE_ENV_FILE: '1' }, HOME), undefined);
  });

  it('the env file\'s MLRUN_DBPATH wins over the environment\'s; the setting wins over both', () => {
    const readFile = files({ [ENV_FILE]: 'MLRUN_DBPATH=https://from-file.example\n' });
    const env = { MLRUN_DBPATH: 'https://from-env.example' };
    assert.deepEqual(resolveMlrunEndpoint({ env, homeDir: HOME, readFile }), { ok: true, value: { url: 'https://from-file.example', source: 'envFile', envFile: ENV_FILE } });
    assert.deepEqual(resolveMlrunEndpoint({ env, homeDir: HOME, readFile: files({}) }), { ok: true, value: { url: 'https://from-env.example', source: 'MLRUN_DBPATH' } });
    assert.equal(resolveMlrunEndpoint({ setting: 'https://s.example', env, homeDir: HOME, readFile }).ok && 'setting', 'setting');
    const emptied = resolveMlrunEndpoint({ env, homeDir: HOME, readFile: files({ [ENV_FILE]: 'MLRUN_DBPATH=\n' }) });
    assert.deepEqual(emptied, { ok: true, value: undefined }, 'an empty value in the file overrides too');
    const noEquals = resolveMlrunEndpoint({ env, homeDir: HOME, readFile: files({ [ENV_FILE]: 'MLRUN_DBPATH\n' }) });
    assert.equal(noEquals.ok && noEquals.value?.url, 'https://from-env.example', 'a key without "=" is not set');
  });

  it('token: MLRUN_HTTPDB__TOKEN (JSON-decoded), else MLRUN_AUTH_SESSION, else V3IO_ACCESS_KEY; user V3IO_USERNAME; file first', () => {
    const env = { MLRUN_AUTH_SESSION: 'env-session', V3IO_USERNAME: 'env-user' };
    const onlyEnv = sdkCredentials(sdkEnvironment({ env, homeDir: HOME, readFile: files({}) }))!;
    assert.deepEqual(onlyEnv, { credentials: { token: 'env-session', username: 'env-user' }, sources: ['MLRUN_AUTH_SESSION (environment)', 'V3IO_USERNAME (environment)'] });
    const withFile = sdkCredentials(sdkEnvironment({ env, homeDir: HOME, readFile: files({ [ENV_FILE]: 'V3IO_USERNAME=file-user\nV3IO_ACCESS_KEY=file-key\nMLRUN_AUTH_SESSION=file-session\n' }) }))!;
    assert.deepEqual(withFile.credentials, { token: 'file-session', username: 'file-user' });
    assert.deepEqual(withFile.sources, [`MLRUN_AUTH_SESSION (${ENV_FILE})`, `V3IO_USERNAME (${ENV_FILE})`]);
    const quoted = sdkCredentials(sdkEnvironment({ env: { MLRUN_HTTPDB__TOKEN: '"tok-1"', V3IO_ACCESS_KEY: 'k' }, homeDir: HOME, readFile: files({}) }))!;
    assert.deepEqual(quoted.credentials, { token: 'tok-1' });
    assert.equal(sdkCredentials(sdkEnvironment({ env: { V3IO_USERNAME: 'u' }, homeDir: HOME, readFile: files({}) })), undefined, 'a user alone is nothing to send');
  });

  it('offers them only for the SDK\'s own endpoint, and names variables, never values', () => {
    const canary = 'sdk-canary-7f3a9c1e55d04b2f';
    const readFile = files({ [ENV_FILE]: `MLRUN_DBPATH=https://mlrun.example\nV3IO_ACCESS_KEY=${canary}\n` });
    const own = sdkCredentialsFor('https://mlrun.example', { env: {}, homeDir: HOME, readFile })!;
    assert.equal(own.credentials.token, canary);
    assert.equal(JSON.stringify(own.sources).includes(canary), false);
    assert.equal(sdkCredentialsFor('https://other.example', { env: {}, homeDir: HOME, readFile }), undefined);
  });
});
