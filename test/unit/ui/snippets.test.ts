import assert from 'node:assert/strict';
import {
  envFromSecretSnippet, getSecretCall, getSecretForm, mountSecretSnippet, pyString, snippetText, suggestEnvName, validateEnvName, validateMountPath, volumeNameFor,
} from '../../../client/src/commands/support/snippets';

describe('code the insert commands write', () => {
  it('get_secret in the form that fits the cursor', () => {
    assert.equal(getSecretForm('value = context.', false), 'member');
    assert.equal(getSecretForm('value = ', true), 'handler');
    assert.equal(getSecretForm('value = ', false), 'module');
    assert.equal(getSecretCall('DB_PASSWORD', 'member'), 'get_secret("DB_PASSWORD")');
    assert.equal(getSecretCall('DB_PASSWORD', 'handler'), 'context.get_secret("DB_PASSWORD")');
    assert.equal(getSecretCall('DB_PASSWORD', 'module'), 'mlrun.get_secret_or_env("DB_PASSWORD")');
  });

  it('set_env_from_secret as MLRun serialises it (§7.1), with a placeholder for the function', () => {
    assert.equal(envFromSecretSnippet('AZURE_CLIENT_ID', 'azure-creds', 'client_id'),
      '${1:fn}.set_env_from_secret("AZURE_CLIENT_ID", secret="azure-creds", secret_key="client_id")$0');
  });

  it('mount_secret with its own volume name and optional items (§7.2)', () => {
    assert.equal(mountSecretSnippet('my.tls', '/etc/tls', ['tls.crt']),
      '${1:fn}.apply(mlrun.platforms.mount_secret("my.tls", "/etc/tls", volume_name="my-tls", items=[{"key": "tls.crt", "path": "tls.crt"\\}]))$0', '"}" is escaped for the snippet; the editor inserts "}"');
    assert.equal(mountSecretSnippet('creds', '/mnt/c', []), '${1:fn}.apply(mlrun.platforms.mount_secret("creds", "/mnt/c", volume_name="creds"))$0');
    assert.equal(volumeNameFor('A.very.Long-name'.repeat(10)).length <= 63, true);
    assert.equal(volumeNameFor('...'), 'secret');
  });

  it('escapes Python strings and snippet syntax', () => {
    assert.equal(pyString('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(snippetText('$x}\\'), '\\$x\\}\\\\');
    assert.equal(envFromSecretSnippet('A$B', 's', 'k'), '${1:fn}.set_env_from_secret("A\\$B", secret="s", secret_key="k")$0');
  });

  it('validates and suggests variable names and mount paths', () => {
    assert.equal(suggestEnvName('db-password.v2'), 'DB_PASSWORD_V2');
    assert.equal(suggestEnvName('1key'), '_1KEY');
    assert.equal(validateEnvName('DB_PASSWORD'), undefined);
    assert.match(validateEnvName('1ABC')!, /does not start with a digit/);
    assert.match(validateEnvName('')!, /Type a variable name/);
    assert.equal(validateMountPath('/mnt/secrets/x'), undefined);
    assert.match(validateMountPath('mnt')!, /absolute/);
    assert.match(validateMountPath('/a/../b')!, /\.\./);
  });
});
