import assert from 'node:assert/strict';
import {
  caseCollisions, collidesWith, envNamesForKey, envNamesText, isMlrunOwnedKey, jobEnvNames, plainNamesLeftOut, podVariableProblem,
} from '../../../shared/src/mlrun';
import { prepareKubernetesJob, type KubernetesJobInputs } from '../../../client/src/jobs/kubernetes/prepare';
import { localNaming } from '../../../client/src/jobs/local/localJob';
import { imageTag, jobImageChoice, namingForVersion, parseMlrunVersion, validateVersionSetting } from '../../../client/src/jobs/mlrunVersion';
import type { JobObject } from '../../../client/src/jobs/kubernetes/jobSpec';
import type { JobRequest, ProviderChoice } from '../../../client/src/jobs/types';

const UID = '0123456789abcdef0123456789abcdef';

function job(image: string, provider: ProviderChoice, keys: string[], extra: Partial<KubernetesJobInputs> = {}): { job: JobObject; leftOut: string[] } {
  const request: JobRequest = { file: '/w/src/t.py', folder: '/w', handler: 'train', project: 'demo', provider, keys };
  const r = prepareKubernetesJob({
    request, code: { filename: 'src/t.py', functionName: 't', code: 'def train(context):\n    pass\n' }, namespace: 'mlrun', image, ttlSecondsAfterFinished: 60,
    uid: UID, env: { USER: 'alice' }, projectSecret: 'mlrun-project-secrets-demo', naming: jobImageChoice(image, ''), ...extra,
  });
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return { job: r.value.job, leftOut: r.value.plainNameLeftOut };
}

function secretNames(j: JobObject): string[] {
  return j.spec.template.spec.containers[0]!.env.map(e => e.name).filter(n => !/^MLRUN_(DEFAULT_PROJECT|EXEC_CONFIG|EXEC_CODE|NAMESPACE|DBPATH)$/.test(n));
}

