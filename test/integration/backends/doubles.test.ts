import assert from 'node:assert/strict';
import { request } from 'node:https';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { deleteProjectSecrets, storeProjectSecrets } from '../../doubles/mlrun/k8sHelper';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { MlrunHttpError } from '../../doubles/mlrun/errors';
import { call } from '../../util/http';

describe('Kubernetes double follows the API server', () => {
  let k8s: KubernetesDouble;
  const kube = (method: string, path: string, o: { body?: unknown; headers?: Record<string, string> } = {}) =>
    call(new URL(path, k8s.url), { ...o, method, ca: k8s.caPem, headers: { authorization: `Bearer ${k8s.adminToken}`, ...o.headers } });
  const secrets = '/api/v1/namespaces/mlrun/secrets';

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
  });
  afterEach(async () => {
    await k8s.stop();
  });

  it('401 without or with a bad token, as a Status', async () => {
    const r = await call(new URL(secrets, k8s.url), { ca: k8s.caPem, headers: { authorization: 'Bearer wrong' } });
    assert.equal(r.status, 401);
    assert.deepEqual(r.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 });
  });

  it('real 409s: a PUT with a stale resourceVersion, and exactly one of two racing PUTs', async () => {
    const created = (await kube('POST', secrets, { body: { metadata: { name: 's' }, stringData: { A: '1' } } })).json;
    const rv = created.metadata.resourceVersion;
    const [a, b] = await Promise.all([
      kube('PUT', `${secrets}/s`, { body: { ...created, data: { A: Buffer.from('a').toString('base64') } } }),
      kube('PUT', `${secrets}/s`, { body: { ...created, data: { A: Buffer.from('b').toString('base64') } } }),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 409]);
    const loser = a.status === 409 ? a : b;
    assert.equal(loser.json.reason, 'Conflict');
    assert.equal(loser.json.message, 'Operation cannot be fulfilled on secrets "s": the object has been modified; please apply your changes to the latest version and try again');
    const stale = await kube('PUT', `${secrets}/s`, { body: { ...created, metadata: { ...created.metadata, resourceVersion: rv } } });
    assert.equal(stale.status, 409);
    const unconditional = await kube('PUT', `${secrets}/s`, { body: { metadata: { name: 's' }, data: {} } });
    assert.equal(unconditional.status, 200, 'Secrets allow unconditional updates');
  });

  it('merge, strategic-merge ($patch directives) and JSON patch (test op), and 415 for apply', async () => {
    await kube('POST', secrets, { body: { metadata: { name: 'p', labels: { a: '1' } }, stringData: { A: '1', B: '2' } } });
    let r = await kube('PATCH', `${secrets}/p`, { body: { data: { B: null, C: 'Mw==' } }, headers: { 'content-type': 'application/merge-patch+json' } });
    assert.deepEqual(Object.keys(r.json.data), ['A', 'C']);
    r = await kube('PATCH', `${secrets}/p`, { body: { metadata: { labels: { $patch: 'replace', z: '9' } } }, headers: { 'content-type': 'application/strategic-merge-patch+json' } });
    assert.deepEqual(r.json.metadata.labels, { z: '9' });
    r = await kube('PATCH', `${secrets}/p`, { body: [{ op: 'test', path: '/data/A', value: 'nope' }], headers: { 'content-type': 'application/json-patch+json' } });
    assert.equal(r.status, 422);
    r = await kube('PATCH', `${secrets}/p`, { body: [{ op: 'test', path: '/data/A', value: 'MQ==' }, { op: 'add', path: '/data/D', value: 'NA==' }], headers: { 'content-type': 'application/json-patch+json' } });
    assert.deepEqual(Object.keys(r.json.data), ['A', 'C', 'D']);
    r = await kube('PATCH', `${secrets}/p`, { body: { metadata: { resourceVersion: '1' }, data: { E: 'NQ==' } }, headers: { 'content-type': 'application/merge-patch+json' } });
    assert.equal(r.status, 409, 'a resourceVersion in a patch is a precondition');
    r = await kube('PATCH', `${secrets}/p`, { body: 'x: 1', headers: { 'content-type': 'application/apply-patch+yaml' } });
    assert.equal(r.status, 415);
  });

  it('Secret validation: keys, base64, size, type immutability, names; 404 and 403 as Status objects', async () => {
    let r = await kube('POST', secrets, { body: { metadata: { name: 'v' }, data: { 'a b': 'eA==', '..x': 'eA==' } } });
    assert.equal(r.status, 422);
    assert.match(r.json.message, /^Secret "v" is invalid: \[data\[\.\.x\]: Invalid value: "\.\.x": must not start with '\.\.', data\[a b\]: Invalid value: "a b": a valid config key must consist of alphanumeric characters/);
    r = await kube('POST', secrets, { body: { metadata: { name: 'v' }, data: { A: 'not base64!' } } });
    assert.equal(r.status, 400);
    assert.match(r.json.message, /illegal base64 data at input byte/);
    r = await kube('POST', secrets, { body: { metadata: { name: 'v' }, stringData: { A: 'x'.repeat(1024 * 1024 + 1) } } });
    assert.equal(r.status, 422);
    assert.equal(r.json.message, 'Secret "v" is invalid: data: Too long: must have at most 1048576 bytes');
    r = await kube('POST', secrets, { body: { metadata: { name: 'Bad_Name' } } });
    assert.equal(r.status, 422);
    await kube('POST', secrets, { body: { metadata: { name: 'v' }, stringData: { A: '1' } } });
    r = await kube('PATCH', `${secrets}/v`, { body: { type: 'kubernetes.io/tls' }, headers: { 'content-type': 'application/merge-patch+json' } });
    assert.equal(r.status, 422);
    assert.match(r.json.message, /type: Invalid value: "kubernetes.io\/tls": field is immutable/);
    r = await kube('POST', secrets, { body: { metadata: { name: 'v' } } });
    assert.equal(r.status, 409);
    assert.equal(r.json.reason, 'AlreadyExists');
    r = await kube('GET', `${secrets}/missing`);
    assert.deepEqual(r.json, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'secrets "missing" not found', reason: 'NotFound', details: { name: 'missing', kind: 'secrets' }, code: 404 });
    r = await kube('POST', '/api/v1/namespaces/nowhere/secrets', { body: { metadata: { name: 'x' } } });
    assert.equal(r.json.message, 'namespaces "nowhere" not found');
    k8s.state.addToken('limited', { name: 'limited', rules: [{ verbs: ['get'], resources: ['secrets'], namespaces: ['mlrun'] }] });
    r = await call(new URL(secrets, k8s.url), { ca: k8s.caPem, headers: { authorization: 'Bearer limited' } });
    assert.equal(r.status, 403);
    assert.equal(r.json.message, 'secrets is forbidden: User "limited" cannot list resource "secrets" in API group "" in the namespace "mlrun"');
  });

  it('discovery, metadata-only and Table lists, pagination, selectors and watch', async () => {
    assert.equal((await kube('GET', '/version')).json.major, '1');
    assert.ok((await kube('GET', '/api/v1')).json.resources.some((x: { name: string }) => x.name === 'secrets'));
    for (const n of ['a', 'b', 'c']) await kube('POST', secrets, { body: { metadata: { name: n, labels: { tier: n === 'b' ? 'x' : 'y' } }, stringData: { K: n } } });
    let r = await kube('GET', `${secrets}?limit=2`, { headers: { accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io' } });
    assert.equal(r.json.kind, 'PartialObjectMetadataList');
    assert.equal(r.json.items.length, 2);
    assert.equal(r.json.items[0].data, undefined, 'no values in metadata lists');
    r = await kube('GET', `${secrets}?limit=2&continue=${encodeURIComponent(r.json.metadata.continue)}`);
    assert.deepEqual(r.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['c']);
    r = await kube('GET', `${secrets}?labelSelector=tier%3Dx`);
    assert.deepEqual(r.json.items.map((i: { metadata: { name: string } }) => i.metadata.name), ['b']);
    r = await kube('GET', `${secrets}?fieldSelector=metadata.name%3Dc`, { headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' } });
    assert.deepEqual(r.json.rows.map((x: { cells: unknown[] }) => x.cells.slice(0, 3)), [['c', 'Opaque', 1]]);

    const events: string[] = [];
    const url = new URL(`${secrets}?watch=true&fieldSelector=metadata.name%3Da`, k8s.url);
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { ca: k8s.caPem, headers: { authorization: `Bearer ${k8s.adminToken}` } }, res => {
        let buf = '';
        res.on('data', (c: Buffer) => {
          buf += c.toString();
          for (;;) {
            const nl = buf.indexOf('\n');
            if (nl < 0) break;
            const e = JSON.parse(buf.slice(0, nl));
            buf = buf.slice(nl + 1);
            events.push(`${e.type} ${e.object.metadata.name}`);
            if (events.length === 1) void kube('DELETE', `${secrets}/a`);
            if (events.length === 2) {
              req.destroy();
              resolve();
            }
          }
        });
      });
      req.on('error', e => (events.length >= 2 ? resolve() : reject(e)));
      req.end();
    });
    assert.deepEqual(events, ['ADDED a', 'DELETED a']);
  });

  it('faults: status, reset, delay and hang, per route and for the next N requests', async () => {
    k8s.faults.next(1, { kind: 'status', status: 503 }, { path: secrets });
    assert.equal((await kube('GET', secrets)).status, 503);
    assert.equal((await kube('GET', secrets)).status, 200);
    k8s.faults.next(1, { kind: 'reset' });
    await assert.rejects(kube('GET', secrets), /ECONNRESET|socket hang up/);
    k8s.faults.next(1, { kind: 'delay', ms: 120 });
    const t = Date.now();
    assert.equal((await kube('GET', secrets)).status, 200);
    assert.ok(Date.now() - t >= 100);
  });

  it('extension hooks: a new resource type gets CRUD and discovery; custom routes work', async () => {
    k8s.registerResource({ group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job', namespaced: true, returnDeletedObject: true });
    k8s.addSubresource({ group: '', version: 'v1', name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] });
    k8s.addRoutes([{ method: 'GET', path: '/api/v1/namespaces/:namespace/pods/:name/log', handler: ctx => ctx.send(200, `log of ${ctx.params.name}`) }]);
    const groups = (await kube('GET', '/apis')).json.groups.map((g: { name: string }) => g.name);
    assert.deepEqual(groups, ['batch']);
    const job = await kube('POST', '/apis/batch/v1/namespaces/mlrun/jobs', { body: { metadata: { generateName: 'run-' }, spec: { template: {} } } });
    assert.equal(job.status, 201);
    assert.match(job.json.metadata.name, /^run-[0-9a-f]{5}$/);
    assert.equal(job.json.apiVersion, 'batch/v1');
    assert.equal((await kube('DELETE', `/apis/batch/v1/namespaces/mlrun/jobs/${job.json.metadata.name}`)).json.kind, 'Job');
    assert.equal((await kube('GET', '/api/v1/namespaces/mlrun/pods/p1/log')).text, 'log of p1');
  });
});

describe('MLRun double follows MLRun (docs/mlrun-facts.md §1–§2, §2.2, §1.3)', () => {
  let k8s: KubernetesDouble;
  let mlrun: MlrunDouble;
  const api = (method: string, path: string, o: { body?: unknown; headers?: Record<string, string> } = {}) => call(new URL(path, mlrun.url), { ...o, method });
  const post = (secrets: unknown, extra: Record<string, unknown> = { provider: 'kubernetes' }) =>
    api('POST', '/api/v1/projects/demo/secrets', { body: { ...extra, secrets } });

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
    mlrun = await startMlrunDouble({ kube: k8s.state, projects: ['demo'] });
  });
  afterEach(async () => {
    await Promise.all([mlrun.stop(), k8s.stop()]);
  });

  it('E2: no provider → vault → 500; secrets null → 500; provider in body is what counts', async () => {
    let r = await post({ A: '1' }, {});
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { detail: 'AttributeError("module \'mlrun.utils.vault\' has no attribute \'init_project_vault_configuration\'")' });
    r = await post(null);
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { detail: 'AttributeError("\'NoneType\' object has no attribute \'copy\'")' });
    r = await post({ A: '1' });
    assert.equal(r.status, 201);
    assert.equal(r.text, '');
    r = await post({}, { provider: 'kubernetes' });
    assert.equal(r.status, 201, 'an empty dict is a no-op that still answers 201');
    r = await post({ A: '1' }, { provider: 'azure' });
    assert.equal(r.status, 422);
    assert.equal(r.json.detail[0].msg, "value is not a valid enumeration member; permitted: 'vault', 'kubernetes'");
  });

  it('E3/E4: 400 for a malformed key (repr in double quotes, long keys truncated), 403 for mlrun.* (single quotes)', async () => {
    let r = await post({ 'a b': '1' });
    assert.equal(r.status, 400);
    assert.equal(r.json.detail, 'MLRunInvalidArgumentError("Field \'secret.key\' is malformed. \'a b\' does not match required pattern: ^[-._a-zA-Z0-9]+$")');
    r = await post({ ['k'.repeat(300)]: '1' });
    assert.equal(r.json.detail, `MLRunInvalidArgumentError("Field 'secret.key' is malformed. '${'k'.repeat(63)}...truncated' does not match required pattern: ^.{0,253}$")`);
    r = await post({ GOOD: '1', 'a b': '2' });
    assert.equal(r.status, 400);
    assert.equal(mlrun.state.secretData('demo'), undefined, 'a batch is validated in full before anything is stored');
    r = await post({ 'mlrun.x': '1' });
    assert.equal(r.status, 403);
    assert.equal(r.json.detail, "MLRunAccessDeniedError('Not allowed to create/update internal secrets (key starts with mlrun.)')");
  });

  it('a key with a trailing newline passes MLRun\'s regex (re.match and $) and then fails in Kubernetes', async () => {
    const r = await post({ 'abc\n': '1' });
    assert.equal(r.status, 500);
    assert.deepEqual(r.json, { detail: 'ApiException()' });
    assert.equal(k8s.state.secret('mlrun', 'mlrun-project-secrets-demo'), undefined);
  });

  it('secret-keys hides mlrun.*; values are 403; a token with kubernetes is 400; missing project is 404', async () => {
    mlrun.state.seedSecret('demo', { A: '1', 'mlrun.hidden': '2' });
    let r = await api('GET', '/api/v1/projects/demo/secret-keys?provider=kubernetes');
    assert.deepEqual(r.json, { provider: 'kubernetes', secret_keys: ['A'] });
    r = await api('GET', '/api/projects/demo/secret-keys');
    assert.deepEqual(r.json, { provider: 'kubernetes', secret_keys: ['A'] }, 'unversioned prefix, default provider');
    r = await api('GET', '/api/v1/projects/demo/secrets?provider=kubernetes&secret=A');
    assert.equal(r.status, 403);
    assert.equal(r.json.detail, "MLRunAccessDeniedError('Not allowed to list secrets data from kubernetes provider')");
    r = await api('GET', '/api/v1/projects/demo/secret-keys?provider=kubernetes', { headers: { 'x-mlrun-secret-store-token': 't' } });
    assert.equal(r.status, 400);
    r = await api('GET', '/api/v1/projects/nope/secret-keys');
    assert.equal(r.status, 404);
    assert.equal(r.json.detail, "MLRunNotFoundError('Project nope does not exist')");
    mlrun.state.legacyNotFound = true;
    r = await api('GET', '/api/v1/projects/nope/secret-keys');
    assert.equal(r.json.detail, "MLRunNotFoundError('Project not found: name=nope, project_id=None')");
  });

  it('DELETE: named keys, all non-internal keys without secret=, 403 for mlrun.*, E8 for vault', async () => {
    mlrun.state.seedSecret('demo', { A: '1', B: '2', C: '3', 'mlrun.keep': 'k' });
    let r = await api('DELETE', '/api/v1/projects/demo/secrets?provider=kubernetes&secret=A');
    assert.equal(r.status, 204);
    r = await api('DELETE', '/api/v1/projects/demo/secrets?provider=kubernetes&secret=mlrun.keep');
    assert.equal(r.status, 403);
    r = await api('DELETE', '/api/v1/projects/demo/secrets?provider=vault');
    assert.equal(r.json.detail, "MLRunInvalidArgumentError('Vault list project secret keys request without providing token')");
    r = await api('DELETE', '/api/v1/projects/demo/secrets?provider=kubernetes');
    assert.equal(r.status, 204);
    assert.deepEqual(mlrun.state.secretData('demo'), { 'mlrun.keep': 'k' }, 'delete-all keeps internal keys');
    r = await api('POST', '/api/v1/user-secrets', { body: { provider: 'vault', secrets: {}, user: 'u' } });
    assert.equal(r.status, 400);
    assert.equal(r.text, 'Invalid secrets provider vault');
  });

  it('auth modes answer with MLRun\'s texts; client-spec needs none', async () => {
    mlrun.state.auth = { mode: 'basic', username: 'u', password: 'p' };
    assert.equal((await api('GET', '/api/v1/projects')).json.detail, "MLRunUnauthorizedError('Missing basic auth header')");
    assert.equal((await api('GET', '/api/v1/projects', { headers: { authorization: `Basic ${Buffer.from('u:x').toString('base64')}` } })).json.detail, "MLRunUnauthorizedError('Username or password did not match')");
    assert.equal((await api('GET', '/api/v1/projects', { headers: { authorization: `Basic ${Buffer.from('u:p').toString('base64')}` } })).status, 200);
    mlrun.state.auth = { mode: 'iguazio', sessions: ['sid-1'] };
    assert.equal((await api('GET', '/api/v1/projects', { headers: { cookie: 'session=j:{"sid": "sid-1"}' } })).status, 200);
    assert.equal((await api('GET', '/api/v1/projects', { headers: { cookie: 'session=j:{"sid": "other"}' } })).status, 401);
    const spec = await api('GET', '/api/v1/client-spec');
    assert.equal(spec.status, 200);
    assert.equal(spec.json.namespace, 'mlrun');
  });

  it('MLRun\'s read-modify-replace: contention within its 6 tries succeeds, beyond them gives 409 MLRunConflictError', async () => {
    mlrun.state.seedSecret('demo', { BASE: '0' });
    mlrun.state.storeAttempts = 1;
    const results = await Promise.allSettled([
      storeProjectSecrets(mlrun.state, 'demo', { A: '1' }),
      storeProjectSecrets(mlrun.state, 'demo', { B: '2' }),
    ]);
    assert.equal(results.filter(r => r.status === 'fulfilled').length, 1);
    const rejected = results.find(r => r.status === 'rejected') as PromiseRejectedResult;
    assert.ok(rejected.reason instanceof MlrunHttpError);
    assert.equal(rejected.reason.status, 409);
    assert.match(String((rejected.reason.body as { detail: string }).detail), /^MLRunConflictError\('409\\nReason: Conflict\\nHTTP response body: \{"kind":"Status".*"code":409\}'\)$/);
    mlrun.state.storeAttempts = 6;
    await Promise.all([storeProjectSecrets(mlrun.state, 'demo', { C: '3' }), storeProjectSecrets(mlrun.state, 'demo', { D: '4' })]);
    const data = mlrun.state.secretData('demo')!;
    assert.ok(['BASE', 'C', 'D'].every(k => k in data), 'both writers won within 6 tries');
    assert.equal(['A', 'B'].filter(k => k in data).length, 1, 'exactly one of the single-try writers lost');
    await deleteProjectSecrets(mlrun.state, 'demo', Object.keys(mlrun.state.secretData('demo')!));
    assert.equal(mlrun.state.secretData('demo'), undefined, 'no keys left: the Secret is deleted');
  });
});
