import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKubernetesBackend } from '../../../client/src/backends/load';
import { MAX_ENV_CODE_BYTES } from '../../../client/src/jobs/kubernetes/jobSpec';
import { prepareKubernetesJob, type KubernetesJobInputs } from '../../../client/src/jobs/kubernetes/prepare';
import { jobImageChoice } from '../../../client/src/jobs/mlrunVersion';
import type { JobRequest, ProviderChoice } from '../../../client/src/jobs/types';
import { CONFIG_MAPS, JOBS, PODS, withJobs, type JobsDouble } from '../../doubles/kubernetes/jobs';
import { pythonMlrunContainer } from '../../doubles/kubernetes/pythonContainer';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { canaryForms, canaryValue, capturingLogger, containsCanary, instantRetry, waitFor } from '../backends/support/fixtures';
import { capturingSink, HASHING_HANDLER, makeWorkspace, sha256, type Workspace } from './support/workspace';

const NS = 'mlrun';
const SECRET = 'mlrun-project-secrets-demo';

describe('Kubernetes target (batch/v1 Jobs against the Kubernetes double)', function () {
  this.timeout(60_000);
  const mod = loadKubernetesBackend();
  let k8s: KubernetesDouble;
  let jobs: JobsDouble;
  let ws: Workspace;
  let record: string;

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
    record = join(tmpdir(), `mlrun-double-pod-${process.pid}-${Date.now()}.jsonl`);
    jobs = withJobs(k8s, { program: pythonMlrunContainer({ recordFile: record }) });
    ws = makeWorkspace();
  });
  afterEach(async () => {
    jobs.stop();
    await jobs.idle();
    await k8s.stop();
    ws.remove();
    rmSync(record, { force: true });
  });

  function prepare(provider: ProviderChoice, keys: string[], extra: Partial<KubernetesJobInputs> = {}, handler = 'train', code = HASHING_HANDLER) {
    const file = ws.write('src/trainer.py', code);
    const request: JobRequest = { file, folder: ws.folder, handler, project: 'demo', provider, keys };
    const image = extra.image ?? 'mlrun/mlrun:1.7.0';
    const r = prepareKubernetesJob({
      request, code: { filename: 'src/trainer.py', functionName: 'trainer', code }, namespace: NS, image, ttlSecondsAfterFinished: 300,
      projectSecret: provider.kind === 'kubernetes' ? SECRET : undefined, env: { USER: 'alice' }, naming: jobImageChoice(image, ''), ...extra,
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.value;
  }

  async function start(p: ReturnType<typeof prepare>, values?: readonly string[]) {
    const sink = capturingSink();
    const logger = capturingLogger();
    const backend = mod.createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: NS, retry: instantRetry(2), logger });
    const started = await mod.startKubernetesJob({ backend, job: p.job, configMap: p.configMap, uid: p.uid, sink, logger, pollIntervalMs: 25, values });
    assert.ok(started.ok, started.ok ? '' : started.error.message);
    return { job: started.value, sink, logger };
  }

  it('kubernetes provider: the pod gets the value through secretKeyRef; the stored Job and Pod hold no value anywhere', async () => {
    const canary = canaryValue();
    k8s.state.putSecret(NS, SECRET, { DB_PASSWORD: canary, OTHER: 'not-listed-value' });
    const p = prepare({ kind: 'kubernetes' }, ['DB_PASSWORD']);
    const { job, sink, logger } = await start(p);
    const outcome = await job.done;
    assert.equal(outcome.state, 'completed', sink.all());
    assert.equal(outcome.exitCode, 0);
    assert.ok(sink.text.includes(`sha256=${sha256(canary)}`), sink.all());
    assert.match(sink.text, /secret-variables=MLRUN_K8S_SECRET__DB_PASSWORD\n/);
    assert.match(sink.text, /mlrun double: run [0-9a-f]{32} completed/);
    assert.ok(sink.infos.some(i => i.startsWith(`Created Job ${NS}/${p.job.metadata.name}`)));
    // Field by field: what the API server stored is what was built.
    const stored = k8s.state.get(JOBS, NS, p.job.metadata.name)!;
    assert.deepEqual((stored.spec as any).template.spec.containers, p.job.spec.template.spec.containers);
    assert.equal((stored.spec as any).backoffLimit, 0);
    assert.equal((stored.spec as any).ttlSecondsAfterFinished, 300);
    assert.equal((stored.status as any).succeeded, 1);
    const pod = k8s.state.list(PODS, NS)[0]!;
    for (const o of [stored, pod, p.job]) {
      const text = JSON.stringify(o);
      assert.equal(containsCanary(text, canary), false, 'no value in the Job or Pod spec');
      for (const form of canaryForms(canary)) assert.ok(!text.includes(form.slice(0, 16)));
    }
    assert.equal(containsCanary(logger.lines.join('\n'), canary), false);
    // The pod ran `mlrun run --from-env` the way MLRun's pods do.
    const calls = readFileSync(record, 'utf8').trim().split('\n').map(l => JSON.parse(l));
    const run = calls.find(c => c.event === 'mlrun run');
    assert.deepEqual(run.argv, ['run', '--name', 'trainer-train', '--from-env', '--handler', 'train', '--origin-file', 'src/trainer.py']);
    assert.equal(run.has_code, true);
    assert.equal(run.default_project, 'demo');
    assert.equal(run.dbpath, null);
    assert.deepEqual(run.config.spec.secret_sources, [{ kind: 'inline', source: {} }, { kind: 'kubernetes', source: ['DB_PASSWORD'] }]);
    assert.deepEqual(run.secret_env_names, ['MLRUN_K8S_SECRET__DB_PASSWORD']);
  });

  it('by-value providers: the literal values are the only place the value is written', async () => {
    const canary = canaryValue();
    const p = prepare({ kind: 'local' }, ['DB_PASSWORD'], { values: new Map([['DB_PASSWORD', canary]]) });
    const { job, sink, logger } = await start(p, [canary]);
    const outcome = await job.done;
    assert.equal(outcome.state, 'completed', sink.all());
    assert.ok(sink.text.includes(`sha256=${sha256(canary)}`));
    const env = (k8s.state.get(JOBS, NS, p.job.metadata.name)!.spec as any).template.spec.containers[0].env as { name: string; value?: string }[];
    assert.deepEqual(env.filter(e => e.value === canary).map(e => e.name), ['MLRUN_K8S_SECRET__DB_PASSWORD']);
    assert.equal(containsCanary(JSON.stringify(env.filter(e => e.value !== canary)), canary), false);
    assert.equal(containsCanary(logger.lines.join('\n'), canary), false);
  });

  // The pod's MLRun (the Python double) plays the image tag's version; an untagged image is a current (1.8+) one.
  const GENERATIONS: { image: string; names: RegExp; plain: boolean; what: string }[] = [
    { image: 'mlrun/mlrun:1.7.0', names: /secret-variables=MLRUN_K8S_SECRET__DB_PASSWORD\n/, plain: false, what: 'MLRun 1.7 reads MLRUN_K8S_SECRET__<KEY>' },
    { image: 'mlrun/mlrun:1.8.0', names: /secret-variables=\n/, plain: true, what: 'MLRun 1.8 reads the key itself' },
    { image: 'mlrun/mlrun:1.10.1', names: /secret-variables=\n/, plain: true, what: 'later releases keep the 1.8 rule' },
    { image: 'mlrun/mlrun', names: /secret-variables=MLRUN_K8S_SECRET__DB_PASSWORD\n/, plain: true, what: 'an untagged image gets both names' },
  ];
  for (const g of GENERATIONS) {
    it(`${g.image}: ${g.what} — context.get_secret gets the value through secretKeyRef and from a by-value provider`, async () => {
      const canary = canaryValue();
      k8s.state.putSecret(NS, SECRET, { DB_PASSWORD: canary });
      for (const p of [prepare({ kind: 'kubernetes' }, ['DB_PASSWORD'], { image: g.image }), prepare({ kind: 'local' }, ['DB_PASSWORD'], { image: g.image, values: new Map([['DB_PASSWORD', canary]]) })]) {
        const { job, sink } = await start(p, p.job.metadata.annotations['mlrun-secrets.io/provider'] === 'local' ? [canary] : undefined);
        const outcome = await job.done;
        assert.equal(outcome.state, 'completed', sink.all());
        assert.ok(sink.text.includes(`sha256=${sha256(canary)}`), sink.all());
        assert.match(sink.text, g.names);
        assert.ok(sink.text.includes(`plain-variable=${g.plain ? 'True' : 'False'}`), sink.all());
      }
      const versions = readFileSync(record, 'utf8').trim().split('\n').map(l => JSON.parse(l)).filter(c => c.event === 'mlrun run').map(c => c.mlrun_version);
      assert.deepEqual(versions, [g.image.includes(':') ? g.image.split(':')[1] : '1.8.0', g.image.includes(':') ? g.image.split(':')[1] : '1.8.0']);
    });
  }

  it('drift fails: a Job named by the 1.7 rule gets nothing from an MLRun 1.8 image', async () => {
    k8s.state.putSecret(NS, SECRET, { DB_PASSWORD: 'v-drift-1' });
    const p = prepare({ kind: 'kubernetes' }, ['DB_PASSWORD'], { image: 'mlrun/mlrun:1.8.0', naming: jobImageChoice('mlrun/mlrun:1.7.0', '') });
    const { job, sink } = await start(p);
    const outcome = await job.done;
    assert.equal(outcome.state, 'error', sink.all());
    assert.match(sink.text, /ValueError: DB_PASSWORD is not set/);
  });

  it('a key missing from the project Secret leaves the pod waiting (reported), and cancel deletes the Job and its pod', async () => {
    k8s.state.putSecret(NS, SECRET, { OTHER: 'x' });
    const p = prepare({ kind: 'kubernetes' }, ['DB_PASSWORD']);
    const { job, sink } = await start(p);
    await waitFor(() => sink.infos.some(i => i.includes('CreateContainerConfigError')), 'the waiting reason', 10_000);
    assert.ok(sink.infos.some(i => i.includes(`couldn't find key DB_PASSWORD in Secret ${NS}/${SECRET}`)), sink.infos.join('\n'));
    const r = await job.cancel();
    assert.ok(r.ok);
    const outcome = await job.done;
    assert.equal(outcome.state, 'aborted');
    await waitFor(() => k8s.state.list(PODS, NS).length === 0, 'the pod to be garbage-collected');
    assert.equal(k8s.state.get(JOBS, NS, p.job.metadata.name), undefined);
    const del = k8s.requests.find(q => q.method === 'DELETE')!;
    assert.match(del.url, new RegExp(`^/apis/batch/v1/namespaces/${NS}/jobs/${p.job.metadata.name}\\?propagationPolicy=Background$`));
  });

  it('cancel of a running container stops it', async () => {
    k8s.state.putSecret(NS, SECRET, { DB_PASSWORD: 'v-1234' });
    const p = prepare({ kind: 'kubernetes' }, ['DB_PASSWORD'], {}, 'waits');
    const { job, sink } = await start(p);
    await waitFor(() => sink.text.includes('ready'), 'the handler to start', 20_000);
    assert.ok((await job.cancel()).ok);
    const outcome = await job.done;
    assert.equal(outcome.state, 'aborted');
    assert.match(outcome.message, /cancelled \(deleted\)/);
  });

  it('a failing handler fails the Job with the container\'s exit code', async () => {
    k8s.state.putSecret(NS, SECRET, { DB_PASSWORD: 'v-1234' });
    const p = prepare({ kind: 'kubernetes' }, ['DB_PASSWORD'], {}, 'fails');
    const { job, sink } = await start(p);
    const outcome = await job.done;
    assert.equal(outcome.state, 'error');
    assert.equal(outcome.exitCode, 1);
    assert.match(outcome.message, /failed after .* \(exit code 1\): Job has reached the specified backoff limit/);
    assert.match(sink.text, /RuntimeError: the handler failed on purpose/);
  });

  it('follows the log again when the stream closes early, without repeating or losing lines', async () => {
    jobs.cutFollowAfterLines = 2;
    jobs.program = async run => {
      for (let i = 1; i <= 7; i++) {
        run.log(`line ${i}\n`);
        await new Promise(r => setTimeout(r, 30));
      }
      return 0;
    };
    const p = prepare({ kind: 'local' }, [], { values: new Map() });
    const { job, sink } = await start(p);
    const outcome = await job.done;
    assert.equal(outcome.state, 'completed');
    assert.equal(sink.text, [1, 2, 3, 4, 5, 6, 7].map(i => `line ${i}\n`).join(''));
    assert.ok(k8s.requests.filter(r => r.url.includes('/log?')).length >= 3, 'several log requests');
  });

  it('azure_vault: the pod mounts the credentials Secret at /root/.mlrun/azure_vault (E10)', async () => {
    k8s.state.putSecret(NS, 'azure-creds', { tenant_id: 't', client_id: 'c', secret: 's-cred-value' });
    let files: Record<string, string> = {};
    let env: Record<string, string> = {};
    jobs.program = async run => {
      files = run.files;
      env = run.env;
      return 0;
    };
    const p = prepare({ kind: 'azure_vault', vault: 'kv-demo', k8sSecret: 'azure-creds' }, ['db-password'], { azureCredentialSecret: 'azure-creds' });
    const { job } = await start(p);
    assert.equal((await job.done).state, 'completed');
    assert.deepEqual(Object.keys(files).sort(), ['/root/.mlrun/azure_vault/client_id', '/root/.mlrun/azure_vault/secret', '/root/.mlrun/azure_vault/tenant_id']);
    assert.deepEqual(Object.keys(env).filter(k => k.startsWith('AZURE') || k.startsWith('MLRUN_K8S_SECRET__')), []);
  });

  it('large code goes into a ConfigMap owned by the Job, mounted and passed as the file; it goes with the Job', async () => {
    const code = `# ${'x'.repeat(MAX_ENV_CODE_BYTES)}\ndef train(context):\n    pass\n`;
    let seen: { files: Record<string, string>; args: string[] } | undefined;
    let release!: () => void;
    const hold = new Promise<void>(r => (release = r));
    jobs.program = async run => {
      seen = { files: run.files, args: run.container.args ?? [] };
      await hold;
      return 0;
    };
    const p = prepare({ kind: 'local' }, [], { values: new Map() }, 'train', code);
    assert.ok(p.configMap);
    const { job } = await start(p);
    await waitFor(() => seen !== undefined, 'the container to start');
    assert.equal(seen!.files['/mlrun-secrets/code/trainer.py'], code);
    assert.equal(seen!.args[seen!.args.length - 1], '/mlrun-secrets/code/trainer.py');
    const cm = k8s.state.get(CONFIG_MAPS, NS, p.configMap.metadata.name)!;
    const jobUid = k8s.state.get(JOBS, NS, p.job.metadata.name)!.metadata.uid;
    assert.deepEqual((cm.metadata.ownerReferences as any[]).map(o => [o.kind, o.name, o.uid]), [['Job', p.job.metadata.name, jobUid]]);
    assert.ok((await job.cancel()).ok);
    release();
    await waitFor(() => k8s.state.get(CONFIG_MAPS, NS, p.configMap!.metadata.name) === undefined, 'the ConfigMap to be garbage-collected');
  });

  it('reports an image that cannot be pulled while the pod waits', async () => {
    jobs.failingImages.add('mlrun/mlrun:1.7.0');
    const p = prepare({ kind: 'local' }, [], { values: new Map() });
    const { job, sink } = await start(p);
    await waitFor(() => sink.infos.some(i => i.includes('ErrImagePull')), 'the pull error', 10_000);
    assert.ok((await job.cancel()).ok);
  });

  it('fails clearly when the Job is refused (RBAC) and creates nothing', async () => {
    const token = 'no-jobs-token';
    k8s.state.addToken(token, { name: 'reader', rules: [{ verbs: ['get', 'list'], resources: ['*'] }] });
    const kubeconfig = k8s.writeKubeconfig({ token, fileName: 'reader.yaml' });
    const p = prepare({ kind: 'local' }, [], { values: new Map() });
    const backend = mod.createKubernetesBackend({ kubeconfigPath: kubeconfig, namespace: NS, retry: instantRetry(1) });
    const r = await mod.startKubernetesJob({ backend, job: p.job, uid: p.uid, sink: capturingSink() });
    assert.equal(r.ok, false);
    assert.match(!r.ok ? r.error.message : '', /Kubernetes denied creating Job "trainer-train-[0-9a-f]{8}" \(403\)/);
    assert.equal(k8s.state.list(JOBS, NS).length, 0);
  });
});
