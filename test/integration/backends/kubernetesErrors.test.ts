import assert from 'node:assert/strict';
import { createKubernetesBackend, type KubernetesBackendOptions } from '../../../client/src/backends/kubernetes';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { createTestTls } from '../../doubles/tls';
import { failure, instantRetry } from './support/fixtures';

const NS = 'mlrun';
const SECRET = 'mlrun-project-secrets-demo';

describe('Kubernetes backend: failures become one clear sentence', () => {
  let k8s: KubernetesDouble;
  let retry: ReturnType<typeof instantRetry>;
  const backend = (o: KubernetesBackendOptions = {}) =>
    createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: NS, retry, ...o });

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
    retry = instantRetry();
  });
  afterEach(async () => {
    await k8s.stop();
  });

  it('401 for a wrong token', async () => {
    const kubeconfigPath = k8s.writeKubeconfig({ token: 'wrong-token' });
    const f = failure(await backend({ kubeconfigPath }).listKeys('demo'));
    assert.equal(f.kind, 'unauthorized');
    assert.equal(f.status, 401);
    assert.match(f.message, /did not accept the credentials of context "double" \(401 Unauthorized\)/);
  });

  it('403 with the API server\'s RBAC message and a hint', async () => {
    k8s.state.addToken('reader-token', { name: 'reader', rules: [{ verbs: ['get', 'list'], resources: ['secrets'], namespaces: [NS] }] });
    const kubeconfigPath = k8s.writeKubeconfig({ token: 'reader-token' });
    const b = backend({ kubeconfigPath });
    assert.ok((await b.listKeys('demo')).ok, 'reading is allowed');
    const f = failure(await b.setSecrets('demo', new Map([['K', 'v']])));
    assert.equal(f.kind, 'forbidden');
    // A set is one merge patch (no read first).
    assert.match(f.message, /User "reader" cannot patch resource "secrets" in API group "" in the namespace "mlrun"/);
    assert.match(f.message, /Ask for RBAC permission on Secrets in namespace "mlrun"/);
  });

  it('404 for a namespace that does not exist', async () => {
    const f = failure(await backend({ namespace: 'no-such-ns' }).setSecrets('demo', new Map([['K', 'v']])));
    assert.equal(f.kind, 'notFound');
    assert.equal(f.message, 'Namespace "no-such-ns" does not exist in context "double".');
  });

  it('422 from the API server is an invalid-input failure with its message', async () => {
    k8s.faults.next(1, { kind: 'status', status: 422, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Secret "x" is invalid: data: Too long: must have at most 1048576 bytes', reason: 'Invalid', code: 422 } }, { method: 'POST' });
    const f = failure(await backend().setSecrets('demo', new Map([['K', 'v-9Qx']])));
    assert.equal(f.kind, 'invalid');
    assert.match(f.message, /Kubernetes rejected writing Secret "mlrun-project-secrets-demo" \(422\): Secret "x" is invalid: data: Too long/);
    assert.equal(k8s.state.secret(NS, SECRET), undefined);
  });

  it('retries 500, 503, 429, 409 and connection resets on the patch and the create of a set, then succeeds', async () => {
    retry = instantRetry(8);
    k8s.faults.next(1, { kind: 'status', status: 500 }, { method: 'PATCH' });
    k8s.faults.next(1, { kind: 'status', status: 503 }, { method: 'PATCH' });
    k8s.faults.next(1, { kind: 'status', status: 429 }, { method: 'POST' });
    k8s.faults.next(1, { kind: 'reset' }, { method: 'POST' });
    k8s.faults.next(1, { kind: 'status', status: 409 }, { method: 'POST' });
    const r = await backend().setSecrets('demo', new Map([['K', 'v']]));
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(k8s.state.secretData(NS, SECRET), { K: 'v' });
    assert.equal(k8s.faults.applied, 5);
    assert.equal(retry.delays.length, 5, 'one backoff per retry');
  });

  it('gives up after the bounded number of attempts with the server\'s message', async () => {
    k8s.faults.add({ method: 'GET', action: { kind: 'status', status: 500 } });
    const f = failure(await backend().listKeys('demo'));
    assert.equal(f.kind, 'serverError');
    assert.match(f.message, /The Kubernetes API server failed \(500\) while reading Secret "mlrun-project-secrets-demo": Internal error occurred: injected fault \(gave up after 5 attempts\)\./);
    assert.equal(k8s.faults.applied, 5);
  });

  it('does not retry 401/403/404/422', async () => {
    k8s.faults.add({ method: 'GET', action: { kind: 'status', status: 403 } });
    failure(await backend().listKeys('demo'));
    assert.equal(k8s.faults.applied, 1);
  });

  it('times out on a server that never answers', async () => {
    k8s.faults.add({ action: { kind: 'hang' } });
    const started = Date.now();
    const f = failure(await backend({ timeoutMs: 300 }).listKeys('demo'));
    assert.equal(f.kind, 'unreachable');
    assert.match(f.message, /did not answer within 0\.3 s while reading Secret/);
    assert.ok(Date.now() - started < 5000);
  });

  it('answers slow responses within the timeout', async () => {
    k8s.faults.next(1, { kind: 'delay', ms: 150 });
    assert.ok((await backend({ timeoutMs: 5000 }).listKeys('demo')).ok);
  });

  it('is cancelled by the caller\'s AbortSignal', async () => {
    k8s.faults.add({ action: { kind: 'hang' } });
    const controller = new AbortController();
    const pending = backend().listKeys('demo', controller.signal);
    setTimeout(() => controller.abort(), 50);
    assert.equal(failure(await pending).kind, 'cancelled');
    const already = await backend().listKeys('demo', AbortSignal.abort());
    assert.equal(failure(already).kind, 'cancelled');
  });

  it('says so when the server certificate is not trusted', async () => {
    const other = createTestTls();
    const kubeconfigPath = k8s.writeKubeconfig({ ca: 'none' });
    const f = failure(await backend({ kubeconfigPath }).listKeys('demo'));
    assert.equal(f.kind, 'unreachable');
    assert.match(f.message, /^Cannot trust the Kubernetes API server at https:\/\/127\.0\.0\.1:\d+: .*certificate-authority/);
    // A CA that did not sign the server certificate is no better.
    const wrongCa = k8s.writeKubeconfig({ ca: 'data' });
    const fs = await import('node:fs');
    fs.writeFileSync(wrongCa, fs.readFileSync(wrongCa, 'utf8').replace(Buffer.from(k8s.caPem).toString('base64'), Buffer.from(other.caPem).toString('base64')));
    assert.equal(failure(await backend({ kubeconfigPath: wrongCa }).listKeys('demo')).kind, 'unreachable');
  });

  it('says so when nothing listens', async () => {
    const { copyFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'kc-'));
    const kubeconfigPath = join(dir, 'config');
    copyFileSync(k8s.writeKubeconfig({}), kubeconfigPath);
    await k8s.stop();
    try {
      const f = failure(await backend({ kubeconfigPath }).listKeys('demo'));
      assert.equal(f.kind, 'unreachable');
      assert.match(f.message, /connection was refused/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      k8s = await startKubernetesDouble();
    }
  });

  it('leaves nothing half-written when a set fails', async () => {
    k8s.state.putSecret(NS, SECRET, { A: 'old' });
    k8s.faults.add({ method: 'PATCH', action: { kind: 'status', status: 500 } });
    const f = failure(await backend().setSecrets('demo', new Map([['A', 'new'], ['B', 'b']])));
    assert.equal(f.kind, 'serverError');
    assert.deepEqual(k8s.state.secretData(NS, SECRET), { A: 'old' });
  });
});
