import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mlrunEnvFilePath, parseMlrunUrl, resolveMlrunEndpoint } from '../../../client/src/backends/mlrunApi/endpoint';

const files = (map: Record<string, string>) => (p: string) => map[p];

describe('MLRun endpoint resolution', () => {
  it('setting, else MLRUN_DBPATH, else the env file', () => {
    const env = { MLRUN_DBPATH: 'https://from-env.example/' };
    assert.deepEqual(resolveMlrunEndpoint({ setting: 'http://setting.example:8080', env, readFile: files({}) }), { ok: true, value: { url: 'http://setting.example:8080', source: 'setting' } });
    assert.deepEqual(resolveMlrunEndpoint({ setting: ' ', env, readFile: files({}) }), { ok: true, value: { url: 'https://from-env.example', source: 'MLRUN_DBPATH' } });
    const home = '/home/u';
    const envFile = join(home, '.mlrun.env');
    const fromFile = resolveMlrunEndpoint({ env: {}, homeDir: home, readFile: files({ [envFile]: '# mlrun config set wrote this\nMLRUN_DBPATH=https://mlrun.example/api-base/\nV3IO_USERNAME=admin\n' }) });
    assert.deepEqual(fromFile, { ok: true, value: { url: 'https://mlrun.example/api-base', source: 'envFile', envFile } });
    assert.deepEqual(resolveMlrunEndpoint({ env: {}, homeDir: home, readFile: files({}) }), { ok: true, value: undefined });
  });

  it('MLRUN_ENV_FILE / MLRUN_DEFAULT_ENV_FILE / MLRUN_IGNORE_ENV_FILE', () => {
    assert.equal(mlrunEnvFilePath({ MLRUN_ENV_FILE: '/etc/mlrun.env' }, '/h'), '/etc/mlrun.env');
    assert.equal(mlrunEnvFilePath({ MLRUN_DEFAULT_ENV_FILE: '~/custom.env' }, '/h'), join('/h', 'custom.env'));
    assert.equal(mlrunEnvFilePath({ MLRUN_IGNORE_ENV_FILE: 'true', MLRUN_ENV_FILE: '/x' }, '/h'), undefined);
    const r = resolveMlrunEndpoint({ env: { MLRUN_ENV_FILE: '/x.env' }, readFile: files({ '/x.env': 'MLRUN_DBPATH="http://quoted:8080"' }) });
    assert.equal(r.ok && r.value?.url, 'http://quoted:8080');
  });

  it('strips user info (offered as basic auth), query and fragment; refuses non-URLs and other schemes', () => {
    const r = parseMlrunUrl('https://alice:p%40ss@mlrun.example:8443/base/?x=1#f', 'setting');
    assert.deepEqual(r, { ok: true, value: { url: 'https://mlrun.example:8443/base', source: 'setting', urlCredentials: { username: 'alice', password: 'p@ss' } } });
    const nodb = parseMlrunUrl('mlrun-api:8080', 'MLRUN_DBPATH');
    assert.equal(!nodb.ok && nodb.error.kind, 'invalid');
    assert.match(!nodb.ok ? nodb.error.message : '', /^MLRUN_DBPATH is not a URL .* MLRun would use no database/);
    const ftp = parseMlrunUrl('ftp://x', 'setting');
    assert.match(!ftp.ok ? ftp.error.message : '', /must start with http:\/\/ or https:\/\//);
    const ipv6 = parseMlrunUrl('http://[::1]:8080', 'setting');
    assert.equal(ipv6.ok && ipv6.value.url, 'http://[::1]:8080');
  });
});
