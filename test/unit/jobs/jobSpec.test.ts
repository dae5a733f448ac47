import assert from 'node:assert/strict';
import { CODE_MOUNT_PATH, jobName, MAX_ENV_CODE_BYTES, type JobObject } from '../../../client/src/jobs/kubernetes/jobSpec';
import { prepareKubernetesJob, type KubernetesJobInputs } from '../../../client/src/jobs/kubernetes/prepare';
import { jobImageChoice } from '../../../client/src/jobs/mlrunVersion';
import type { JobRequest, ProviderChoice } from '../../../client/src/jobs/types';

const CODE = 'def train(context):\n    print(context.get_secret("DB_PASSWORD"))\n';
const UID = '0123456789abcdef0123456789abcdef';
const VALUE = 'canary-value-ü"\'-123';

function inputs(provider: ProviderChoice, extra: Partial<KubernetesJobInputs> = {}): KubernetesJobInputs {
  const request: JobRequest = { file: '/w/src/trainer.py', folder: '/w', handler: 'train', project: 'demo', provider, keys: ['DB_PASSWORD', 'api.key-1'] };
  return {
    request, code: { filename: 'src/trainer.py', functionName: 'trainer', code: CODE }, namespace: 'mlrun', image: 'mlrun/mlrun:1.7.0',
    ttlSecondsAfterFinished: 600, uid: UID, env: { USER: 'alice' }, naming: jobImageChoice('mlrun/mlrun:1.7.0', ''), ...extra,
  };
}

function prepared(provider: ProviderChoice, extra: Partial<KubernetesJobInputs> = {}) {
  const r = prepareKubernetesJob(inputs(provider, extra));
  assert.ok(r.ok, r.ok ? '' : r.error.message);
  return r.value;
}

function container(job: JobObject) {
  return job.spec.template.spec.containers[0]!;
}

function envOf(job: JobObject): Record<string, unknown> {
  return Object.fromEntries(container(job).env.map(e => [e.name, e.value ?? e.valueFrom]));
}

