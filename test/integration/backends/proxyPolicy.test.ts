/**
 * One proxy policy (client/src/backends/common/proxy.ts) for the three remote backends, against a loopback proxy
 * double: the same policy sends Kubernetes, the MLRun API, Key Vault and Entra sign-in through the proxy (with its
 * credentials), and `noProxy` sends them direct. A kubeconfig's own `proxy-url` wins for its cluster.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { proxyPolicy, proxyFor, type ProxyPolicy } from '../../../client/src/backends/common/proxy';
import { loadKubernetesBackend } from '../../../client/src/backends/load';
import { createMlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { setup as azureSetup, type Env as AzureEnv } from '../azure/harness';
import { instantRetry } from './support/fixtures';
import { startProxy, type TestProxy } from './support/proxy';

describe('one proxy policy for Kubernetes, the MLRun API and Azure Key Vault (loopback proxy double)', () => {
  let proxy: TestProxy;
  let k8s: KubernetesDouble;
  let mlrun: MlrunDouble;
  let azure: AzureEnv;
  let dir: string;
  let caFile: string;
  const kube = loadKubernetesBackend();

  before(async () => {
    proxy = await startProxy({ requireAuth: 'px:pw', resolveTo: '127.0.0.1' });
    k8s = await startKubernetesDouble();
    mlrun = await startMlrunDouble({ auth: { mode: 'none' }, projects: ['demo'], tls: true });
    azure = await azureSetup();
    azure.doubles.addVault('team-vault').set('A', { value: '1' });
    dir = mkdtempSync(join(tmpdir(), 'mlrun-proxy-ca-'));
    caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, mlrun.caPem!);
  });
  after(async () => {
    await azure.close();
    await mlrun.stop();
    await k8s.stop();
    await proxy.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    proxy.seen.length = 0;
  });

  const withCredentials = (): string => {
    const u = new URL(proxy.url);
    u.username = 'px';
    u.password = 'pw';
    return u.href;
  };

  async function everyBackend(policy: ProxyPolicy): Promise<void> {
    const k = kube.createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: 'mlrun', retry: instantRetry(), proxy: policy });
    const listed = await k.listKeys('demo');
    assert.ok(listed.ok, JSON.stringify(listed));

    const m = createMlrunApiBackend({ endpoint: mlrun.url, caFile, retry: instantRetry(), ...(proxyFor(policy, mlrun.url) ? { proxyUrl: proxyFor(policy, mlrun.url)!.href } : {}) });
    const projects = await m.listProjects();
    assert.ok(projects.ok, JSON.stringify(projects));

    const vault = azure.makeBackend({ transport: { ca: azure.doubles.caPem }, proxy: policy }).vault('demo', 'team-vault');
    assert.ok(vault.ok);
    const keys = await vault.value.listKeys();
    assert.ok(keys.ok, JSON.stringify(keys));
  }

  it('VS Code\'s http.proxy (with credentials) carries every backend\'s requests, TLS end to end', async () => {
    await everyBackend(proxyPolicy({ proxy: withCredentials(), noProxy: [] }, {}));
    const k8sHost = new URL(k8s.url).host;
    const mlrunHost = new URL(mlrun.url).host;
    const entraHost = new URL(azure.doubles.entraUrl).host;
    const vaultHost = `team-vault.vault.localhost:${azure.doubles.vaultPort}`;
    for (const host of [k8sHost, mlrunHost, entraHost, vaultHost]) assert.ok(proxy.seen.includes(host), `${host} went through the proxy (seen: ${proxy.seen.join(', ')})`);
  });

  it('the environment\'s HTTPS_PROXY when VS Code names none; NO_PROXY hosts go direct', async () => {
    const policy = proxyPolicy({ proxy: '', noProxy: [] }, { HTTPS_PROXY: withCredentials(), NO_PROXY: '127.0.0.1' });
    assert.equal(proxyFor(policy, k8s.url), undefined);
    // Kubernetes and Entra (127.0.0.1) go direct; the vault's host name is not in NO_PROXY: through the proxy.
    const k = kube.createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: 'mlrun', retry: instantRetry(), proxy: policy });
    assert.ok((await k.listKeys('demo')).ok);
    const vault = azure.makeBackend({ transport: { ca: azure.doubles.caPem }, proxy: policy }).vault('demo', 'team-vault');
    assert.ok(vault.ok);
    assert.ok((await vault.value.listKeys()).ok);
    assert.deepEqual([...new Set(proxy.seen)], [`team-vault.vault.localhost:${azure.doubles.vaultPort}`], 'only the vault, whose host NO_PROXY does not name');
  });

  it('http.noProxy sends Kubernetes and the MLRun API direct', async () => {
    const policy = proxyPolicy({ proxy: withCredentials(), noProxy: ['127.0.0.1'] }, {});
    const k = kube.createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: 'mlrun', retry: instantRetry(), proxy: policy });
    assert.ok((await k.listKeys('demo')).ok);
    const m = createMlrunApiBackend({ endpoint: mlrun.url, caFile, retry: instantRetry(), ...(proxyFor(policy, mlrun.url) ? { proxyUrl: proxyFor(policy, mlrun.url)!.href } : {}) });
    assert.ok((await m.listProjects()).ok);
    assert.deepEqual(proxy.seen, []);
  });

  it('a kubeconfig cluster\'s own proxy-url wins over the policy', async () => {
    const own = await startProxy();
    try {
      const kubeconfigPath = k8s.writeKubeconfig({ proxyUrl: own.url });
      const k = kube.createKubernetesBackend({ kubeconfigPath, namespace: 'mlrun', retry: instantRetry(), proxy: proxyPolicy({ proxy: withCredentials() }, {}) });
      assert.ok((await k.listKeys('demo')).ok);
      assert.deepEqual(own.seen, [new URL(k8s.url).host]);
      assert.deepEqual(proxy.seen, []);
    } finally {
      await own.stop();
    }
  });

  it('a proxy that refuses the credentials fails the call with a proxy sentence', async () => {
    const k = kube.createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: 'mlrun', retry: instantRetry(), proxy: proxyPolicy({ proxy: proxy.url }, {}) });
    const r = await k.listKeys('demo');
    assert.equal(r.ok, false);
    const vault = azure.makeBackend({ transport: { ca: azure.doubles.caPem }, proxy: proxyPolicy({ proxy: proxy.url }, {}) }).vault('demo', 'team-vault');
    assert.ok(vault.ok);
    const v = await vault.value.listKeys();
    assert.equal(v.ok, false);
    assert.match(!v.ok ? v.error.message : '', /407|proxy/i);
  });
});
