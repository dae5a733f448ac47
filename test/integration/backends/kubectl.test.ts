import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createKubernetesBackend } from '../../../client/src/backends/kubernetes';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { instantRetry } from './support/fixtures';

const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';

function kubectl(kubeconfig: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    execFile(KUBECTL, ['--kubeconfig', kubeconfig, '--request-timeout=20s', ...args], { timeout: 60_000, env: { ...process.env, KUBECONFIG: '' } }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('kubectl works against the Kubernetes double', function () {
  this.timeout(120_000);
  let k8s: KubernetesDouble;

  before(function () {
    if (!existsSync(KUBECTL)) {
      console.log(`      kubectl not found at ${KUBECTL} (set KUBECTL, or install Debian's kubernetes-client)`);
      this.skip();
    }
  });
  beforeEach(async () => {
    k8s = await startKubernetesDouble();
  });
  afterEach(async () => {
    await k8s?.stop();
  });

  it('create secret generic, get -o json, patch (strategic, merge, json), delete', async () => {
    const kc = k8s.kubeconfigPath;
    const ns = ['-n', 'mlrun'];
    let r = await kubectl(kc, [...ns, 'create', 'secret', 'generic', 'mlrun-project-secrets-kubectl', '--from-literal=A=alpha', '--from-literal=b.key=bravo']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /secret\/mlrun-project-secrets-kubectl created/);
    assert.deepEqual(k8s.state.secretData('mlrun', 'mlrun-project-secrets-kubectl'), { A: 'alpha', 'b.key': 'bravo' });

    r = await kubectl(kc, [...ns, 'get', 'secrets', '-o', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as { items: { metadata: { name: string }; data: Record<string, string>; type: string }[] };
    assert.deepEqual(list.items.map(i => i.metadata.name), ['mlrun-project-secrets-kubectl']);
    assert.equal(list.items[0]!.type, 'Opaque');
    assert.equal(Buffer.from(list.items[0]!.data.A!, 'base64').toString(), 'alpha');

    r = await kubectl(kc, [...ns, 'patch', 'secret', 'mlrun-project-secrets-kubectl', '-p', JSON.stringify({ data: { C: Buffer.from('charlie').toString('base64') } })]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(k8s.requests.at(-1)!.headers['content-type'], 'application/strategic-merge-patch+json');
    r = await kubectl(kc, [...ns, 'patch', 'secret', 'mlrun-project-secrets-kubectl', '--type=merge', '-p', JSON.stringify({ stringData: { D: 'delta' } })]);
    assert.equal(r.code, 0, r.stderr);
    r = await kubectl(kc, [...ns, 'patch', 'secret', 'mlrun-project-secrets-kubectl', '--type=json', '-p', JSON.stringify([{ op: 'remove', path: '/data/A' }])]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(k8s.state.secretData('mlrun', 'mlrun-project-secrets-kubectl'), { 'b.key': 'bravo', C: 'charlie', D: 'delta' });

    r = await kubectl(kc, [...ns, 'get', 'secrets']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^NAME\s+TYPE\s+DATA\s+AGE\n/);
    assert.match(r.stdout, /mlrun-project-secrets-kubectl\s+Opaque\s+3\s+/);

    r = await kubectl(kc, [...ns, 'delete', 'secret', 'mlrun-project-secrets-kubectl']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /secret "mlrun-project-secrets-kubectl" deleted/);
    assert.equal(k8s.state.secret('mlrun', 'mlrun-project-secrets-kubectl'), undefined);
  });

  it('kubectl and the backend see each other\'s changes; kubectl gets API errors as Status objects', async () => {
    const kc = k8s.kubeconfigPath;
    const b = createKubernetesBackend({ kubeconfigPath: kc, namespace: 'mlrun', retry: instantRetry() });
    assert.ok((await b.setSecrets('both', new Map([['FROM_BACKEND', 'x']]))).ok);
    let r = await kubectl(kc, ['-n', 'mlrun', 'get', 'secret', 'mlrun-project-secrets-both', '-o', 'jsonpath={.data.FROM_BACKEND}']);
    assert.equal(Buffer.from(r.stdout, 'base64').toString(), 'x');
    r = await kubectl(kc, ['-n', 'mlrun', 'patch', 'secret', 'mlrun-project-secrets-both', '--type=merge', '-p', '{"stringData":{"FROM_KUBECTL":"y"}}']);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(await b.listKeys('both').then(x => x.ok && x.value.map(k => k.name)), ['FROM_BACKEND', 'FROM_KUBECTL']);

    r = await kubectl(kc, ['-n', 'mlrun', 'get', 'secret', 'does-not-exist']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(NotFound\): secrets "does-not-exist" not found/);
    r = await kubectl(kc, ['-n', 'mlrun', 'create', 'secret', 'generic', 'bad', '--from-literal=..x=1']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /is invalid|must not start with '\.\.'/);
    const wrong = k8s.writeKubeconfig({ token: 'nope' });
    r = await kubectl(wrong, ['-n', 'mlrun', 'get', 'secrets']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Unauthorized|must be logged in/);
  });
});
