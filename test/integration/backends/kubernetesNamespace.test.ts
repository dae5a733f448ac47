/**
 * Writes land where MLRun reads: without the setting or an MLRun client-spec namespace, the Kubernetes backend
 * reads from the context's namespace but asks (once per context) before its first write, with the namespace and
 * the reason; without anyone to ask it refuses. Against the Kubernetes double.
 */
import assert from 'node:assert/strict';
import { loadKubernetesBackend } from '../../../client/src/backends/load';
import type { KubernetesBackendOptions } from '../../../client/src/backends/kubernetes';
import type { NamespaceConfirmer, NamespaceQuestion } from '../../../client/src/backends/kubernetes/namespace';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { canaryValue, capturingLogger, containsCanary, instantRetry } from './support/fixtures';

const SECRET = 'mlrun-project-secrets-demo';

/** A confirmer that answers from a script and remembers like the real one (per server and context). */
function scriptedConfirmer(answer: (q: NamespaceQuestion) => string | undefined): NamespaceConfirmer & { asked: NamespaceQuestion[]; memory: Map<string, string> } {
  const asked: NamespaceQuestion[] = [];
  const memory = new Map<string, string>();
  return {
    asked,
    memory,
    remembered: (context, server) => memory.get(`${server}#${context}`),
    async ask(q) {
      asked.push(q);
      await new Promise(r => setTimeout(r, 10));
      const a = answer(q);
      if (a) memory.set(`${q.server}#${q.context}`, a);
      return a;
    },
  };
}

describe('Kubernetes backend: the namespace of project Secrets', () => {
  let k8s: KubernetesDouble;
  const mod = loadKubernetesBackend();
  let kubeconfigPath: string;
  const backend = (o: KubernetesBackendOptions = {}) => mod.createKubernetesBackend({ kubeconfigPath, namespace: '', retry: instantRetry(), ...o });

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
    kubeconfigPath = k8s.writeKubeconfig({ namespace: 'kube-system' });
  });
  afterEach(async () => {
    await k8s.stop();
  });

  it('reads from the context\'s namespace, but a write with nobody to ask is refused with the reason, and nothing is written', async () => {
    k8s.state.putSecret('kube-system', SECRET, { A: '1' });
    const b = backend();
    assert.deepEqual(await b.listKeys('demo'), { ok: true, value: [{ name: 'A', detail: { secret: SECRET, namespace: 'kube-system' } }] });
    assert.equal(b.connection()?.namespaceUnconfirmed, 'no MLRun API endpoint is configured');
    const canary = canaryValue();
    const r = await b.setSecrets('demo', new Map([['B', canary]]));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error.message, 'MLRun Secrets will not write project Secrets to namespace "kube-system": MLRun reads them from the namespace its API server runs in, and that is unknown (no MLRun API endpoint is configured). Set mlrunSecrets.kubernetes.namespace, or configure the MLRun API endpoint.');
    assert.equal(containsCanary(JSON.stringify(r), canary), false);
    assert.deepEqual(k8s.requests.filter(q => q.method !== 'GET'), []);
    const del = await b.deleteSecrets('demo', ['A']);
    assert.equal(del.ok, false);
    assert.deepEqual(k8s.state.secretData('kube-system', SECRET), { A: '1' });
  });

  it('asks once for concurrent writes; another namespace answered reconnects there, and is remembered for this context', async () => {
    const confirmer = scriptedConfirmer(() => 'mlrun');
    const logger = capturingLogger();
    const b = backend({ confirmer, logger, mlrunNamespace: async () => { throw new Error('connect ECONNREFUSED 127.0.0.1:1'); } });
    const values = [canaryValue(), canaryValue()];
    const [r1, r2] = await Promise.all([b.setSecrets('demo', new Map([['K1', values[0]!]])), b.setSecrets('demo', new Map([['K2', values[1]!]]))]);
    assert.ok(r1.ok && r2.ok);
    assert.equal(confirmer.asked.length, 1, 'one question for both writes');
    assert.deepEqual({ ...confirmer.asked[0], server: undefined }, {
      context: 'double', server: undefined, proposed: 'kube-system', proposedFrom: 'context',
      why: "the MLRun API's client-spec could not be read (connect ECONNREFUSED 127.0.0.1:1)",
    });
    assert.deepEqual(Object.keys(k8s.state.secretData('mlrun', SECRET) ?? {}).sort(), ['K1', 'K2']);
    assert.equal(k8s.state.secretData('kube-system', SECRET), undefined);
    assert.equal(b.connection()?.namespace, 'mlrun');
    assert.equal(b.connection()?.namespaceSource, 'confirmed');
    for (const v of values) assert.equal(containsCanary(logger.lines.join('\n'), v), false);
    // A new backend for the same context uses the remembered answer for reads and writes, without asking.
    const again = backend({ confirmer });
    assert.ok((await again.setSecrets('demo', new Map([['K3', 'v3-value']]))).ok);
    assert.equal(confirmer.asked.length, 1);
    assert.equal(again.connection()?.namespaceSource, 'confirmed');
    assert.ok('K3' in (k8s.state.secretData('mlrun', SECRET) ?? {}));
  });

  it('a declined question writes nothing; the reason names what is missing; the setting and client-spec never ask', async () => {
    const declined = scriptedConfirmer(() => undefined);
    const r = await backend({ confirmer: declined, kubeconfigPath: k8s.writeKubeconfig({ fileName: 'nons.yaml' }), mlrunNamespace: async () => '' }).setSecrets('demo', new Map([['K', 'v-1']]));
    assert.equal(!r.ok && r.error.kind, 'cancelled');
    assert.deepEqual(declined.asked.map(q => [q.proposed, q.proposedFrom, q.why]), [['default', 'default', "the MLRun API's client-spec reports no namespace"]]);
    assert.deepEqual(k8s.requests.filter(q => q.method !== 'GET'), []);
    const never = scriptedConfirmer(() => 'kube-system');
    assert.ok((await backend({ confirmer: never, namespace: 'mlrun' }).setSecrets('demo', new Map([['A', 'v-a']]))).ok);
    assert.ok((await backend({ confirmer: never, mlrunNamespace: async () => 'mlrun' }).setSecrets('demo', new Map([['B', 'v-b']]))).ok);
    assert.equal(never.asked.length, 0);
    assert.deepEqual(Object.keys(k8s.state.secretData('mlrun', SECRET) ?? {}).sort(), ['A', 'B']);
  });

  it('confirmWriteNamespace (used before a Kubernetes Job that reads the project Secret) asks the same way', async () => {
    const confirmer = scriptedConfirmer(q => q.proposed);
    const b = backend({ confirmer });
    const c = await b.confirmWriteNamespace();
    assert.ok(c.ok);
    assert.equal(c.value.info.namespace, 'kube-system');
    assert.equal(c.value.info.namespaceSource, 'confirmed');
    assert.equal((await b.confirmWriteNamespace()).ok, true);
    assert.equal(confirmer.asked.length, 1);
  });
});
