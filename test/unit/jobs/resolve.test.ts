import assert from 'node:assert/strict';
import { fail, ok } from '../../../client/src/backends/types';
import { childEnvironment } from '../../../client/src/jobs/local/localJob';
import { KUBERNETES_VALUES_NEED_KUBECONFIG, resolveValues, type ValueReaders } from '../../../client/src/jobs/resolve';
import { needsValues } from '../../../client/src/jobs/secretSources';
import type { JobRequest, ProviderChoice } from '../../../client/src/jobs/types';
import { own } from '../../util/own';

function req(provider: ProviderChoice, keys: string[]): JobRequest {
  return { file: '/w/a.py', folder: '/w', handler: 'h', project: 'demo', provider, keys };
}

function readers(extra: Partial<ValueReaders> = {}): ValueReaders {
  return {
    local: async (_p, keys) => ok(new Map(keys.filter(k => k !== 'MISSING').map(k => [k, `local-${k}`]))),
    env: { A: 'env-a', EMPTY: '' },
    readFile: async () => Buffer.from('A=file-a\nB = $A-b\n#C=c\n'),
    ...extra,
  };
}

describe('provider → values', () => {
  it('reads the local store and leaves out keys it does not hold', async () => {
    assert.deepEqual(await resolveValues(req({ kind: 'local' }, ['X', 'MISSING']), readers()), ok(new Map([['X', 'local-X']])));
  });

  it('refuses project secrets without a Kubernetes backend, saying the MLRun API never returns values', async () => {
    const r = await resolveValues(req({ kind: 'kubernetes' }, ['A']), readers());
    assert.deepEqual(r, fail('invalid', KUBERNETES_VALUES_NEED_KUBECONFIG));
    assert.match(KUBERNETES_VALUES_NEED_KUBECONFIG, /MLRun API never returns project-secret values/);
    const withKube = await resolveValues(req({ kind: 'kubernetes' }, ['A']), readers({ kubernetes: async () => ok(new Map([['A', 'k8s']])) }));
    assert.deepEqual(withKube, ok(new Map([['A', 'k8s']])));
  });

  it('env: unset variables are null, empty ones stay empty (MLRun\'s os.environ.get)', async () => {
    assert.deepEqual(await resolveValues(req({ kind: 'env' }, ['A', 'UNSET', 'EMPTY']), readers()), ok(new Map([['A', 'env-a'], ['UNSET', null], ['EMPTY', '']])));
    assert.deepEqual(await resolveValues(req({ kind: 'env' }, []), readers()), ok(new Map()));
  });

  it('file: MLRun\'s rules with the environment, only the chosen keys', async () => {
    assert.deepEqual(await resolveValues(req({ kind: 'file', path: '/f' }, ['B', '#C', 'Z']), readers()), ok(new Map([['B', 'env-a-b'], ['#C', 'c']])));
    const missing = await resolveValues(req({ kind: 'file', path: '/nope' }, ['A']), readers({ readFile: async () => { throw Object.assign(new Error('x'), { code: 'ENOENT' }); } }));
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.error.message : '', /Cannot read the secrets file \/nope \(ENOENT\)/);
  });

  it('inline: the typed values of the chosen keys; azure through the vault reader', async () => {
    assert.deepEqual(await resolveValues(req({ kind: 'inline' }, ['K']), readers({ inline: new Map([['K', 'typed'], ['OTHER', 'x']]) })), ok(new Map([['K', 'typed']])));
    const calls: unknown[] = [];
    const r = await resolveValues(req({ kind: 'azure_vault', vault: 'kv', k8sSecret: 'creds' }, ['s1']), readers({
      vault: async (...args) => {
        calls.push(args);
        return ok(new Map([['s1', 'v']]));
      },
    }));
    assert.deepEqual(r, ok(new Map([['s1', 'v']])));
    assert.deepEqual(calls, [['demo', 'kv', 'creds', ['s1']]]);
  });

  it('needs values for every local run and for by-value providers only on remote targets', () => {
    assert.equal(needsValues(req({ kind: 'kubernetes' }, []), 'local'), true);
    assert.equal(needsValues(req({ kind: 'kubernetes' }, []), 'kubernetes'), false);
    assert.equal(needsValues(req({ kind: 'azure_vault', vault: 'v' }, []), 'mlrunApi'), false);
    for (const kind of ['local', 'inline', 'env'] as const) assert.equal(needsValues(req({ kind }, []), 'mlrunApi'), true);
  });
});

describe('local child environment', () => {
  it('drops inherited MLRUN_K8S_SECRET__ variables, adds the values upper-cased, env values under their own names too', () => {
    const base = { PATH: '/bin', MLRUN_K8S_SECRET__OLD: 'stale', UNDEF: undefined };
    const values = new Map<string, string | null>([['db.pass-1', 'v1'], ['UNSET', null], ['EMPTY', '']]);
    assert.deepEqual(childEnvironment(base, { provider: { kind: 'local' } }, values, 'prefixed'), own({
      PATH: '/bin', 'MLRUN_K8S_SECRET__DB.PASS-1': 'v1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8',
    }));
    const env = childEnvironment(base, { provider: { kind: 'env' } }, new Map([['MY_TOKEN', 't']]), 'prefixed');
    assert.equal(env.MY_TOKEN, 't');
    assert.equal(env.MLRUN_K8S_SECRET__MY_TOKEN, 't');
  });

  it('names the values as the interpreter\'s MLRun reads them: the key itself from 1.8, both names when unknown', () => {
    const base = { PATH: '/bin', MLRUN_K8S_SECRET__OLD: 'stale' };
    const values = new Map<string, string | null>([['db.pass-1', 'v1'], ['PATH', 'p-secret']]);
    const plain = childEnvironment(base, { provider: { kind: 'local' } }, values, 'plain');
    assert.deepEqual(plain, own({ PATH: 'p-secret', 'db.pass-1': 'v1', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8' }), 'MLRun 1.8 itself would replace PATH');
    const both = childEnvironment(base, { provider: { kind: 'local' } }, values, 'both');
    assert.deepEqual(both, own({
      PATH: '/bin', 'MLRUN_K8S_SECRET__DB.PASS-1': 'v1', 'db.pass-1': 'v1', MLRUN_K8S_SECRET__PATH: 'p-secret', PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8',
    }), 'with an unknown version, a plain name that would replace PATH is left out');
  });
});
