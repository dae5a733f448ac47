import assert from 'node:assert/strict';
import { createKubernetesBackend, type KubernetesBackend } from '../../../client/src/backends/kubernetes';
import { createMlrunApiBackend, type MlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { instantRetry } from './support/fixtures';

describe('Kubernetes and MLRun API backends see the same project Secret', () => {
  let k8s: KubernetesDouble;
  let mlrun: MlrunDouble;
  let kube: KubernetesBackend;
  let api: MlrunApiBackend;

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
    mlrun = await startMlrunDouble({ kube: k8s.state, projects: ['shared', 'twin-a', 'twin-b'] });
    api = createMlrunApiBackend({ endpoint: mlrun.url, retry: instantRetry() });
    // No namespace setting: it comes from the MLRun API's client-spec, as the extension wires it.
    kube = createKubernetesBackend({
      kubeconfigPath: k8s.kubeconfigPath,
      mlrunNamespace: async () => {
        const spec = await api.clientSpec();
        return spec.ok ? spec.value.namespace : undefined;
      },
      retry: instantRetry(),
    });
  });
  afterEach(async () => {
    await Promise.all([mlrun.stop(), k8s.stop()]);
  });

  it('a key set through the MLRun API is listed and readable through Kubernetes, and the reverse', async () => {
    assert.ok((await api.setSecrets('shared', new Map([['FROM_API', 'ä-api']]))).ok);
    assert.ok((await kube.setSecrets('shared', new Map([['FROM_K8S', 'ö-k8s']]))).ok);
    assert.equal(kube.connection()?.namespace, 'mlrun');
    assert.equal(kube.connection()?.namespaceSource, 'mlrunApi');
    assert.deepEqual(await kube.listKeys('shared').then(r => r.ok && r.value.map(k => k.name)), ['FROM_API', 'FROM_K8S']);
    assert.deepEqual(await api.listKeys('shared'), { ok: true, value: [{ name: 'FROM_API' }, { name: 'FROM_K8S' }] });
    const read = await kube.readValues('shared', ['FROM_API', 'FROM_K8S']);
    assert.ok(read.ok);
    assert.deepEqual(Object.fromEntries(read.value), { FROM_API: 'ä-api', FROM_K8S: 'ö-k8s' });
    assert.deepEqual(await api.deleteSecrets('shared', ['FROM_K8S']), { ok: true, value: { deleted: ['FROM_K8S'], notDeleted: [] } });
    assert.deepEqual(await kube.deleteSecrets('shared', ['FROM_API']), { ok: true, value: { deleted: ['FROM_API'], notDeleted: [] } });
    assert.equal(k8s.state.secret('mlrun', 'mlrun-project-secrets-shared'), undefined);
  });

  it('the Kubernetes backend writes the same Secret MLRun itself writes for the same input', async () => {
    const values = new Map([['A', 'plain'], ['b.c', 'ünïcødé ✓'], ['D-E_F', 'multi\nline\tvalue']]);
    assert.ok((await api.setSecrets('twin-a', values)).ok);
    assert.ok((await kube.setSecrets('twin-b', values)).ok);
    const viaMlrun = k8s.state.secret('mlrun', 'mlrun-project-secrets-twin-a')!;
    const viaKube = k8s.state.secret('mlrun', 'mlrun-project-secrets-twin-b')!;
    assert.deepEqual(viaKube.data, viaMlrun.data);
    assert.equal(viaKube.type, viaMlrun.type);
    assert.deepEqual(viaKube.metadata.labels, viaMlrun.metadata.labels);
    assert.deepEqual(viaKube.metadata.annotations, viaMlrun.metadata.annotations);
    assert.deepEqual(Object.keys(viaKube).sort(), Object.keys(viaMlrun).sort());
  });

  it('MLRun hides internal keys the Kubernetes backend also hides, and neither can touch them', async () => {
    k8s.state.putSecret('mlrun', 'mlrun-project-secrets-shared', { USER: 'u', 'mlrun.schedules.nightly.access_key': 'x' });
    assert.deepEqual(await api.listKeys('shared'), { ok: true, value: [{ name: 'USER' }] });
    assert.deepEqual(await kube.listKeys('shared').then(r => r.ok && r.value.map(k => k.name)), ['USER']);
    assert.equal((await kube.deleteSecrets('shared', ['mlrun.schedules.nightly.access_key'])).ok, false);
    assert.equal((await api.deleteSecrets('shared', ['mlrun.schedules.nightly.access_key'])).ok, false);
    assert.deepEqual(await kube.deleteSecrets('shared', ['USER']), { ok: true, value: { deleted: ['USER'], notDeleted: [] } });
    assert.deepEqual(k8s.state.secretData('mlrun', 'mlrun-project-secrets-shared'), { 'mlrun.schedules.nightly.access_key': 'x' });
  });
});