describe('MLRun versions and how their job pods name secret variables', () => {
  it('parses MLRun versions and image tags, development builds included', () => {
    for (const [text, major, minor, dev] of [['1.7.2', 1, 7, false], ['v1.8.0', 1, 8, false], ['1.8.0-rc12', 1, 8, false], ['1.8.0rc3', 1, 8, false],
      ['1.7.0-py39', 1, 7, false], ['1.10.1', 1, 10, false], ['0.0.0+unstable', 0, 0, true], ['unstable', 0, 0, true]] as const) {
      const v = parseMlrunVersion(text);
      assert.ok(v, text);
      assert.deepEqual([v.major, v.minor, v.development], [major, minor, dev], text);
    }
    for (const text of ['latest', '', 'prod', '1', 'x1.7.0']) assert.equal(parseMlrunVersion(text), undefined, text);
  });

  it('MLRun 1.7 and earlier upper-case behind MLRUN_K8S_SECRET__; 1.8, later and development builds use the key', () => {
    const rule = (t: string) => namingForVersion(parseMlrunVersion(t)!);
    assert.deepEqual(['1.6.4', '1.7.2', '1.7.99'].map(rule), ['prefixed', 'prefixed', 'prefixed']);
    assert.deepEqual(['1.8.0', '1.9.1', '1.10.0', '2.0.0', '0.0.0+unstable'].map(rule), ['plain', 'plain', 'plain', 'plain', 'plain']);
    assert.deepEqual(envNamesForKey('api.key-1', 'prefixed'), ['MLRUN_K8S_SECRET__API.KEY-1']);
    assert.deepEqual(envNamesForKey('api.key-1', 'plain'), ['api.key-1']);
    assert.deepEqual(envNamesForKey('api.key-1', 'both'), ['MLRUN_K8S_SECRET__API.KEY-1', 'api.key-1']);
    assert.equal(envNamesText('K', 'both', s => `\`${s}\``), '`MLRUN_K8S_SECRET__K` (MLRun 1.7 and earlier) or `K` (MLRun 1.8 and later)');
  });

  it('a Kubernetes Job takes the version from the image tag, else the setting, else gives both names', () => {
    assert.equal(imageTag('registry:5000/mlrun/mlrun:1.7.2@sha256:abc'), '1.7.2');
    assert.equal(imageTag('registry:5000/mlrun/mlrun'), undefined);
    assert.deepEqual(jobImageChoice('mlrun/mlrun:1.7.2', '1.9.0'), { naming: 'prefixed', version: '1.7.2', from: 'the image tag 1.7.2' });
    assert.deepEqual(jobImageChoice('quay.io/mlrun/mlrun:1.8.1', ''), { naming: 'plain', version: '1.8.1', from: 'the image tag 1.8.1' });
    assert.deepEqual(jobImageChoice('mlrun/mlrun', '1.7.0'), { naming: 'prefixed', version: '1.7.0', from: 'mlrunSecrets.jobs.mlrunVersion (1.7.0)' });
    assert.deepEqual(jobImageChoice('me/mlrun:prod', '1.8'), { naming: 'plain', version: '1.8', from: 'mlrunSecrets.jobs.mlrunVersion (1.8)' });
    const unknown = jobImageChoice('mlrun/mlrun', '');
    assert.equal(unknown.naming, 'both');
    assert.match(unknown.from, /has no version tag and mlrunSecrets\.jobs\.mlrunVersion is empty/);
    assert.match(jobImageChoice('me/mlrun:prod', 'soon').from, /"soon", which is not an MLRun version/);
    assert.equal(validateVersionSetting(''), undefined);
    assert.match(validateVersionSetting('one')!, /not an MLRun version/);
  });

  it('a local run follows the interpreter\'s MLRun; the fallback runner and an unknown version get both names', () => {
    assert.deepEqual(localNaming('mlrun', { mlrunVersion: '1.7.1' }), { naming: 'prefixed', version: '1.7.1', from: "the interpreter's mlrun 1.7.1" });
    assert.equal(localNaming('mlrun', { mlrunVersion: '1.8.0' }).naming, 'plain');
    assert.equal(localNaming('mlrun', { mlrunVersion: '' }).naming, 'both');
    assert.equal(localNaming('fallback', { mlrunVersion: '1.8.0' }).naming, 'both');
  });

  it('case collisions exist only under the upper-casing rule (1.7, or unknown)', () => {
    assert.deepEqual(caseCollisions(['token', 'TOKEN', 'x'], 'prefixed'), [['token', 'TOKEN']]);
    assert.deepEqual(caseCollisions(['token', 'TOKEN', 'x'], 'both'), [['token', 'TOKEN']]);
    assert.deepEqual(caseCollisions(['token', 'TOKEN', 'x'], 'plain'), []);
    assert.deepEqual(collidesWith('token', ['TOKEN'], 'plain'), []);
    assert.deepEqual(collidesWith('token', ['TOKEN']), ['TOKEN']);
  });

  it('warns when a plain name would replace an important pod variable, join MLRun\'s config or start with a digit', () => {
    for (const key of ['PATH', 'HOME', 'PYTHONPATH', 'https_proxy', 'MLRUN_DBPATH', 'MLRUN_HTTPDB__TOKEN', 'V3IO_ACCESS_KEY', 'KUBERNETES_SERVICE_HOST', '1PASSWORD']) {
      assert.ok(podVariableProblem(key, 'plain'), key);
      assert.match(podVariableProblem(key, 'both')!, /^If the job pods run MLRun 1\.8 or later, /, key);
      assert.equal(podVariableProblem(key, 'prefixed'), undefined, key);
    }
    assert.match(podVariableProblem('MLRUN_DBPATH', 'plain')!, /reconfigure MLRun in the pod/);
    assert.match(podVariableProblem('9lives', 'plain')!, /cannot start with a digit/);
    assert.match(podVariableProblem('PATH', 'plain')!, /replacing the pod's own PATH/);
    for (const key of ['DB_PASSWORD', 'path', 'api.key-1', 'MY_MLRUN_TOKEN']) assert.equal(podVariableProblem(key, 'plain'), undefined, key);
    assert.deepEqual(jobEnvNames('PATH', 'both'), ['MLRUN_K8S_SECRET__PATH']);
    assert.deepEqual(plainNamesLeftOut(['PATH', 'DB', '2FA'], 'both'), ['PATH', '2FA']);
    assert.deepEqual(plainNamesLeftOut(['PATH'], 'plain'), []);
  });

  it('Job specs name the secrets per image: 1.7 prefixed, 1.8 plain, unknown both (plain left out where harmful)', () => {
    const keys = ['DB_PASSWORD', 'api.key-1', 'PATH'];
    const seventeen = job('mlrun/mlrun:1.7.2', { kind: 'kubernetes' }, keys);
    assert.deepEqual(secretNames(seventeen.job), ['MLRUN_K8S_SECRET__DB_PASSWORD', 'MLRUN_K8S_SECRET__API.KEY-1', 'MLRUN_K8S_SECRET__PATH']);
    assert.equal(seventeen.job.metadata.annotations['mlrun-secrets.io/env-naming'], 'prefixed');
    const eighteen = job('mlrun/mlrun:1.8.0', { kind: 'kubernetes' }, keys);
    assert.deepEqual(secretNames(eighteen.job), ['DB_PASSWORD', 'api.key-1', 'PATH']);
    const env = eighteen.job.spec.template.spec.containers[0]!.env;
    assert.deepEqual(env.find(e => e.name === 'api.key-1')!.valueFrom, { secretKeyRef: { name: 'mlrun-project-secrets-demo', key: 'api.key-1' } });
    const unknown = job('mlrun/mlrun', { kind: 'kubernetes' }, keys);
    assert.deepEqual(secretNames(unknown.job), ['MLRUN_K8S_SECRET__DB_PASSWORD', 'DB_PASSWORD', 'MLRUN_K8S_SECRET__API.KEY-1', 'api.key-1', 'MLRUN_K8S_SECRET__PATH']);
    assert.deepEqual(unknown.leftOut, ['PATH']);
    assert.equal(unknown.job.metadata.annotations['mlrun-secrets.io/env-naming'], 'both');
  });

  it('by-value providers under 1.8: one literal per key named after it; keys differing in case stay apart', () => {
    const values = new Map<string, string | null>([['token', 'one-1'], ['TOKEN', 'two-2'], ['UNSET', null]]);
    const { job: j } = job('mlrun/mlrun:1.8.0', { kind: 'inline' }, ['token', 'TOKEN', 'UNSET'], { values });
    const env = j.spec.template.spec.containers[0]!.env;
    assert.deepEqual(env.filter(e => e.value === 'one-1' || e.value === 'two-2'), [{ name: 'token', value: 'one-1' }, { name: 'TOKEN', value: 'two-2' }]);
  });

  it('marks MLRun 1.8\'s model-monitoring keys (profile names) as MLRun-owned, like 1.7\'s', () => {
    for (const key of ['TSDB_PROFILE_NAME', 'STREAM_PROFILE_NAME', 'MODEL_MONITORING_ACCESS_KEY', 'TSDB_CONNECTION', 'datastore-profiles.demo.tsdb']) assert.equal(isMlrunOwnedKey(key), true, key);
    assert.equal(isMlrunOwnedKey('TSDB_PROFILE'), false);
  });
});
