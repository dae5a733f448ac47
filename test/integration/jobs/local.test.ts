import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeInterpreter, startLocalJob, type LocalJobOptions } from '../../../client/src/jobs/local/localJob';
import type { JobRequest, ProviderChoice } from '../../../client/src/jobs/types';
import { repoPath } from '../../util/paths';
import { canaryValue, capturingLogger, containsCanary, waitFor } from '../backends/support/fixtures';
import { snapshotTmp, tmpFilesWithCanary } from '../backends/support/tmpScan';
import { capturingSink, filesWithCanary, HASHING_HANDLER, makeWorkspace, sha256, type Workspace } from './support/workspace';

const RUNNER = repoPath('client/src/jobs/local/runner.py');
const PYTHON_DOUBLE = repoPath('test/doubles/python');

function baseEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, MLRUN_K8S_SECRET__STALE: 'left-over-from-the-parent', ...extra };
  if (!extra.PYTHONPATH) delete env.PYTHONPATH;
  return env;
}

describe('local target: a real Python process', function () {
  this.timeout(60_000);
  let ws: Workspace;
  let file: string;

  beforeEach(() => {
    ws = makeWorkspace();
    file = ws.write('src/job.py', HASHING_HANDLER);
  });
  afterEach(() => ws.remove());

  function request(handler: string, provider: ProviderChoice = { kind: 'local' }, keys = ['DB_PASSWORD']): JobRequest {
    return { file, folder: ws.folder, handler, project: 'demo', provider, keys };
  }

  function options(req: JobRequest, values: Map<string, string | null>, extra: Partial<LocalJobOptions> = {}) {
    const sink = capturingSink();
    const logger = capturingLogger();
    const o: LocalJobOptions = {
      request: req, values, python: 'python3', runnerPath: RUNNER, image: 'mlrun/mlrun', artifactPath: join(ws.folder, 'artifacts'),
      baseEnv: baseEnv(), sink, logger, ...extra,
    };
    return { o, sink, logger };
  }

  it('fallback runner: the handler reads the secret through context.get_secret; only its hash is seen, and the value is nowhere afterwards', async () => {
    const canary = canaryValue();
    const before = snapshotTmp();
    const { o, sink, logger } = options(request('train'), new Map([['DB_PASSWORD', canary]]));
    const started = await startLocalJob(o);
    assert.ok(started.ok, started.ok ? '' : started.error.message);
    const outcome = await started.value.done;
    assert.equal(outcome.state, 'completed', sink.text);
    assert.equal(outcome.exitCode, 0);
    assert.ok(outcome.durationMs > 0);
    assert.match(outcome.message, /completed in .* \(exit code 0\)/);
    assert.match(sink.text, /\[MLRun Secrets fallback runner\] mlrun is not installed/);
    assert.ok(sink.text.includes(`sha256=${sha256(canary)}`), sink.text);
    assert.match(sink.text, /value-in-argv=False/);
    assert.match(sink.text, /stale-variable=False/, 'inherited MLRUN_K8S_SECRET__ variables are removed');
    assert.match(sink.text, /secret-variables=MLRUN_K8S_SECRET__DB_PASSWORD\n/);
    assert.match(sink.text, /\[mlrun:info\] done hashing/);
    assert.match(sink.text, /state: completed; results: \{"length": \d+\}/);
    assert.match(sink.infos.join('\n'), /the fallback runner \(mlrun is not installed\); secrets: DB_PASSWORD/);
    // The value is in no output, no log line, no file of the workspace and no new temp file.
    assert.equal(containsCanary(sink.all(), canary), false);
    assert.equal(containsCanary(logger.lines.join('\n'), canary), false);
    assert.deepEqual(filesWithCanary(ws.folder, canary), []);
    assert.deepEqual(tmpFilesWithCanary(before, canary).hits, []);
  });

  for (const g of [
    { version: '1.7.0', names: ['MLRUN_K8S_SECRET__DB_PASSWORD'], plain: false, info: /as MLRUN_K8S_SECRET__<KEY>, which the interpreter's mlrun 1\.7\.0 reads/ },
    { version: '1.8.0', names: [], plain: true, info: /named after their keys, as the interpreter's mlrun 1\.8\.0 reads them/ },
    { version: '0.0.0+unstable', names: [], plain: true, info: /named after their keys, as the interpreter's mlrun 0\.0\.0\+unstable reads them/ },
  ]) it(`MLRun's local runner when mlrun ${g.version} imports (the mlrun double on PYTHONPATH): the §11.6 calls, names only`, async () => {
    const canary = canaryValue();
    const record = join(tmpdir(), `mlrun-double-record-${process.pid}-${Date.now()}.jsonl`);
    const { o, sink } = options(request('train', { kind: 'kubernetes' }), new Map([['DB_PASSWORD', canary]]), {
      baseEnv: baseEnv({ PYTHONPATH: PYTHON_DOUBLE, MLRUN_DOUBLE_RECORD: record, MLRUN_DOUBLE_VERSION: g.version }),
    });
    try {
      const started = await startLocalJob(o);
      assert.ok(started.ok, started.ok ? '' : started.error.message);
      const outcome = await started.value.done;
      assert.equal(outcome.state, 'completed', sink.text);
      assert.ok(sink.text.includes(`running src/job.py:train with MLRun ${g.version}'s local runner`), sink.text);
      assert.match(sink.infos.join('\n'), g.info);
      assert.ok(sink.text.includes(`plain-variable=${g.plain ? 'True' : 'False'}`), sink.text);
      assert.ok(sink.text.includes(`sha256=${sha256(canary)}`), sink.text);
      assert.match(sink.text, /\[MLRun Secrets\] state: completed; results: \{"length": \d+\}/);
      const text = readFileSync(record, 'utf8');
      assert.equal(containsCanary(text, canary), false, 'the double recorded no value');
      const calls = text.trim().split('\n').map(l => JSON.parse(l));
      assert.deepEqual(calls.map(c => c.event), ['code_to_function', 'new_task', 'with_secrets', 'run']);
      const [ctf, , withSecrets, run] = calls;
      assert.deepEqual(
        { name: ctf.name, project: ctf.project, filename: ctf.filename, handler: ctf.handler, kind: ctf.kind, image: ctf.image, with_doc: ctf.with_doc, cwd: ctf.cwd },
        { name: 'job', project: 'demo', filename: 'src/job.py', handler: 'train', kind: 'job', image: 'mlrun/mlrun', with_doc: false, cwd: ws.folder },
      );
      assert.deepEqual({ kind: withSecrets.kind, source: withSecrets.source }, { kind: 'kubernetes', source: ['DB_PASSWORD'] });
      assert.equal(run.local, true);
      assert.equal(run.artifact_path, join(ws.folder, 'artifacts'));
      assert.equal(run.task.metadata.uid, started.value.uid);
      assert.deepEqual(run.secret_env_names, g.names);
      assert.equal(run.mlrun_version, g.version);
    } finally {
      rmSync(record, { force: true });
    }
  });

  it('asks MLRun itself after import: an unknown version gets both names, a configured prefix is honoured', async () => {
    const canary = canaryValue();
    for (const [extraEnv, readAs, infoRe] of [
      [{ MLRUN_DOUBLE_VERSION: 'nightly' }, 'DB_PASSWORD', /under both names, MLRUN_K8S_SECRET__<KEY> and <key>: the interpreter's mlrun reports the version "nightly"/],
      [{ MLRUN_DOUBLE_VERSION: '1.8.0', MLRUN_SECRET_STORES__KUBERNETES__ENV_VARIABLE_PREFIX: 'CUSTOM_' }, 'CUSTOM_DB_PASSWORD', /named after their keys/],
      [{ MLRUN_DOUBLE_VERSION: '1.7.0', MLRUN_SECRET_STORES__KUBERNETES__ENV_VARIABLE_PREFIX: '""' }, 'DB_PASSWORD', /as MLRUN_K8S_SECRET__<KEY>/],
    ] as const) {
      const { o, sink } = options(request('train', { kind: 'kubernetes' }), new Map([['DB_PASSWORD', canary]]), { baseEnv: baseEnv({ PYTHONPATH: PYTHON_DOUBLE, ...extraEnv }) });
      const started = await startLocalJob(o);
      assert.ok(started.ok, started.ok ? '' : started.error.message);
      assert.equal((await started.value.done).state, 'completed', sink.text);
      assert.ok(sink.text.includes(`[MLRun Secrets] MLRun reads the secrets as: ${readAs}\n`), sink.text);
      assert.ok(sink.text.includes(`sha256=${sha256(canary)}`), sink.text);
      assert.match(sink.infos.join('\n'), infoRe);
      assert.equal(containsCanary(sink.all(), canary), false);
    }
  });

  it('env provider: the value under its own name too, and an env source for MLRun', async () => {
    const token = canaryValue();
    const req = request('reads_env', { kind: 'env' }, ['MY_TOKEN']);
    for (const pythonPath of [undefined, PYTHON_DOUBLE]) {
      const { o, sink } = options(req, new Map([['MY_TOKEN', token]]), { baseEnv: baseEnv(pythonPath ? { PYTHONPATH: pythonPath } : {}) });
      const started = await startLocalJob(o);
      assert.ok(started.ok);
      const outcome = await started.value.done;
      assert.equal(outcome.state, 'completed', sink.text);
      assert.ok(sink.text.includes(`own-name=${sha256(token)}`), sink.text);
      assert.ok(sink.text.includes(`via-mlrun=${sha256(token)}`), sink.text);
    }
  });

  it('a failing handler ends in state error with exit code 1 and its traceback in the output', async () => {
    const { o, sink } = options(request('fails'), new Map([['DB_PASSWORD', 'x-value']]));
    const started = await startLocalJob(o);
    assert.ok(started.ok);
    const outcome = await started.value.done;
    assert.equal(outcome.state, 'error');
    assert.equal(outcome.exitCode, 1);
    assert.match(sink.text, /RuntimeError: the handler failed on purpose/);
    assert.match(outcome.message, /failed after .* \(exit code 1\)/);
  });

  it('cancel stops the process', async () => {
    const { o, sink } = options(request('waits'), new Map(), { killGraceMs: 2000 });
    const started = await startLocalJob(o);
    assert.ok(started.ok);
    await waitFor(() => sink.text.includes('ready'), 'the handler to start', 20_000);
    const r = await started.value.cancel();
    assert.ok(r.ok);
    const outcome = await started.value.done;
    assert.equal(outcome.state, 'aborted');
    assert.match(outcome.message, /was cancelled/);
    assert.ok(outcome.durationMs < 20_000);
  });

  it('says clearly when the interpreter does not exist or is not Python', async () => {
    const missing = await probeInterpreter('/nonexistent/python3', {}, ws.folder);
    assert.equal(missing.ok, false);
    assert.match(!missing.ok ? missing.error.message : '', /Cannot start the Python interpreter "\/nonexistent\/python3" \(it was not found\)/);
    const notPython = await probeInterpreter('false', {}, ws.folder);
    assert.equal(notPython.ok, false);
    assert.match(!notPython.ok ? notPython.error.message : '', /did not run as a Python interpreter/);
    const python = await probeInterpreter('python3', { PATH: process.env.PATH ?? '' }, ws.folder);
    assert.ok(python.ok);
    assert.equal(python.value.hasMlrun, false);
    assert.match(python.value.version, /^3\./);
  });
});
