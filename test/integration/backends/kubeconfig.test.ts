import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createKubernetesBackend, listKubeContexts, loadKubeconfig, kubeContextNamespace } from '../../../client/src/backends/kubernetes';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import type { KubeconfigOptions } from '../../doubles/kubernetes/kubeconfig';
import { instantRetry } from './support/fixtures';
import { startProxy } from './support/proxy';

describe('Kubernetes backend: everything kubeconfig can say', () => {
  let k8s: KubernetesDouble;
  let dir: string;

  before(async () => {
    k8s = await startKubernetesDouble();
  });
  after(async () => {
    await k8s.stop();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubeconfig-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function works(options: KubeconfigOptions): Promise<void> {
    const kubeconfigPath = k8s.writeKubeconfig(options);
    const b = createKubernetesBackend({ kubeconfigPath, namespace: 'mlrun', retry: instantRetry() });
    const before = k8s.requests.length;
    const r = await b.setSecrets('kc', new Map([['K', 'v']]));
    assert.ok(r.ok, JSON.stringify(r));
    assert.ok(k8s.requests.length > before);
  }

  it('bearer token, CA inline', () => works({ auth: 'token' }));
  it('CA from a file', () => works({ ca: 'file' }));
  it('token from a tokenFile', () => works({ auth: 'tokenFile' }));
  it('basic auth', () => works({ auth: 'basic' }));
  it('client certificate and key inline', async () => {
    await works({ auth: 'clientCertificate' });
    assert.equal(k8s.requests[k8s.requests.length - 1]!.headers.authorization, undefined, 'no token: the certificate authenticated');
  });
  it('client certificate and key files', () => works({ auth: 'clientCertificateFiles' }));
  it('exec credential plugin', async () => {
    k8s.state.addToken('exec-issued-token', { name: 'exec-user' });
    await works({ auth: 'exec', token: 'exec-issued-token' });
    assert.equal(k8s.requests[k8s.requests.length - 1]!.headers.authorization, 'Bearer exec-issued-token');
  });
  it('OIDC auth provider with a valid id-token', () => works({ auth: 'oidc' }));
  it('insecure-skip-tls-verify without a CA', () => works({ insecureSkipTlsVerify: true }));
  it('localhost and ::1 as server names', async () => {
    const port = new URL(k8s.url).port;
    await works({ server: `https://localhost:${port}` });
    const v6 = await startKubernetesDouble({ host: '::1' });
    try {
      assert.match(v6.url, /^https:\/\/\[::1\]:\d+$/);
      const r = await createKubernetesBackend({ kubeconfigPath: v6.kubeconfigPath, namespace: 'mlrun', retry: instantRetry() }).setSecrets('kc', new Map([['K', 'v']]));
      assert.ok(r.ok, JSON.stringify(r));
      assert.deepEqual(v6.state.secretData('mlrun', 'mlrun-project-secrets-kc'), { K: 'v' });
    } finally {
      await v6.stop();
    }
  });

  it('proxy-url (CONNECT tunnel)', async () => {
    const proxy = await startProxy();
    try {
      await works({ proxyUrl: proxy.url });
      assert.ok(proxy.seen.some(s => s === new URL(k8s.url).host), `proxy saw ${proxy.seen.join(', ')}`);
    } finally {
      await proxy.stop();
    }
  });

  it('an expired OIDC id-token without a refresh token is a 401 with a clear message', async () => {
    const kubeconfigPath = k8s.writeKubeconfig({ auth: 'oidc', expiredIdToken: true });
    const r = await createKubernetesBackend({ kubeconfigPath, namespace: 'mlrun', retry: instantRetry() }).listKeys('kc');
    assert.equal(!r.ok && r.error.kind, 'unauthorized');
  });

  it('an exec plugin that fails or does not exist', async () => {
    const failing = k8s.writeKubeconfig({ auth: 'exec' });
    const script = /args:\n\s+- (.+)\n/.exec(readFileSync(failing, 'utf8'))![1]!.trim();
    writeFileSync(script, 'process.stderr.write("token expired: run login\\n"); process.exit(3);\n');
    let r = await createKubernetesBackend({ kubeconfigPath: failing, namespace: 'mlrun' }).listKeys('kc');
    assert.equal(!r.ok && r.error.kind, 'unauthorized');
    assert.match(!r.ok ? r.error.message : '', /Could not get credentials for context "double": token expired: run login/);

    const missing = k8s.writeKubeconfig({ auth: 'exec' });
    writeFileSync(missing, readFileSync(missing, 'utf8').replace(/command: .+/, 'command: no-such-credential-helper-xyz'));
    r = await createKubernetesBackend({ kubeconfigPath: missing, namespace: 'mlrun' }).listKeys('kc');
    assert.equal(!r.ok && r.error.kind, 'unauthorized');
    assert.match(!r.ok ? r.error.message : '', /could not be started \(ENOENT\): is "no-such-credential-helper-xyz" installed/);
  });

  it('malformed YAML: the file and line, never the content', () => {
    const path = join(dir, 'config');
    writeFileSync(path, 'apiVersion: v1\nusers:\n- name: u\n  user:\n    token: sup3r-s3cret-token\n   bad: [unclosed\n');
    const r = loadKubeconfig({ kubeconfigPath: path });
    assert.equal(!r.ok && r.error.kind, 'invalid');
    const message = !r.ok ? r.error.message : '';
    assert.match(message, new RegExp(`^The kubeconfig ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid YAML at line \\d+, column \\d+: `));
    assert.doesNotMatch(message, /sup3r-s3cret-token/);
  });

  it('a file that is YAML but not a kubeconfig', () => {
    const path = join(dir, 'config');
    writeFileSync(path, '- just\n- a list\n');
    const r = loadKubeconfig({ kubeconfigPath: path });
    assert.match(!r.ok ? r.error.message : '', /is not valid: it is not a YAML mapping/);
    writeFileSync(path, 'clusters:\n- name: c\n  cluster: {}\ncontexts: []\n');
    const r2 = loadKubeconfig({ kubeconfigPath: path });
    assert.match(!r2.ok ? r2.error.message : '', /clusters\[0\]\.cluster\.server is missing/);
  });

  it('a missing context, and no current-context', () => {
    const path = k8s.writeKubeconfig({ extraContexts: [{ name: 'other', namespace: 'x' }] });
    const r = loadKubeconfig({ kubeconfigPath: path, context: 'nope' });
    assert.equal(!r.ok && r.error.kind, 'notFound');
    assert.match(!r.ok ? r.error.message : '', /Context "nope" is not in the kubeconfig .* \(it has: double, other\)\./);
    const none = k8s.writeKubeconfig({ currentContext: null });
    const r2 = loadKubeconfig({ kubeconfigPath: none });
    assert.match(!r2.ok ? r2.error.message : '', /has no current-context; pick a context/);
  });

  it('an unreadable client certificate or CA file is reported before any request', async () => {
    const path = k8s.writeKubeconfig({ auth: 'clientCertificateFiles' });
    const certFile = /client-certificate: (.+)/.exec(readFileSync(path, 'utf8'))![1]!.trim();
    rmSync(certFile);
    const before = k8s.requests.length;
    const r = await createKubernetesBackend({ kubeconfigPath: path, namespace: 'mlrun' }).listKeys('kc');
    assert.equal(!r.ok && r.error.kind, 'invalid');
    assert.equal(!r.ok ? r.error.message : '', `Cannot read the client-certificate file ${certFile} named by user "double-user" in the kubeconfig (ENOENT).`);
    assert.equal(k8s.requests.length, before);

    if (process.getuid?.() !== 0) {
      const caPath = k8s.writeKubeconfig({ ca: 'file' });
      const caFile = /certificate-authority: (.+)/.exec(readFileSync(caPath, 'utf8'))![1]!.trim();
      chmodSync(caFile, 0o000);
      const r2 = loadKubeconfig({ kubeconfigPath: caPath });
      assert.match(!r2.ok ? r2.error.message : '', /Cannot read the certificate-authority file .* \(EACCES\)/);
    }
  });

  it('relative paths are resolved against the kubeconfig\'s folder', async () => {
    const source = readFileSync(k8s.writeKubeconfig({ ca: 'file' }), 'utf8');
    const caFile = /certificate-authority: (.+)/.exec(source)![1]!.trim();
    writeFileSync(join(dir, 'ca.crt'), readFileSync(caFile));
    writeFileSync(join(dir, 'config'), source.replace(caFile, 'ca.crt'));
    const r = await createKubernetesBackend({ kubeconfigPath: join(dir, 'config'), namespace: 'mlrun' }).listKeys('kc');
    assert.ok(r.ok, JSON.stringify(r));
  });

  it('KUBECONFIG with several files (missing ones skipped, first definition wins), ~/.kube/config, and none at all', () => {
    const a = k8s.writeKubeconfig({ contextName: 'first', namespace: 'ns-a' });
    const b = k8s.writeKubeconfig({ contextName: 'second', extraContexts: [{ name: 'first', namespace: 'ns-b' }] });
    const env = { KUBECONFIG: [join(dir, 'missing'), a, b].join(delimiter) };
    const r = listKubeContexts({ env, homeDir: dir });
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.value.files, [a, b]);
    assert.equal(r.value.currentContext, 'first');
    assert.deepEqual(r.value.contexts.map(c => [c.name, c.namespace]), [['first', 'ns-a'], ['second', undefined]]);
    assert.deepEqual(kubeContextNamespace({ env, homeDir: dir }), { ok: true, value: 'ns-a' });

    const none = listKubeContexts({ env: {}, homeDir: dir });
    assert.equal(!none.ok && none.error.kind, 'notFound');
    assert.match(!none.ok ? none.error.message : '', /No kubeconfig found at .*\.kube.config; set KUBECONFIG or the mlrunSecrets\.kubernetes\.kubeconfig setting\./);
    const setting = listKubeContexts({ kubeconfigPath: join(dir, 'nope.yaml'), env: {}, homeDir: dir });
    assert.match(!setting.ok ? setting.error.message : '', /named by the mlrunSecrets\.kubernetes\.kubeconfig setting does not exist/);
  });
});
