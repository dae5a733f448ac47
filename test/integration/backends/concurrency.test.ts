import assert from 'node:assert/strict';
import { createKubernetesBackend } from '../../../client/src/backends/kubernetes';
import { createLocalBackend } from '../../../client/src/backends/local';
import { createMlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import type { SecretBackend } from '../../../client/src/backends/types';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { seededRandom, testSeed } from '../../util/random';
import { MemoryStore, shuffle } from './support/fixtures';

const WRITERS = 20;

/** Each writer sets 1–3 keys of its own (and one shared key); returns what the project must hold afterwards. */
function plan(random: () => number): { writes: Map<string, string>[]; expected: Record<string, string> } {
  const writes: Map<string, string>[] = [];
  const expected: Record<string, string> = {};
  for (let w = 0; w < WRITERS; w++) {
    const m = new Map<string, string>();
    const n = 1 + Math.floor(random() * 3);
    for (let i = 0; i < n; i++) {
      const key = `W${w}_K${i}`;
      const value = `value-${w}-${i}-${Math.floor(random() * 1e9)}`;
      m.set(key, value);
      expected[key] = value;
    }
    writes.push(m);
  }
  return { writes, expected };
}

async function writeConcurrently(backends: SecretBackend[], writes: Map<string, string>[], random: () => number): Promise<void> {
  const order = shuffle([...writes.keys()], random);
  const results = await Promise.all(order.map(i => backends[i % backends.length]!.setSecrets('race', writes[i]!)));
  for (const r of results) assert.ok(r.ok, JSON.stringify(r));
}

describe(`${WRITERS} concurrent writers to one project lose no key`, () => {
  let k8s: KubernetesDouble;
  let mlrun: MlrunDouble;

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
    mlrun = await startMlrunDouble({ kube: k8s.state, projects: ['race'] });
  });
  afterEach(async () => {
    await Promise.all([mlrun.stop(), k8s.stop()]);
  });

  it('through the Kubernetes backend (20 clients, starting with no Secret)', async () => {
    const random = seededRandom(testSeed('kubernetes writers'));
    const { writes, expected } = plan(random);
    const backends = writes.map(() => createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: 'mlrun', retry: { attempts: 10, baseDelayMs: 5, maxDelayMs: 100, random } }));
    await writeConcurrently(backends, writes, random);
    assert.deepEqual(k8s.state.secretData('mlrun', 'mlrun-project-secrets-race'), expected);
    const creates = k8s.requests.filter(r => r.method === 'POST');
    assert.ok(creates.length >= 1);
    assert.equal(creates.filter(r => r.status === 201).length, 1, 'exactly one writer created the Secret');
  });

  it('through the MLRun API backend (MLRun\'s own read-modify-replace contends and answers 500; the client retries)', async () => {
    mlrun.state.kubeLatencyMs = 5;
    const random = seededRandom(testSeed('mlrun writers'));
    const { writes, expected } = plan(random);
    const backends = writes.map(() => createMlrunApiBackend({ endpoint: mlrun.url, retry: { attempts: 12, baseDelayMs: 10, maxDelayMs: 200, random } }));
    await writeConcurrently(backends, writes, random);
    assert.deepEqual(mlrun.state.secretData('race'), expected);
    assert.ok(mlrun.state.conflicts > 0, 'the writers really contended inside MLRun');
  });

  it('through the local backend (one store, writes serialised)', async () => {
    const random = seededRandom(testSeed('local writers'));
    const { writes, expected } = plan(random);
    const local = createLocalBackend({ store: new MemoryStore() });
    await writeConcurrently([local], writes, random);
    const keys = await local.listKeys('race');
    assert.ok(keys.ok);
    assert.deepEqual(keys.value.map(k => k.name), Object.keys(expected).sort());
    const values = await local.readValues('race', Object.keys(expected));
    assert.ok(values.ok);
    assert.deepEqual(Object.fromEntries(values.value), expected);
  });

  it('mixed: Kubernetes and MLRun API writers on the same Secret at once', async () => {
    const random = seededRandom(testSeed('mixed writers'));
    const { writes, expected } = plan(random);
    const backends: SecretBackend[] = writes.map((_, i) => i % 2 === 0
      ? createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: 'mlrun', retry: { attempts: 10, baseDelayMs: 5, maxDelayMs: 100, random } })
      : createMlrunApiBackend({ endpoint: mlrun.url, retry: { attempts: 12, baseDelayMs: 10, maxDelayMs: 200, random } }));
    await writeConcurrently(backends, writes, random);
    assert.deepEqual(mlrun.state.secretData('race'), expected);
  });
});
