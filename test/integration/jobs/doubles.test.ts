/** The job parts of the doubles answer as the real APIs do (status codes, bodies, validation). */
import assert from 'node:assert/strict';
import { withJobs, PODS } from '../../doubles/kubernetes/jobs';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { functionHash, pyDumpsSorted, withMlrunJobs, type MlrunJobsDouble } from '../../doubles/mlrun/jobs';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { call } from '../../util/http';
import { waitFor } from '../backends/support/fixtures';

const JOB = (name: string, spec: Record<string, unknown> = {}) => JSON.stringify({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
  spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'base', image: 'img', env: [{ name: 'A', value: '1' }] }] } }, ...spec },
});

describe('Kubernetes double: Jobs, Pods, ConfigMaps and pod logs', () => {
  let k8s: KubernetesDouble;
  const kube = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    call(new URL(path, k8s.url), { method, body, ca: k8s.caPem, headers: { authorization: `Bearer ${k8s.adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers } });

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
  });
  afterEach(async () => {
    await k8s.stop();
  });

  it('validates Jobs as the API server does (422 with causes)', async () => {
    withJobs(k8s);
    const bad = await kube('POST', '/apis/batch/v1/namespaces/mlrun/jobs', JSON.stringify({
      metadata: { name: 'x'.repeat(64) },
      spec: { backoffLimit: -1, template: { spec: { restartPolicy: 'Always', containers: [{ name: 'c', env: [{ name: '1bad', value: 'v', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }] } } },
    }));
    assert.equal(bad.status, 422);
    assert.equal(bad.json.reason, 'Invalid');
    const fields = bad.json.details.causes.map((c: { field: string }) => c.field);
    assert.deepEqual(fields, ['metadata.name', 'spec.template.spec.restartPolicy', 'spec.template.spec.containers[0].image', 'spec.template.spec.containers[0].env[0].name', 'spec.template.spec.containers[0].env[0].valueFrom', 'spec.backoffLimit']);
  });

  it('runs a created Job: pod with the controller labels, log with timestamps, Complete condition; discovery lists the types', async () => {
    const jobs = withJobs(k8s);
    const created = await kube('POST', '/apis/batch/v1/namespaces/mlrun/jobs', JOB('hello'));
    assert.equal(created.status, 201);
    assert.equal(created.json.spec.completions, 1, 'defaulted');
    await waitFor(() => (k8s.state.get('batch/v1/jobs', 'mlrun', 'hello')?.status as any)?.succeeded === 1, 'the Job to complete');
    const pods = await kube('GET', '/api/v1/namespaces/mlrun/pods?labelSelector=job-name%3Dhello');
    assert.equal(pods.json.items.length, 1);
    const pod = pods.json.items[0];
    assert.equal(pod.metadata.labels['batch.kubernetes.io/controller-uid'], created.json.metadata.uid);
    assert.equal(pod.status.phase, 'Succeeded');
    assert.equal(pod.status.containerStatuses[0].state.terminated.exitCode, 0);
    const log = await kube('GET', `/api/v1/namespaces/mlrun/pods/${pod.metadata.name}/log?container=base&timestamps=true`);
    assert.equal(log.status, 200);
    assert.match(log.text, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z container base \(img\) ran/);
    assert.equal(jobs.logText('mlrun', pod.metadata.name), log.text.replace(/^\S+ /gm, ''));
    const job = await kube('GET', '/apis/batch/v1/namespaces/mlrun/jobs/hello');
    assert.deepEqual(job.json.status.conditions.map((c: { type: string }) => c.type), ['SuccessCriteriaMet', 'Complete']);
    const discovery = await kube('GET', '/apis/batch/v1');
    assert.deepEqual(discovery.json.resources.map((r: { name: string }) => r.name), ['jobs']);
    const core = await kube('GET', '/api/v1');
    assert.ok(core.json.resources.some((r: { name: string }) => r.name === 'pods/log'));
  });

  it('answers 400 for the log of a container that is waiting to start, and deletes owned pods with the Job', async () => {
    withJobs(k8s);
    await kube('POST', '/apis/batch/v1/namespaces/mlrun/jobs', JOB('waiting', {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'base', image: 'img', env: [{ name: 'S', valueFrom: { secretKeyRef: { name: 'missing', key: 'k' } } }] }] } },
    }));
    await waitFor(() => (k8s.state.list(PODS, 'mlrun')[0]?.status as any)?.containerStatuses?.[0]?.state?.waiting?.reason === 'CreateContainerConfigError', 'the waiting pod');
    const pod = k8s.state.list(PODS, 'mlrun')[0]!;
    assert.equal((pod.status as any).containerStatuses[0].state.waiting.message, 'secret "missing" not found');
    const log = await kube('GET', `/api/v1/namespaces/mlrun/pods/${pod.metadata.name}/log`);
    assert.equal(log.status, 400);
    assert.equal(log.json.message, `container "base" in pod "${pod.metadata.name}" is waiting to start: CreateContainerConfigError`);
    const del = await kube('DELETE', '/apis/batch/v1/namespaces/mlrun/jobs/waiting?propagationPolicy=Background');
    assert.equal(del.status, 200);
    assert.equal(del.json.kind, 'Job', 'jobs answer DELETE with the object');
    await waitFor(() => k8s.state.list(PODS, 'mlrun').length === 0, 'garbage collection');
  });
});

describe('MLRun double: functions, submit_job, runs, logs, abort', () => {
  let mlrun: MlrunDouble;
  let jobs: MlrunJobsDouble;
  const api = (method: string, path: string, body?: string, headers: Record<string, string> = {}) => call(new URL(`/api/v1/${path}`, mlrun.url), { method, body, headers });
  const FN = { kind: 'job', metadata: { name: 'trainer', tag: '', project: 'demo' }, spec: { image: 'mlrun/mlrun' } };

  beforeEach(async () => {
    mlrun = await startMlrunDouble({ projects: ['demo'] });
    jobs = withMlrunJobs(mlrun);
  });
  afterEach(async () => {
    await jobs.idle();
    await mlrun.stop();
  });

  it('hashes functions as fill_object_hash does (sha1 of sorted Python JSON, tag/hash/updated/status blanked)', async () => {
    assert.equal(pyDumpsSorted({ b: [1, 'ü'], a: { d: null, c: true } }), '{"a": {"c": true, "d": null}, "b": [1, "\\u00fc"]}');
    const r = await api('POST', 'projects/demo/functions/trainer?versioned=True', JSON.stringify(FN));
    assert.equal(r.status, 200);
    assert.equal(r.json.hash_key, functionHash(FN));
    const tagged = structuredClone(FN);
    tagged.metadata.tag = 'v9';
    assert.equal(functionHash(tagged), functionHash(FN), 'the tag does not change the hash');
  });

  it('store-function and submit errors: bad JSON, name conflict, missing task or project (E6: 500), no function, unknown project', async () => {
    assert.deepEqual((await api('POST', 'projects/demo/functions/trainer', 'not json')).json, { detail: { reason: 'bad JSON body' } });
    assert.deepEqual((await api('POST', 'projects/demo/functions/other', JSON.stringify(FN))).json, { detail: { reason: 'Conflict between requested name and name in function body' } });
    assert.equal((await api('POST', 'submit_job', JSON.stringify({}))).status, 500);
    assert.equal((await api('POST', 'submit_job', JSON.stringify({ task: { metadata: {} } }))).status, 500);
    const noFn = await api('POST', 'submit_job', JSON.stringify({ task: { metadata: { project: 'demo' }, spec: {} } }));
    assert.deepEqual([noFn.status, noFn.json], [400, { detail: { reason: 'bad JSON, need to include function/url and task objects' } }]);
    const noProject = await api('POST', 'submit_job', JSON.stringify({ task: { metadata: { project: 'nope' }, spec: { function: 'nope/x' } } }));
    assert.equal(noProject.status, 404);
  });

  it('runs a submitted task: state header on logs, offsets, negative offset 400, abort needs JSON and goes to aborted', async () => {
    jobs.executor = async run => {
      run.setState('running');
      run.log('abcdef');
      await run.aborted;
    };
    const stored = await api('POST', 'projects/demo/functions/trainer?versioned=True', JSON.stringify(FN));
    const submit = await api('POST', 'submit_job', JSON.stringify({ task: { metadata: { project: 'demo', uid: 'u1', name: 'r' }, spec: { function: `demo/trainer@${stored.json.hash_key}`, handler: 'train' } } }), { 'x-mlrun-client-version': '1.7.0' });
    assert.equal(submit.status, 200);
    assert.equal(submit.json.data.metadata.labels['mlrun/client_version'], '1.7.0');
    await waitFor(async () => (await api('GET', 'projects/demo/logs/u1')).text === 'abcdef', 'the log');
    const part = await api('GET', 'projects/demo/logs/u1?offset=2&size=3');
    assert.deepEqual([part.text, part.headers['x-mlrun-run-state'], part.headers['content-type']], ['cde', 'running', 'text/plain']);
    assert.equal((await api('GET', 'projects/demo/logs/u1?offset=-1')).status, 400);
    assert.deepEqual((await api('GET', 'projects/demo/logs/u1/size')).json, { size: 6 });
    assert.deepEqual((await api('POST', 'projects/demo/runs/u1/abort?iter=0')).json, { detail: { reason: 'bad JSON body' } });
    const abort = await api('POST', 'projects/demo/runs/u1/abort?iter=0', '{}', { 'content-type': 'application/json' });
    assert.equal(abort.status, 202);
    assert.equal(abort.json.kind, 'BackgroundTask');
    await waitFor(async () => (await api('GET', 'projects/demo/runs/u1')).json.data.status.state === 'aborted', 'the run to be aborted');
    // An ended run: still 202, and the background task fails with MLRun's text.
    const again = await api('POST', 'projects/demo/runs/u1/abort', '{}');
    assert.equal(again.status, 202);
    assert.equal(again.json.kind, 'BackgroundTask');
    assert.deepEqual(jobs.backgroundTasks.map(t => t.state), ['succeeded', 'failed']);
    assert.equal(jobs.backgroundTasks[1]!.error, 'Run is already in terminal state, can not be aborted');
    assert.equal((await api('GET', 'projects/demo/runs/nope')).status, 404);
  });
});
