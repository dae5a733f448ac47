import assert from 'node:assert/strict';
import { createKubernetesBackend } from '../../../client/src/backends/kubernetes';
import { createLocalBackend } from '../../../client/src/backends/local';
import { createMlrunApiBackend } from '../../../client/src/backends/mlrunApi';
import type { Result, SecretBackend } from '../../../client/src/backends/types';
import { startKubernetesDouble, type KubernetesDouble } from '../../doubles/kubernetes/server';
import { startMlrunDouble, type MlrunDouble } from '../../doubles/mlrun/server';
import type { RequestRecord } from '../../doubles/router';
import { canaryValue, capturingLogger, containsCanary, instantRetry, MemoryStore, type CapturingLogger } from './support/fixtures';
import { snapshotTmp, tmpFilesWithCanary } from './support/tmpScan';

/**
 * A canary value set through each backend, including through failures whose server text echoes it, must appear in
 * no log line, no error message, no URL the backend requested, and no new or changed file under os.tmpdir().
 */
describe('a canary value never leaves memory (logs, errors, URLs, temp files)', () => {
  let k8s: KubernetesDouble;
  let mlrun: MlrunDouble;

  beforeEach(async () => {
    k8s = await startKubernetesDouble();
    mlrun = await startMlrunDouble({ kube: k8s.state, projects: ['canary'] });
  });
  afterEach(async () => {
    await Promise.all([mlrun.stop(), k8s.stop()]);
  });

  async function exercise(backend: SecretBackend, canary: string, echo: () => void): Promise<string[]> {
    const texts: string[] = [];
    const note = <T>(r: Result<T>): Result<T> => {
      texts.push(JSON.stringify(r, (_k, v) => (v instanceof Map ? '[values]' : v)));
      if (!r.ok) texts.push(r.error.message);
      return r;
    };
    assert.ok(note(await backend.setSecrets('canary', new Map([['CANARY', canary], ['OTHER', 'x']]))).ok);
    note(await backend.listKeys('canary'));
    if (backend.readValues) {
      const read = await backend.readValues('canary', ['CANARY']);
      assert.ok(read.ok);
      assert.equal(read.value.get('CANARY'), canary, 'the value round-trips exactly');
    }
    echo();
    const failed = note(await backend.setSecrets('canary', new Map([['CANARY', canary]])));
    assert.equal(failed.ok, false, 'the echoing failure surfaced');
    note(await backend.setSecrets('canary', new Map([['mlrun.bad', canary]])));
    note(await backend.setSecrets('canary', new Map([['bad key', canary]])));
    note(await backend.deleteSecrets('canary', ['CANARY']));
    return texts;
  }

  function assertClean(canary: string, logger: CapturingLogger, texts: string[], requests: RequestRecord[], before: ReturnType<typeof snapshotTmp>): void {
    for (const line of logger.lines) assert.ok(!containsCanary(line, canary), `log line leaks: ${line}`);
    assert.ok(logger.lines.length > 0);
    for (const t of texts) assert.ok(!containsCanary(t, canary), `result/error text leaks: ${t}`);
    for (const r of requests) assert.ok(!containsCanary(r.url, canary), `URL leaks: ${r.url}`);
    const { hits } = tmpFilesWithCanary(before, canary);
    assert.deepEqual(hits, [], 'no temp file holds the canary');
  }

  it('Kubernetes backend', async () => {
    const canary = canaryValue();
    const before = snapshotTmp();
    const logger = capturingLogger();
    const b = createKubernetesBackend({ kubeconfigPath: k8s.kubeconfigPath, namespace: 'mlrun', logger, retry: instantRetry(2) });
    const texts = await exercise(b, canary, () => {
      k8s.faults.add({ method: 'PATCH', times: 1, action: { kind: 'status', status: 422, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Invalid', code: 422, message: `Secret "x" is invalid: data[CANARY]: Invalid value: ${JSON.stringify(canary)} / ${Buffer.from(canary).toString('base64')}` } } });
    });
    k8s.faults.clear();
    assertClean(canary, logger, texts, k8s.requests, before);
  });

  it('MLRun API backend', async () => {
    const canary = canaryValue();
    const before = snapshotTmp();
    const logger = capturingLogger();
    const b = createMlrunApiBackend({ endpoint: mlrun.url, logger, retry: instantRetry(2) });
    const texts = await exercise(b, canary, () => {
      mlrun.faults.add({ method: 'POST', times: 2, action: { kind: 'status', status: 500, body: { detail: `MLRunInternalServerError('could not store ${JSON.stringify(canary).slice(1, -1)}')` } } });
    });
    assertClean(canary, logger, texts, mlrun.requests, before);
  });

  it('local backend', async () => {
    const canary = canaryValue();
    const before = snapshotTmp();
    const logger = capturingLogger();
    const store = new MemoryStore();
    const b = createLocalBackend({ store, logger });
    const texts = await exercise(b, canary, () => {
      store.failStoreAt = 1;
    });
    assertClean(canary, logger, texts, [], before);
  });
});
