import assert from 'node:assert/strict';
import { createMlrunApiBackend, StoredCredentials, type MlrunApiBackendOptions } from '../../../client/src/backends/mlrunApi';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { failure, instantRetry, MemoryStore } from './support/fixtures';

describe('MLRun API backend: MLRun\'s status codes as clear messages, in MLRun\'s own words', () => {
  let mlrun: MlrunDouble;
  let creds: StoredCredentials;
  let retry: ReturnType<typeof instantRetry>;
  const backend = (o: Partial<MlrunApiBackendOptions> = {}) =>
    createMlrunApiBackend({ endpoint: mlrun.url, credentials: creds, authMode: 'auto', retry, ...o });

  beforeEach(async () => {
    mlrun = await startMlrunDouble({ auth: { mode: 'bearer', token: 'good' }, projects: ['demo'] });
    creds = new StoredCredentials(new MemoryStore());
    await creds.set(mlrun.url, { token: 'good' });
    retry = instantRetry();
  });
  afterEach(async () => {
    await mlrun.stop();
  });

  it('401: MLRun\'s text and what to do', async () => {
    await creds.set(mlrun.url, { token: 'bad' });
    const f = failure(await backend().listKeys('demo'));
    assert.equal(f.kind, 'unauthorized');
    assert.equal(f.message, `The MLRun API at ${mlrun.url} did not accept the credentials (401): Token did not match. Sign in again or check the auth mode.`);
  });

  it('403: an internal key reaches MLRun only if the client is bypassed; its refusal is MLRun\'s text', async () => {
    mlrun.state.denied.add('create /projects/demo/secrets/kubernetes');
    const f = failure(await backend().setSecrets('demo', new Map([['K', 'v']])));
    assert.equal(f.kind, 'forbidden');
    assert.equal(f.message, 'The MLRun API denied storing key "K" in project "demo" (403): Not allowed to create resource /projects/demo/secrets/kubernetes.');
    assert.equal(mlrun.state.secretData('demo'), undefined);
  });

  it('404: a project that does not exist', async () => {
    const f = failure(await backend().setSecrets('ghost', new Map([['K', 'v']])));
    assert.equal(f.kind, 'notFound');
    assert.equal(f.message, `Project "ghost" does not exist on the MLRun API at ${mlrun.url}.`);
  });

  it('404: an endpoint that is not the MLRun API (e.g. the UI URL)', async () => {
    const f = failure(await createMlrunApiBackend({ endpoint: `${mlrun.url}/ui`, credentials: creds, retry }).listProjects());
    assert.equal(f.kind, 'notFound');
    assert.match(f.message, /has no such endpoint \(404\) — is the URL the MLRun API \(MLRUN_DBPATH\) rather than the UI\?/);
  });

  it('400 and 422 carry MLRun\'s validation text (E3 repr with double quotes unwrapped)', async () => {
    mlrun.faults.next(1, { kind: 'status', status: 400, body: { detail: 'MLRunInvalidArgumentError("Field \'secret.key\' is malformed. \'a b\' does not match required pattern: ^[-._a-zA-Z0-9]+$")' } });
    let f = failure(await backend().setSecrets('demo', new Map([['K', 'v-9Qx']])));
    assert.equal(f.kind, 'invalid');
    assert.equal(f.message, 'MLRun rejected storing key "K" in project "demo" (400): Field \'secret.key\' is malformed. \'a b\' does not match required pattern: ^[-._a-zA-Z0-9]+$.');
    mlrun.faults.next(1, { kind: 'status', status: 422, body: { detail: [{ loc: ['body', 'provider'], msg: 'value is not a valid enumeration member; permitted: \'vault\', \'kubernetes\'', type: 'type_error.enum', ctx: { doc: 'echoed-body' } }] } });
    f = failure(await backend().setSecrets('demo', new Map([['K', 'v-9Qx']])));
    assert.equal(f.kind, 'invalid');
    assert.equal(f.message, 'The MLRun API rejected the request for storing key "K" in project "demo" (422): provider: value is not a valid enumeration member; permitted: \'vault\', \'kubernetes\'.');
    assert.doesNotMatch(f.message, /echoed-body/);
  });

  it('5xx: retried for reads and sets, then MLRun\'s text; HTML from a proxy is named as such', async () => {
    mlrun.faults.next(2, { kind: 'status', status: 500 });
    assert.ok((await backend().listKeys('demo')).ok);
    assert.equal(retry.delays.length, 2);

    mlrun.faults.add({ method: 'POST', action: { kind: 'status', status: 500, body: { detail: 'AttributeError("module \'mlrun.utils.vault\' has no attribute \'init_project_vault_configuration\'")' } } });
    let f = failure(await backend().setSecrets('demo', new Map([['K', 'v-9Qx']])));
    assert.equal(f.kind, 'serverError');
    assert.equal(f.message, 'The MLRun API failed (500) while storing key "K" in project "demo": AttributeError: module \'mlrun.utils.vault\' has no attribute \'init_project_vault_configuration\' (gave up after 5 attempts).');
    mlrun.faults.clear();

    mlrun.faults.add({ action: { kind: 'status', status: 502 } });
    f = failure(await backend().listProjects());
    assert.equal(f.message, `The MLRun API at ${mlrun.url} is unavailable (502); a proxy or ingress in front of it answered (gave up after 5 attempts).`);
  });

  it('a 500 from MLRun\'s own exhausted Kubernetes retries is explained', async () => {
    mlrun.faults.next(1, { kind: 'status', status: 500, body: { detail: 'ApiException()' } });
    retry = instantRetry(1);
    const f = failure(await backend().setSecrets('demo', new Map([['K', 'v']])));
    assert.match(f.message, /its call to Kubernetes failed \(for example, too many concurrent changes to the project's Secret\)/);
  });

  it('connection resets are retried; refused connections and timeouts are not', async () => {
    mlrun.faults.next(2, { kind: 'reset' });
    assert.ok((await backend().setSecrets('demo', new Map([['K', 'v']]))).ok);
    assert.deepEqual(mlrun.state.secretData('demo'), { K: 'v' });

    mlrun.faults.add({ action: { kind: 'hang' } });
    const f = failure(await backend({ timeoutMs: 200 }).listKeys('demo'));
    assert.equal(f.kind, 'unreachable');
    assert.equal(f.message, `The MLRun API at ${mlrun.url} did not answer within 0.2 s while listing the keys of project "demo".`);
    mlrun.faults.clear();

    const url = mlrun.url;
    await mlrun.stop();
    const refused = failure(await createMlrunApiBackend({ endpoint: url, retry }).listProjects());
    assert.equal(refused.kind, 'unreachable');
    assert.match(refused.message, /^Cannot connect to the MLRun API at http:\/\/127\.0\.0\.1:\d+: the connection was refused/);
    assert.equal(retry.delays.length, 2, 'only the resets were retried');
    mlrun = await startMlrunDouble();
  });

  it('cancellation stops a call at once', async () => {
    mlrun.faults.add({ action: { kind: 'hang' } });
    const c = new AbortController();
    const pending = backend().listProjects(c.signal);
    setTimeout(() => c.abort(), 30);
    assert.equal(failure(await pending).kind, 'cancelled');
  });

  it('invalid input is refused before any request', async () => {
    const b = backend();
    const before = mlrun.requests.length;
    for (const values of [new Map([['mlrun.x', 'v']]), new Map([['bad key', 'v']]), new Map([['K', '']]), new Map([['K', 'x'.repeat(1024 * 1024 + 1)]])]) {
      assert.equal(failure(await b.setSecrets('demo', values)).kind, 'invalid');
    }
    assert.equal(failure(await b.listKeys('Bad_Project')).kind, 'invalid');
    assert.equal(failure(await b.deleteSecrets('demo', ['mlrun.internal'])).kind, 'invalid');
    assert.equal(mlrun.requests.length, before);
  });
});
