import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createMlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import { readHandlerCode } from '../../../client/src/jobs/code';
import { startMlrunApiJob, type MlrunApiJobOptions } from '../../../client/src/jobs/mlrunApi/mlrunApiJob';
import type { JobRequest, ProviderChoice } from '../../../client/src/jobs/types';
import { withMlrunJobs, type MlrunJobsDouble } from '../../doubles/mlrun/jobs';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import { canaryValue, capturingLogger, containsCanary, instantRetry, waitFor } from '../backends/support/fixtures';
import { capturingSink, makeWorkspace, type Workspace } from './support/workspace';

/** The two-line file of docs/mlrun-facts.md §11.2. */
const TRAINER = 'def train(context, lr: float = 0.1):\n    context.log_result("lr", lr)\n';
const THRESHOLDS = { pending_scheduled: '1h', pending_not_scheduled: '-1', image_pull_backoff: '1h', executing: '24h' };

describe('MLRun API target (submit_job against the MLRun double)', function () {
  this.timeout(30_000);
  let mlrun: MlrunDouble;
  let jobs: MlrunJobsDouble;
  let ws: Workspace;
  let file: string;

  beforeEach(async () => {
    mlrun = await startMlrunDouble({ projects: ['demo'] });
    jobs = withMlrunJobs(mlrun);
    ws = makeWorkspace();
    file = ws.write('src/trainer.py', TRAINER.replaceAll('\n', '\r\n'));
  });
  afterEach(async () => {
    await jobs.idle();
    await mlrun.stop();
    ws.remove();
  });

  function start(provider: ProviderChoice, keys: string[], extra: Partial<MlrunApiJobOptions> = {}) {
    const request: JobRequest = { file, folder: ws.folder, handler: 'train', project: 'demo', provider, keys };
    const sink = capturingSink();
    const logger = capturingLogger();
    const backend = createMlrunApiBackend({ endpoint: mlrun.url, retry: instantRetry(3), logger });
    const o: MlrunApiJobOptions = {
      backend, request, filename: 'src/trainer.py', code: TRAINER.replaceAll('\n', '\r\n'), image: 'mlrun/mlrun', sink, logger, env: { USER: 'alice' },
      pollIntervalMs: 10, ...extra,
    };
    return { run: startMlrunApiJob(o), sink, logger };
  }

  it('stores the function and submits the run with the bodies of §11.3–§11.4, field by field', async () => {
    const { run, sink } = start({ kind: 'kubernetes' }, ['DB_PASSWORD']);
    const started = await run;
    assert.ok(started.ok, started.ok ? '' : started.error.message);
    const outcome = await started.value.done;
    assert.equal(outcome.state, 'completed');
    assert.match(outcome.message, /Run trainer-train completed in/);

    assert.equal(jobs.functionStores.length, 1);
    const store = jobs.functionStores[0]!;
    assert.equal(store.path, '/api/v1/projects/demo/functions/trainer');
    assert.deepEqual(store.query, { versioned: ['True'] });
    assert.equal(store.headers['x-mlrun-client-version'], '1.7.0', 'the server\'s own version from client-spec');
    assert.equal(store.headers['x-mlrun-client-python-version'], undefined);
    assert.deepEqual(JSON.parse(store.body), {
      kind: 'job',
      metadata: { name: 'trainer', tag: '', project: 'demo', credentials: { access_key: '$generate' } },
      spec: {
        command: '', image: 'mlrun/mlrun', description: '', default_handler: 'train', disable_auto_mount: false, priority_class_name: '',
        preemption_mode: 'prevent', node_selector: {}, affinity: null, tolerations: null, state_thresholds: THRESHOLDS,
        build: {
          functionSourceCode: 'ZGVmIHRyYWluKGNvbnRleHQsIGxyOiBmbG9hdCA9IDAuMSk6CiAgICBjb250ZXh0LmxvZ19yZXN1bHQoImxyIiwgbHIpCg==',
          code_origin: 'src/trainer.py', origin_filename: 'src/trainer.py',
        },
      },
      verbose: false,
    });

    assert.equal(jobs.submits.length, 1);
    const submit = jobs.submits[0]!;
    assert.equal(submit.path, '/api/v1/submit_job');
    assert.equal(submit.headers['content-type'], 'application/json');
    assert.equal(submit.headers['x-mlrun-client-version'], '1.7.0');
    const hash = jobs.functions[0]!.hash;
    assert.match(hash, /^[0-9a-f]{40}$/);
    assert.deepEqual(JSON.parse(submit.body), {
      task: {
        metadata: { uid: started.value.uid, name: 'trainer-train', project: 'demo', labels: { kind: 'job', owner: 'alice' }, iteration: 0 },
        spec: {
          function: `demo/trainer@${hash}`, handler: 'train', output_path: 'v3io:///projects/demo/artifacts', scrape_metrics: true,
          state_thresholds: THRESHOLDS,
          secret_sources: [{ kind: 'inline', source: {} }, { kind: 'kubernetes', source: ['DB_PASSWORD'] }],
        },
        status: { state: 'created' },
      },
    });
    assert.match(started.value.uid!, /^[0-9a-f]{32}$/);
    assert.equal((jobs.runs.get(started.value.uid!)!.run.metadata as any).labels['mlrun/client_version'], '1.7.0', 'the server kept it as the run label');
    assert.equal(sink.text, '> running handler train\n> handler finished\n');
  });

  it('asks the server first (client-spec, project), then stores, submits, reads logs by offset and the final run', async () => {
    const { run } = start({ kind: 'kubernetes' }, ['DB_PASSWORD']);
    const started = await run;
    assert.ok(started.ok);
    await started.value.done;
    const paths = mlrun.requests.map(r => `${r.method} ${r.url.split('?')[0]}`);
    const uid = started.value.uid!;
    const firstLogs = paths.indexOf(`GET /api/v1/projects/demo/logs/${uid}`);
    assert.deepEqual(paths.slice(0, 4), ['GET /api/v1/client-spec', 'GET /api/v1/projects/demo', 'POST /api/v1/projects/demo/functions/trainer', 'POST /api/v1/submit_job']);
    assert.ok(firstLogs > 3);
    assert.equal(paths[paths.length - 1], `GET /api/v1/projects/demo/runs/${uid}`);
    assert.match(mlrun.requests[mlrun.requests.length - 1]!.url, /\?iter=0&format=full$/);
  });

  it('takes the project\'s artifact_path over the client-spec one, templated', async () => {
    // The double's projects have no artifact_path: serve one for this project (a static route wins over :project).
    mlrun.router.add('GET', '/api/v1/projects/demo', ctx => ctx.send(200, { kind: 'project', metadata: { name: 'demo' }, spec: { artifact_path: 's3://bucket/{{run.project}}/{{run.uid}}/{{run.user}}' } }));
    const { run } = start({ kind: 'kubernetes' }, []);
    const started = await run;
    assert.ok(started.ok, started.ok ? '' : started.error.message);
    await started.value.done;
    const task = JSON.parse(jobs.submits[0]!.body).task;
    assert.equal(task.spec.output_path, `s3://bucket/demo/${started.value.uid}/alice`);
    assert.deepEqual(task.spec.secret_sources, [{ kind: 'inline', source: {} }, { kind: 'kubernetes', source: [] }]);
  });

  it('sends no x-mlrun-client-version when the server tells no version', async () => {
    mlrun.state.version = '';
    const { run } = start({ kind: 'kubernetes' }, ['DB_PASSWORD']);
    const started = await run;
    assert.ok(started.ok);
    await started.value.done;
    for (const r of [...jobs.functionStores, ...jobs.submits]) assert.equal(r.headers['x-mlrun-client-version'], undefined);
  });

  it('azure_vault travels by reference: {name, k8s_secret, secrets}', async () => {
    const { run } = start({ kind: 'azure_vault', vault: 'kv-demo', k8sSecret: 'azure-creds' }, ['db-password']);
    const started = await run;
    assert.ok(started.ok);
    await started.value.done;
    assert.deepEqual(JSON.parse(jobs.submits[0]!.body).task.spec.secret_sources,
      [{ kind: 'inline', source: {} }, { kind: 'azure_vault', source: { name: 'kv-demo', k8s_secret: 'azure-creds', secrets: ['db-password'] } }]);
  });

  it('by-value providers send an inline source (unset env → null) only in the submit body, never in a log line or URL', async () => {
    const canary = canaryValue();
    const values = new Map<string, string | null>([['DB_PASSWORD', canary], ['UNSET_VAR', null]]);
    const { run, logger, sink } = start({ kind: 'env' }, ['DB_PASSWORD', 'UNSET_VAR'], { values });
    const started = await run;
    assert.ok(started.ok);
    await started.value.done;
    const body = JSON.parse(jobs.submits[0]!.body);
    assert.deepEqual(body.task.spec.secret_sources, [{ kind: 'inline', source: { DB_PASSWORD: canary, UNSET_VAR: null } }]);
    assert.equal(containsCanary(jobs.functionStores[0]!.body, canary), false);
    assert.equal(containsCanary(logger.lines.join('\n'), canary), false);
    assert.equal(containsCanary(sink.all(), canary), false);
    assert.equal(containsCanary(mlrun.requests.map(r => r.url).join('\n'), canary), false);
    // Non-ASCII in the body is escaped as Python's json.dumps(ensure_ascii=True) writes it.
    assert.match(jobs.submits[0]!.body, /\\u00fc/);
  });

  it('streams the log by byte offset, multi-byte characters split across chunks included, until the run ends', async () => {
    jobs.executor = async r => {
      r.setState('running');
      for (const piece of ['héllo ', 'wörld 😀\n', 'line two\n']) {
        r.log(piece);
        await new Promise(res => setTimeout(res, 15));
      }
      r.setState('completed');
    };
    const { run, sink } = start({ kind: 'kubernetes' }, ['DB_PASSWORD'], { logChunkBytes: 5 });
    const started = await run;
    assert.ok(started.ok);
    const outcome = await started.value.done;
    assert.equal(outcome.state, 'completed');
    assert.equal(sink.text, 'héllo wörld 😀\nline two\n');
    const offsets = mlrun.requests.filter(r => r.url.includes('/logs/')).map(r => Number(new URL(r.url, 'http://x').searchParams.get('offset')));
    assert.deepEqual(offsets, [...offsets].sort((a, b) => a - b), 'offsets only grow');
    assert.ok(new Set(offsets).size >= 6, 'read in 5-byte chunks');
    assert.equal(Math.max(...offsets), Buffer.byteLength(sink.text));
  });

  it('reports a failed run with MLRun\'s error', async () => {
    jobs.executor = async r => {
      r.log('Traceback: boom\n');
      r.setState('error', 'ValueError: DB_PASSWORD is not set');
    };
    const { run, sink } = start({ kind: 'kubernetes' }, ['DB_PASSWORD']);
    const started = await run;
    assert.ok(started.ok);
    const outcome = await started.value.done;
    assert.equal(outcome.state, 'error');
    assert.match(outcome.message, /ended in state "error" after .*: ValueError: DB_PASSWORD is not set/);
    assert.equal(sink.text, 'Traceback: boom\n');
  });

  /** Starts a run that logs "working" and runs until aborted; resolves once it has logged. */
  async function startWorkingRun() {
    jobs.executor = async r => {
      r.setState('running');
      r.log('working\n');
      await r.aborted;
    };
    const { run, sink } = start({ kind: 'kubernetes' }, ['DB_PASSWORD']);
    const started = await run;
    assert.ok(started.ok);
    await waitFor(() => sink.text.includes('working'), 'the run to log', 10_000);
    return { job: started.value, sink };
  }

  it('cancel aborts the run with a JSON body {} and follows it to "aborted"', async () => {
    const { job, sink } = await startWorkingRun();
    const r = await job.cancel();
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const outcome = await job.done;
    assert.equal(outcome.state, 'aborted');
    assert.equal(jobs.aborts.length, 1);
    assert.equal(jobs.aborts[0]!.path, `/api/v1/projects/demo/runs/${job.uid}/abort`);
    assert.deepEqual(jobs.aborts[0]!.query, { iter: ['0'] });
    assert.equal(jobs.aborts[0]!.body, '{}');
    assert.equal(jobs.aborts[0]!.headers['content-type'], 'application/json');
    assert.ok(sink.infos.some(i => /Abort of run trainer-train requested/.test(i)));
  });

  it('cancel after the run ended: MLRun answers 202 and its background task fails ("already in terminal state")', async () => {
    const { run, sink } = start({ kind: 'kubernetes' }, ['DB_PASSWORD']);
    const started = await run;
    assert.ok(started.ok);
    const outcome = await started.value.done;
    assert.equal(outcome.state, 'completed');
    const r = await started.value.cancel();
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.deepEqual(jobs.backgroundTasks.map(t => [t.state, t.error]), [['failed', 'Run is already in terminal state, can not be aborted']]);
    assert.ok(sink.infos.some(i => /Abort of run trainer-train requested/.test(i)));
  });

  it('detach stops following without aborting', async () => {
    const { job } = await startWorkingRun();
    job.detach();
    const outcome = await job.done;
    assert.match(outcome.message, /keeps running on the MLRun API/);
    assert.equal(jobs.aborts.length, 0);
    // Let the double's executor end.
    const abort = await job.cancel();
    assert.ok(abort.ok);
  });

  it('fails clearly for a project the server does not know, and for an image-less function (MLRun\'s 400 text)', async () => {
    const backend = createMlrunApiBackend({ endpoint: mlrun.url, retry: instantRetry(1) });
    const sink = capturingSink();
    const missing = await startMlrunApiJob({
      backend, request: { file, folder: ws.folder, handler: 'train', project: 'nope', provider: { kind: 'kubernetes' }, keys: [] },
      filename: 'src/trainer.py', code: TRAINER, image: 'mlrun/mlrun', sink,
    });
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.error.message : '', /Project "nope" does not exist on the MLRun API/);
    // The older servers' wording is recognised too.
    mlrun.state.legacyNotFound = true;
    const legacy = await startMlrunApiJob({
      backend, request: { file, folder: ws.folder, handler: 'train', project: 'nope', provider: { kind: 'kubernetes' }, keys: [] },
      filename: 'src/trainer.py', code: TRAINER, image: 'mlrun/mlrun', sink,
    });
    assert.match(!legacy.ok ? legacy.error.message : '', /Project "nope" does not exist on the MLRun API/);
    mlrun.state.legacyNotFound = false;
    const noImage = await startMlrunApiJob({
      backend, request: { file, folder: ws.folder, handler: 'train', project: 'demo', provider: { kind: 'kubernetes' }, keys: [] },
      filename: 'src/trainer.py', code: TRAINER, image: '', sink,
    });
    assert.equal(noImage.ok, false);
    assert.match(!noImage.ok ? noImage.error.message : '', /MLRun rejected submitting run "trainer-train" \(400\): Runtime error: This runtime kind \(job\) must have a valid image/);
  });

  it('puts "<remote>#<sha>:<file>" in code_origin when the folder is a git repository with a remote (credentials removed)', async function () {
    try {
      execFileSync('git', ['--version']);
    } catch {
      this.skip();
    }
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.folder, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } }).toString().trim();
    git('init', '-q');
    git('remote', 'add', 'origin', 'https://user:tok3n@example.invalid/team/repo.git');
    git('add', '.');
    git('commit', '-qm', 'init');
    const sha = git('rev-parse', 'HEAD');
    const code = await readHandlerCode({ file, folder: ws.folder, handler: 'train' });
    assert.ok(code.ok);
    const { run } = start({ kind: 'kubernetes' }, [], { gitOrigin: code.value.gitOrigin, code: code.value.code });
    const started = await run;
    assert.ok(started.ok);
    await started.value.done;
    const fn = JSON.parse(jobs.functionStores[0]!.body);
    assert.equal(fn.spec.build.code_origin, `https://example.invalid/team/repo.git#${sha}:src/trainer.py`);
    assert.equal(fn.spec.build.origin_filename, 'src/trainer.py');
  });
});