describe('Kubernetes Job spec (§11.5 analysis, §4.1, E10)', () => {
  it('runs `mlrun run --name <run> --from-env --handler <h> --origin-file <file>` in container "base"', () => {
    const { job, runName } = prepared({ kind: 'kubernetes' }, { projectSecret: 'mlrun-project-secrets-demo' });
    assert.equal(runName, 'trainer-train');
    assert.equal(container(job).name, 'base');
    assert.equal(container(job).image, 'mlrun/mlrun:1.7.0');
    assert.deepEqual(container(job).command, ['mlrun']);
    assert.deepEqual(container(job).args, ['run', '--name', 'trainer-train', '--from-env', '--handler', 'train', '--origin-file', 'src/trainer.py']);
  });

  it('is a batch/v1 Job with restartPolicy Never, backoffLimit 0, the TTL, and none of MLRun\'s mlrun/* labels', () => {
    const { job } = prepared({ kind: 'kubernetes' }, { projectSecret: 'mlrun-project-secrets-demo' });
    assert.equal(job.apiVersion, 'batch/v1');
    assert.equal(job.kind, 'Job');
    assert.equal(job.metadata.name, `trainer-train-${UID.slice(0, 8)}`);
    assert.equal(job.metadata.namespace, 'mlrun');
    assert.equal(job.spec.backoffLimit, 0);
    assert.equal(job.spec.ttlSecondsAfterFinished, 600);
    assert.equal(job.spec.template.spec.restartPolicy, 'Never');
    const labels = { ...job.metadata.labels, ...job.spec.template.metadata.labels };
    assert.deepEqual(Object.keys(labels).filter(k => k.startsWith('mlrun/')), []);
    assert.equal(labels['mlrun-secrets.io/run-uid'], UID);
  });

  it('puts the env in MLRun\'s order with the run as MLRUN_EXEC_CONFIG and the base64 code as MLRUN_EXEC_CODE', () => {
    const { job, run } = prepared({ kind: 'kubernetes' }, { projectSecret: 'mlrun-project-secrets-demo' });
    const names = container(job).env.map(e => e.name);
    assert.deepEqual(names, ['MLRUN_DEFAULT_PROJECT', 'MLRUN_EXEC_CONFIG', 'MLRUN_NAMESPACE', 'MLRUN_EXEC_CODE', 'MLRUN_K8S_SECRET__DB_PASSWORD', 'MLRUN_K8S_SECRET__API.KEY-1']);
    const env = envOf(job);
    assert.equal(env.MLRUN_DEFAULT_PROJECT, 'demo');
    assert.equal(env.MLRUN_NAMESPACE, 'mlrun');
    assert.equal(Buffer.from(String(env.MLRUN_EXEC_CODE), 'base64').toString('utf8'), CODE);
    const config = JSON.parse(String(env.MLRUN_EXEC_CONFIG));
    assert.deepEqual(config, JSON.parse(JSON.stringify(run)));
    assert.deepEqual(config, {
      metadata: { uid: UID, name: 'trainer-train', project: 'demo', labels: { kind: 'job', owner: 'alice' }, iteration: 0 },
      spec: {
        function: 'demo/trainer', handler: 'train', output_path: `/mlrun/artifacts/${UID}`, scrape_metrics: true,
        state_thresholds: { pending_scheduled: '1h', pending_not_scheduled: '-1', image_pull_backoff: '1h', executing: '24h' },
        secret_sources: [{ kind: 'inline', source: {} }, { kind: 'kubernetes', source: ['DB_PASSWORD', 'api.key-1'] }],
      },
      status: { state: 'created' },
    });
  });

  it('kubernetes provider: secretKeyRef to the project Secret, MLRUN_K8S_SECRET__<KEY upper>, no value anywhere', () => {
    const { job } = prepared({ kind: 'kubernetes' }, { projectSecret: 'mlrun-project-secrets-demo' });
    const env = envOf(job);
    assert.deepEqual(env['MLRUN_K8S_SECRET__DB_PASSWORD'], { secretKeyRef: { name: 'mlrun-project-secrets-demo', key: 'DB_PASSWORD' } });
    assert.deepEqual(env['MLRUN_K8S_SECRET__API.KEY-1'], { secretKeyRef: { name: 'mlrun-project-secrets-demo', key: 'api.key-1' } });
    assert.equal(job.spec.template.spec.volumes, undefined);
  });

  it('MLRUN_DBPATH only when the MLRun API reports its in-cluster URL, and then the run is not labelled kind: job', () => {
    const without = prepared({ kind: 'kubernetes' }, { projectSecret: 's' });
    assert.equal(envOf(without.job).MLRUN_DBPATH, undefined);
    const withDb = prepared({ kind: 'kubernetes' }, { projectSecret: 's', dbpath: 'http://mlrun-api:8080', outputPath: 's3://bucket/{{project}}/{{run.uid}}' });
    const env = envOf(withDb.job);
    assert.equal(env.MLRUN_DBPATH, 'http://mlrun-api:8080');
    assert.deepEqual(container(withDb.job).env.map(e => e.name).slice(0, 4), ['MLRUN_DEFAULT_PROJECT', 'MLRUN_EXEC_CONFIG', 'MLRUN_DBPATH', 'MLRUN_NAMESPACE']);
    const config = JSON.parse(String(env.MLRUN_EXEC_CONFIG));
    assert.deepEqual(config.metadata.labels, { owner: 'alice' });
    assert.equal(config.spec.output_path, `s3://bucket/demo/${UID}`);
  });

  it('azure_vault: the credentials Secret mounted as MLRun mounts it (E10), no env, the source by reference', () => {
    const { job } = prepared({ kind: 'azure_vault', vault: 'kv-demo', k8sSecret: 'azure-creds' }, { azureCredentialSecret: 'azure-creds' });
    assert.deepEqual(job.spec.template.spec.volumes, [{ name: 'azure-vault-secret', secret: { defaultMode: 420, secretName: 'azure-creds' } }]);
    assert.deepEqual(container(job).volumeMounts, [{ name: 'azure-vault-secret', mountPath: '/root/.mlrun/azure_vault' }]);
    assert.deepEqual(container(job).env.map(e => e.name), ['MLRUN_DEFAULT_PROJECT', 'MLRUN_EXEC_CONFIG', 'MLRUN_NAMESPACE', 'MLRUN_EXEC_CODE']);
    const config = JSON.parse(String(envOf(job).MLRUN_EXEC_CONFIG));
    assert.deepEqual(config.spec.secret_sources, [{ kind: 'inline', source: {} }, { kind: 'azure_vault', source: { name: 'kv-demo', k8s_secret: 'azure-creds', secrets: ['DB_PASSWORD', 'api.key-1'] } }]);
  });

  it('azure_vault needs a credentials Secret name', () => {
    const r = prepareKubernetesJob(inputs({ kind: 'azure_vault', vault: 'kv' }));
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error.message : '', /credentials Secret/);
  });

  it('by-value providers: literal MLRUN_K8S_SECRET__ values (unset env left out), written once, a kubernetes source listing them', () => {
    const values = new Map<string, string | null>([['DB_PASSWORD', VALUE], ['api.key-1', null]]);
    const { job } = prepared({ kind: 'local' }, { values });
    const env = envOf(job);
    assert.equal(env.MLRUN_K8S_SECRET__DB_PASSWORD, VALUE);
    assert.equal('MLRUN_K8S_SECRET__API.KEY-1' in env, false);
    assert.equal(JSON.stringify(job).split(JSON.stringify(VALUE).slice(1, -1)).length - 1, 1, 'the value appears exactly once');
    const config = JSON.parse(String(env.MLRUN_EXEC_CONFIG));
    assert.deepEqual(config.spec.secret_sources, [{ kind: 'inline', source: {} }, { kind: 'kubernetes', source: ['DB_PASSWORD', 'api.key-1'] }]);
  });

  it('keys differing only in case become one env entry (the last wins, as MLRun\'s _set_env replaces)', () => {
    const values = new Map<string, string | null>([['token', 'one-1'], ['TOKEN', 'two-2']]);
    const { job } = prepared({ kind: 'inline' }, { values });
    assert.deepEqual(container(job).env.filter(e => e.name === 'MLRUN_K8S_SECRET__TOKEN'), [{ name: 'MLRUN_K8S_SECRET__TOKEN', value: 'two-2' }]);
  });

  it('moves code too large for an env variable into a ConfigMap mounted and passed as the file', () => {
    const code = `# ${'x'.repeat(MAX_ENV_CODE_BYTES)}\ndef train(context):\n    pass\n`;
    const r = prepareKubernetesJob(inputs({ kind: 'kubernetes' }, { projectSecret: 's', code: { filename: 'src/big.py', functionName: 'big', code } }));
    assert.ok(r.ok);
    const { job, configMap } = r.value;
    assert.ok(configMap);
    assert.equal(configMap.data['big.py'], code);
    assert.equal(envOf(job).MLRUN_EXEC_CODE, undefined);
    assert.deepEqual(container(job).args, ['run', '--name', 'big-train', '--from-env', '--handler', 'train', `${CODE_MOUNT_PATH}/big.py`]);
    assert.deepEqual(job.spec.template.spec.volumes, [{ name: 'mlrun-secrets-code', configMap: { name: configMap.metadata.name } }]);
  });

  it('makes Job names valid DNS labels of at most 63 characters', () => {
    const name = jobName(`a.b_${'x'.repeat(80)}`, UID);
    assert.ok(name.length <= 63);
    assert.match(name, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    assert.ok(name.endsWith(`-${UID.slice(0, 8)}`));
  });

  it('refuses handler names that give an invalid run name', () => {
    const req = inputs({ kind: 'kubernetes' }, { projectSecret: 's' });
    req.request.handler = 'x'.repeat(70);
    const r = prepareKubernetesJob(req);
    assert.equal(r.ok, false);
  });
});
