import assert from 'node:assert/strict';
import { isSecretName, nameWords, secretValueKind } from '../../../shared/src/secretNames';

describe('secret names', () => {
  it('splits names into upper-cased words', () => {
    assert.deepEqual(nameWords('dbPassword'), ['DB', 'PASSWORD']);
    assert.deepEqual(nameWords('MLRUN_HTTPDB__PASSWORD'), ['MLRUN', 'HTTPDB', 'PASSWORD']);
    assert.deepEqual(nameWords('sasl.password'), ['SASL', 'PASSWORD']);
  });

  it('knows the names that hold secrets', () => {
    for (const n of [
      'V3IO_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'DB_PASSWORD', 'MLRUN_HTTPDB__PASSWORD', 'GITHUB_TOKEN',
      'HF_TOKEN', 'AZURE_CLIENT_SECRET', 'AZURE_STORAGE_ACCOUNT_KEY', 'AZURE_STORAGE_CONNECTION_STRING', 'OPENAI_API_KEY',
      'MLRUN_AUTH_SESSION', 'password', 'token', 'secret_key', 'sasl_pass_PWD', 'dbPassword', 'CLIENT_SECRET_VALUE',
      'JWT_SECRET', 'SLACK_APIKEY', 'REDIS_PASSWORD', 'DATABRICKS_TOKEN', 'sas_token', 'client_secret', 'account_key',
    ]) assert.ok(isSecretName(n), n);
  });

  it('leaves look-alikes alone', () => {
    for (const n of [
      'TOKENIZERS_PARALLELISM', 'MAX_TOKENS', 'SECRET_NAME', 'TOKEN_PATH', 'PASSWORD_FILE', 'GOOGLE_APPLICATION_CREDENTIALS',
      'credentials_path', 'AWS_ACCESS_KEY_ID', 'AUTO_ADD_PROJECT_SECRETS', 'PWD', 'KEY', 'SECRETS', 'MLRUN_SECRET_STORES__KUBERNETES__PROJECT_SECRET_NAME',
      'TOKEN_URL', 'PRIMARY_KEY', 'SORT_KEY', 'SESSION', 'SESSION_ID', 'CONNECTION', '', '___', 'PASSWORD_MIN_LENGTH',
    ]) assert.ok(!isSecretName(n), n);
  });

  it('tells literals from empty values, references and placeholders', () => {
    assert.equal(secretValueKind(''), 'empty');
    assert.equal(secretValueKind('   '), 'empty');
    for (const v of ['${AWS_SECRET}', '$TOKEN', '$(DB_PASSWORD)', '{{ secrets.TOKEN }}', '${{ secrets.TOKEN }}', '%APPDATA%', '${USER}:${PASS}']) {
      assert.equal(secretValueKind(v), 'reference', v);
    }
    for (const v of ['<your token>', '***', 'xxxxxxxx', 'changeme', 'CHANGE_ME', 'your-access-key', 'yourToken', 'TODO', '...', '…', 'None', 'false', 'dummy', '[REDACTED]']) {
      assert.equal(secretValueKind(v), 'placeholder', v);
    }
    assert.equal(secretValueKind('db_password', 'DB_PASSWORD'), 'placeholder');
    for (const v of ['hunter2', 'postgres', 'taosdata', 'wJalrXUtnFEMI/K7MDENG', 'ghp_abc123', 'pa$$word']) {
      assert.equal(secretValueKind(v, 'PASSWORD'), 'literal', v);
    }
  });
});
