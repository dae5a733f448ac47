/**
 * Issue 16 item 7: names that are Object.prototype's own (`__proto__`, `constructor`, `prototype`, `toString`,
 * `hasOwnProperty`) are ordinary keys and project names in every backend: stored, listed, read back and deleted
 * exactly — through the real SDKs and HTTP(S) to the doubles, and in the local store. (Project names are DNS labels,
 * so `__proto__` and mixed case are not among them; Key Vault names allow letters, digits and `-` only.)
 */
import assert from 'node:assert/strict';
import { createKubernetesBackend } from '../../../client/src/backends/kubernetes';
import { createLocalBackend } from '../../../client/src/backends/local';
import { createMlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import type { SecretBackend } from '../../../client/src/backends/types';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { CRED_SECRET, PROJECT, setup as setupAzure } from '../azure/harness';
import { instantRetry, MemoryStore, must } from '../backends/support/fixtures';

const KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const PROJECTS = ['constructor', 'prototype', 'tostring', 'hasownproperty', 'valueof'];

function valuesFor(keys: readonly string[]): Map<string, string> {
  return new Map(keys.map((k, i) => [k, `value-${i}-of-${k.length}`]));
}

/** Set, list, read back (when the backend can), delete some, list again: every name as written. */
async function roundTrip(backend: SecretBackend, project: string, keys: readonly string[]): Promise<void> {
  must(await backend.setSecrets(project, valuesFor(keys)));
  assert.deepEqual(must(await backend.listKeys(project)).map(k => k.name), [...keys].sort());
  if (backend.readValues) {
    const read = must(await backend.readValues(project, keys));
    assert.deepEqual([...read.keys()].sort(), [...keys].sort());
    for (const [k, v] of valuesFor(keys)) assert.equal(read.get(k) === v, true, `key ${k} reads back exactly`);
  }
  const gone = keys.slice(0, 2);
  const report = must(await backend.deleteSecrets(project, gone));
  assert.deepEqual([...report.deleted].sort(), [...gone].sort());
  assert.deepEqual(report.notDeleted, []);
  assert.deepEqual(must(await backend.listKeys(project)).map(k => k.name), keys.slice(2).sort());
}

describe('keys and projects named like Object.prototype members are ordinary names', function () {
  this.timeout(60_000);

  it('local store: keys and project names', async () => {
    const backend = createLocalBackend({ store: new MemoryStore() });
    for (const p of PROJECTS) await roundTrip(backend, p, KEYS);
    assert.deepEqual(must(await backend.listProjects()), [...PROJECTS].sort());
    assert.deepEqual(must(await backend.listKeys('not-there')), [], 'an unknown project has no keys (no inherited member)');
  });

  describe('over the doubles', () => {
    let k8s: KubernetesDouble;
    let mlrun: MlrunDouble;
    before(async () => {
      k8s = await startKubernetesDouble();
      mlrun = await startMlrunDouble({ kube: k8s.state, projects: PROJECTS, namespace: 'mlrun' });
    });
    after(() => Promise.all([mlrun.stop(), k8s.stop()]));

    it('Kubernetes: keys written, listed, read, patched and deleted exactly; projects listed', async () => {
      const backend = createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: 'mlrun', retry: instantRetry(1) });
      for (const p of PROJECTS) await roundTrip(backend, `k8s-${p}`, KEYS);
      // A second write patches the existing Secret: `__proto__` survives the merge too.
      must(await backend.setSecrets('k8s-constructor', valuesFor(['__proto__'])));
      assert.equal(Object.prototype.hasOwnProperty.call(k8s.state.secretData('mlrun', 'mlrun-project-secrets-k8s-constructor'), '__proto__'), true, 'the Secret holds the key');
      for (const p of PROJECTS) assert.ok(must(await backend.listProjects()).includes(`k8s-${p}`));
    });

    it('MLRun API: keys stored, listed and deleted exactly; projects listed', async () => {
      const backend = createMlrunApiBackend({ endpoint: mlrun.url, retry: instantRetry(1) });
      for (const p of PROJECTS) await roundTrip(backend, p, KEYS);
      assert.deepEqual(must(await backend.listProjects()).filter(p => PROJECTS.includes(p)).sort(), [...PROJECTS].sort());
    });
  });

  it('Azure Key Vault: secret names and a project named constructor; an unconfigured one is just absent', async () => {
    const env = await setupAzure({ constructor: ['team-vault'], prototype: ['team-vault'] });
    try {
      env.doubles.addVault('team-vault');
      const names = ['constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
      const scope = env.scope('team-vault', 'constructor');
      must(await scope.setSecrets(valuesFor(names)));
      assert.deepEqual(must(await scope.listKeys()).map(k => k.name).sort(), [...names].sort());
      const read = must(await scope.readValues(names));
      for (const [k, v] of valuesFor(names)) assert.equal(read.get(k) === v, true, `secret ${k} reads back exactly`);
      assert.deepEqual(must(await env.backend.listProjects()), ['constructor', 'prototype']);
      assert.deepEqual(must(env.backend.listVaults('constructor')), ['team-vault']);
      for (const p of ['tostring', 'hasownproperty', 'valueof', PROJECT]) {
        assert.deepEqual(must(env.backend.listVaults(p)), [], `project ${p} has no vault`);
        assert.equal(env.backend.vault(p, 'team-vault').ok, false);
      }
      assert.equal(env.secretReads.every(n => n === CRED_SECRET), true);
      // Without a project named constructor, asking for it finds nothing (it must not find Object's constructor).
      env.settings['azure.vaults'] = { prototype: ['team-vault'] };
      const other = env.makeBackend();
      assert.deepEqual(must(other.listVaults('constructor')), []);
      assert.equal(other.vault('constructor', 'team-vault').ok, false);
      assert.equal((await other.listKeys('constructor')).ok, false);
      other.dispose?.();
    } finally {
      await env.close();
    }
  });
});
